// Validates report.json files against the schema in the repository, with a maintained JSON-schema validator.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { REPO } from './cli-run';

const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'upgrade-report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

export function assertValidReport(report: unknown): void {
  const ok = validate(report);
  assert.ok(ok, `report.json does not match schemas/upgrade-report.schema.json:\n${JSON.stringify(validate.errors, null, 2)}`);
}

/** A self-contained page: nothing it would load from anywhere (no src, no link, no url(), no remote href). */
export function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b/i, 'no element that loads anything');
  assert.doesNotMatch(html, /\burl\(/i, 'no CSS url()');
  assert.doesNotMatch(html, /href="(?!#)/i, 'only in-page links');
  assert.doesNotMatch(html, /@import/i);
}
