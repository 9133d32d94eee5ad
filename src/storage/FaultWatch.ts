import type { Clock } from '../clock.js';
import { asStorageFault, type StorageProblem } from './StorageFault.js';

/** The disk's last refusal, until a write succeeds again: what /healthz shows an operator. */
export interface StorageStatus {
  problem: StorageProblem;
  detail: string;
  since: number;
}

/**
 * Watches every durable write of a storage: a refusal becomes a StorageFault and is remembered until a
 * write works again — for a replaced history file, a write to that file (an outbox write succeeding says
 * nothing about it).
 */
export class FaultWatch {
  private readonly byFile = new Map<string, StorageStatus>();
  /** Every failed write, whatever the cause, for /metrics. */
  failures = 0;

  constructor(private readonly clock: Clock) {}

  get status(): StorageStatus | undefined {
    return this.byFile.values().next().value;
  }

  async watch<T>(write: Promise<T>, file: string): Promise<T> {
    try {
      const result = await write;
      this.byFile.delete(file);
      // A full, read-only or refused disk is the folder's condition: any write that works says it is over.
      for (const [other, status] of this.byFile) if (status.problem !== 'moved') this.byFile.delete(other);
      return result;
    } catch (err) {
      this.failures++;
      const fault = asStorageFault(err, file);
      if (!fault) throw err;
      if (this.byFile.get(file)?.problem !== fault.problem)
        this.byFile.set(file, { problem: fault.problem, detail: fault.message, since: this.clock() });
      throw fault;
    }
  }
}
