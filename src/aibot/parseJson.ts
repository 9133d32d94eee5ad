import type { z } from 'zod';
import { CallbackError } from '../wecom/CallbackError.js';

/** JSON text checked against a schema; anything else is a 400 naming the first field that is wrong, never its value. */
export function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CallbackError(400, `${what} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new CallbackError(400, `${what}: ${issue.path.join('.') || 'value'} is missing or of the wrong type`);
}
