import type { TestContext } from 'node:test';
import fc from 'fast-check';

/** Cases per property; FUZZ_RUNS raises it for a long soak (the default keeps `npm test` quick). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/**
 * Shrinking a counterexample costs one request per step; for long strings that can run for
 * minutes, so a property gets this long in all and then fails with the smallest case found so far.
 */
const TIME_LIMIT_MS = Math.max(20_000, FUZZ_RUNS * 50);

/**
 * Checks a property on FUZZ_RUNS generated cases after the pinned `examples` (FUZZ_SEED replays a
 * failure fast-check reported) and records how many ran, so the count can be read off the output.
 */
export async function fuzz<T>(
  t: TestContext,
  cases: fc.Arbitrary<T>,
  check: (value: T) => Promise<void> | void,
  examples: T[] = [],
): Promise<void> {
  let ran = 0;
  const property = fc.asyncProperty(cases, async (value) => {
    ran += 1;
    await check(value);
  });
  await fc.assert(property, {
    numRuns: FUZZ_RUNS,
    examples: examples.map((e) => [e]),
    includeErrorInReport: true,
    plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS, { failOnInterrupt: true })],
    ...(process.env.FUZZ_SEED && { seed: Number(process.env.FUZZ_SEED) }),
  });
  t.diagnostic(`${ran} cases`);
}
