// Validates SiteResults against the published JSON Schema (schema/site-result.schema.json).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SiteResult } from '../../src/types.ts';

const schema = JSON.parse(readFileSync(new URL('../../schema/site-result.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => void;
addFormats(ajv);
const validate = ajv.compile(schema);

/** Returns the schema errors as readable lines; empty when valid. */
export function schemaErrors(result: SiteResult | unknown): string[] {
  if (validate(result)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
