/**
 * Parse and validate a model's JSON answer against the task's schema with ajv. Constrained decoding should make
 * this always pass; it is checked anyway because answers cross a worker boundary and backends can be swapped.
 *
 * Non-goals: content checks (evidence.ts and the task checkers). Errors are data (Result) so a batch records them and goes on.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { err, ok, type Result } from '../result';
import type { JsonSchema } from './schemas';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

/** Validate any value against a JSON schema; compiled validators are cached by schema text. */
export function validateJson<T>(schema: JsonSchema, value: unknown, what = 'answer'): Result<T> {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (validate(value)) return ok(value as T);
  return err({ code: 'llm/schema-invalid', message: `The model's ${what} does not match its schema: ${ajv.errorsText(validate.errors, { dataVar: what })}` });
}

/** JSON.parse then validate; a truncated or non-JSON answer is an expected failure with a clear message. */
export function parseAnswer<T>(schema: JsonSchema, text: string, what = 'answer'): Result<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err({ code: 'llm/not-json', message: `The model's ${what} is not valid JSON (${(e as Error).message}); was the generation cut off by maxTokens?` });
  }
  return validateJson<T>(schema, value, what);
}
