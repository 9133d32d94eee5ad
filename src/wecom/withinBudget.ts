export const TIMED_OUT = Symbol('timed out');

/** The work's result if it is ready within `ms`; otherwise TIMED_OUT, and the work carries on unwatched. */
export function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  // One promise and one timer, no Promise.race: this runs on every callback.
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms, TIMED_OUT);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
