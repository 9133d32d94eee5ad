let failures = 0;

/** A write to DATA_DIR failed (disk full, read-only, removed): counted for /metrics, whichever file it was. */
export function countWriteFailure(): void {
  failures++;
}

/** Failed writes since the process started. */
export function writeFailures(): number {
  return failures;
}
