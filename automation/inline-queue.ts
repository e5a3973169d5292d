/**
 * Inline programs run inside this process, and the Pulumi Node.js runtime keeps one global state (engine and
 * monitor addresses, config, the root stack resource). Two inline operations at once would overwrite each
 * other's state, so they take turns here. Local-program operations run in their own process and never wait.
 */

let tail: Promise<void> = Promise.resolve();

/**
 * Runs `task` after every inline operation queued before it has settled. If `signal` aborts while waiting,
 * the task never starts and the call rejects with `onAbort()`.
 */
export function runInlineExclusive<T>(task: () => Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  const previous = tail;
  let release: () => void = () => undefined;
  tail = new Promise<void>((resolve) => (release = resolve));
  const turn = new Promise<void>((resolve, reject) => {
    const onAbortWhileWaiting = () => reject(onAbort());
    signal?.addEventListener("abort", onAbortWhileWaiting, { once: true });
    void previous.then(() => {
      signal?.removeEventListener("abort", onAbortWhileWaiting);
      if (signal?.aborted) reject(onAbort());
      else resolve();
    });
  });
  // The next in line may start as soon as this one settles, whether it ran, failed or was cancelled
  // while waiting (then only after everything before it, so the order is kept).
  return turn.then(task).finally(() => void previous.then(release));
}
