import type { Clock } from '../clock.js';
import { asStorageFault, type StorageProblem } from './StorageFault.js';

/** The disk's last refusal, until a write succeeds again: what /healthz shows an operator. */
export interface StorageStatus {
  problem: StorageProblem;
  detail: string;
  since: number;
}

/** Watches every durable write of a storage: a refusal becomes a StorageFault and is remembered until a write works. */
export class FaultWatch {
  private current?: StorageStatus;
  /** Every failed write, whatever the cause, for /metrics. */
  failures = 0;

  constructor(private readonly clock: Clock) {}

  get status(): StorageStatus | undefined {
    return this.current;
  }

  async watch<T>(write: Promise<T>, file: string): Promise<T> {
    try {
      const result = await write;
      this.current = undefined;
      return result;
    } catch (err) {
      this.failures++;
      const fault = asStorageFault(err, file);
      if (!fault) throw err;
      if (this.current?.problem !== fault.problem)
        this.current = { problem: fault.problem, detail: fault.message, since: this.clock() };
      throw fault;
    }
  }
}
