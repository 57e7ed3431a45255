/**
 * A JSON-Schema validator with ajv's API and messages that never evaluates generated code, for the app's browser
 * build: ajv compiles each schema with `new Function`, which the app's Content-Security-Policy (no 'unsafe-eval',
 * csp.config.js) forbids. vite.config.ts aliases 'ajv' to this file outside tests, so core code keeps importing
 * ajv; Node (CLI, training-node, vitest) uses the real ajv, and tests/core/schema/ajv-lite.test.ts checks that both
 * give the same verdicts and messages on every schema the app validates.
 *
 * Covers the keywords those schemas use: type (incl. integer, null, lists), properties, required,
 * additionalProperties (boolean or schema), items, enum, const, pattern, min/maxLength, minimum/maximum,
 * min/maxItems; annotations ($schema, $id, title, description, default, examples) are ignored. Any other keyword
 * throws at compile time, so a schema that outgrows this file fails loudly instead of validating less.
 *
 * Non-goals: $ref, combinators, formats, coercion, defaults. Shape legend: errors are ajv's ErrorObject subset
 * ({instancePath, keyword, message, params}); instancePath is a JSON pointer ("/files/0/sha256").
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

/** One validation error, as ajv reports it. */
export interface ErrorObject {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

/** A compiled schema: true when `data` is valid; the errors of the last call are in `.errors`. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', '$comment']);
const KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems']);

/** JSON type names of a value, as JSON Schema sees them ('integer' also counts as 'number'). */
function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      throw new Error(`ajv-lite: unknown type "${type}"`);
  }
}

/** Deep equality of JSON values (enum, const). */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => equal(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal((a as Schema)[k], (b as Schema)[k]));
}

/** Length in code points, as ajv counts string length (ucs2length). */
const codePoints = (s: string) => [...s].length;

const pointer = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Throws unless every keyword of `schema` (and its subschemas) is one this file implements. */
function checkSupported(schema: unknown, at: string): void {
  if (typeof schema === 'boolean') return;
  if (typeof schema !== 'object' || schema === null) throw new Error(`ajv-lite: schema at ${at || '#'} is not an object`);
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`ajv-lite: keyword "${key}" at ${at || '#'} is not supported (this build validates without eval)`);
  }
  const s = schema as Schema;
  for (const [name, sub] of Object.entries((s.properties as Schema | undefined) ?? {})) checkSupported(sub, `${at}/properties/${name}`);
  if (typeof s.additionalProperties === 'object') checkSupported(s.additionalProperties, `${at}/additionalProperties`);
  if (s.items !== undefined) checkSupported(s.items, `${at}/items`);
  if (s.pattern !== undefined) new RegExp(s.pattern as string, 'u');
}

function validate(schema: Schema | boolean, data: unknown, path: string, schemaPath: string, errors: ErrorObject[], allErrors: boolean): boolean {
  if (schema === true) return true;
  if (schema === false) {
    errors.push({ instancePath: path, schemaPath, keyword: 'false schema', params: {}, message: 'boolean schema is false' });
    return false;
  }
  const before = errors.length;
  const fail = (keyword: string, params: Record<string, unknown>, message: string) => {
    errors.push({ instancePath: path, schemaPath: `${schemaPath}/${keyword}`, keyword, params, message });
  };
  const done = () => !allErrors && errors.length > before;

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(data, t))) {
      fail('type', { type: types.join(',') }, `must be ${types.join(',')}`);
      if (!allErrors) return false; // with allErrors ajv still checks const/enum; the rest is guarded by type below
    }
  }
  if (schema.const !== undefined && !equal(data, schema.const)) fail('const', { allowedValue: schema.const }, 'must be equal to constant');
  if (done()) return false;
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((v) => equal(data, v))) fail('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');
  if (done()) return false;

  if (typeof data === 'string') {
    const n = schema.maxLength !== undefined || schema.minLength !== undefined ? codePoints(data) : 0;
    if (schema.maxLength !== undefined && n > (schema.maxLength as number)) fail('maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`);
    if (done()) return false;
    if (schema.minLength !== undefined && n < (schema.minLength as number)) fail('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
    if (done()) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern as string, 'u').test(data)) fail('pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
    if (done()) return false;
  }
  if (typeof data === 'number') {
    if (schema.maximum !== undefined && data > (schema.maximum as number)) fail('maximum', { comparison: '<=', limit: schema.maximum }, `must be <= ${schema.maximum}`);
    if (done()) return false;
    if (schema.minimum !== undefined && data < (schema.minimum as number)) fail('minimum', { comparison: '>=', limit: schema.minimum }, `must be >= ${schema.minimum}`);
    if (done()) return false;
  }
  if (Array.isArray(data)) {
    if (schema.maxItems !== undefined && data.length > (schema.maxItems as number)) fail('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    if (done()) return false;
    if (schema.minItems !== undefined && data.length < (schema.minItems as number)) fail('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    if (done()) return false;
    if (schema.items !== undefined) {
      for (let i = 0; i < data.length; i++) {
        validate(schema.items as Schema, data[i], pointer(path, i), `${schemaPath}/items`, errors, allErrors);
        if (done()) return false;
      }
    }
  }
  if (typeMatches(data, 'object')) {
    const obj = data as Record<string, unknown>;
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!Object.prototype.hasOwnProperty.call(obj, name)) fail('required', { missingProperty: name }, `must have required property '${name}'`);
      if (done()) return false;
    }
    const additional = schema.additionalProperties;
    if (additional !== undefined && additional !== true) {
      for (const key of Object.keys(obj)) {
        if (Object.prototype.hasOwnProperty.call(props, key)) continue;
        if (additional === false) fail('additionalProperties', { additionalProperty: key }, 'must NOT have additional properties');
        else validate(additional as Schema, obj[key], pointer(path, key), `${schemaPath}/additionalProperties`, errors, allErrors);
        if (done()) return false;
      }
    }
    for (const [name, sub] of Object.entries(props)) {
      if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
      validate(sub, obj[name], pointer(path, name), `${schemaPath}/properties/${name}`, errors, allErrors);
      if (done()) return false;
    }
  }
  return errors.length === before;
}

/** ajv's class surface as the core uses it: `new Ajv(opts).compile(schema)` and `errorsText`. */
export default class Ajv {
  private readonly allErrors: boolean;

  constructor(options: { allErrors?: boolean; strict?: boolean } = {}) {
    this.allErrors = options.allErrors ?? false;
  }

  /** A validator for `schema` (throws when the schema uses a keyword this file does not implement). */
  compile<T = unknown>(schema: object): ValidateFunction & ((data: unknown) => data is T) {
    checkSupported(schema, '');
    const fn = ((data: unknown) => {
      const errors: ErrorObject[] = [];
      const valid = validate(schema as Schema, data as Json, '', '#', errors, this.allErrors);
      fn.errors = valid ? null : errors;
      return valid;
    }) as ValidateFunction & ((data: unknown) => data is T);
    return fn;
  }

  /** Errors as one line, in ajv's wording: "<dataVar><path> <message>, …". */
  errorsText(errors?: ErrorObject[] | null, options: { dataVar?: string; separator?: string } = {}): string {
    if (!errors || errors.length === 0) return 'No errors';
    const dataVar = options.dataVar ?? 'data';
    return errors.map((e) => `${dataVar}${e.instancePath} ${e.message}`).join(options.separator ?? ', ');
  }
}
