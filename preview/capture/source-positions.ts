/**
 * Locations shown to the user, mapped back to TypeScript. Under the fast loader (`loader/register.js`) stack
 * traces carry the transpiled JavaScript's positions and nothing maps them while the program runs; the
 * loader maps a position here, when it is shown. Under ts-node (which maps every stack itself) or for plain
 * JavaScript programs, positions pass through unchanged.
 */
interface Position {
  file: string;
  line: number;
  column: number;
}

interface FastLoader {
  originalPosition(file: string, line: number, column: number): Position | undefined;
  mapStack(stack: string): string;
}

function loader(): FastLoader | undefined {
  return (globalThis as Record<symbol, FastLoader | undefined>)[Symbol.for("dockyard.loader")];
}

/** The TypeScript position of a stack frame's position (the same position when it has no map). */
export function originalPosition<T extends Position>(frame: T): T {
  const mapped = loader()?.originalPosition(frame.file, frame.line, frame.column);
  return mapped ? { ...frame, ...mapped } : frame;
}

/** An `Error.stack` text with TypeScript positions, for printing (`--debug`). */
export function readableStack(stack: string): string {
  return loader()?.mapStack(stack) ?? stack;
}
