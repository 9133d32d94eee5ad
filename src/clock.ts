/** Unix milliseconds. Injected everywhere time matters so tests never depend on the machine's clock. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
