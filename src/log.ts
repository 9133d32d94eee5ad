import pino from 'pino';

export type Logger = pino.Logger;

/**
 * pino because it is fast on the callback's hot path and redacts by path. Secrets should never be
 * handed to the logger at all; redaction is the second fence, not the first.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['*.secret', '*.token', '*.encodingAESKey', '*.access_token', '*.key', 'query.access_token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
