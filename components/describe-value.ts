/** Renders a received value for an error message (`got "abc"`, `got 3`, `is missing`). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "is missing";
  return `got ${JSON.stringify(value)}`;
}
