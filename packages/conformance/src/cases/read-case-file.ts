/**
 * The conformance runner's reader of CASES.md files: core's `parseCaseFile` (tensor decoding,
 * types, sizes) after the stricter checks of `validate.ts`. A UTF-8 byte-order mark is skipped
 * (JSON allows a parser to ignore one; Windows editors write it).
 */
import { CaseFormatError, parseCaseFile, type OpCase } from '@dcnn/core';
import { validateCaseJson } from './validate.js';

/** Bare NaN / Infinity, as Python's `json.dumps` writes them: not JSON. */
const BARE_NON_FINITE = /[[:,]\s*-?(NaN|Infinity)\s*[,\]}]/;

export function readCaseFile(text: string, file: string): OpCase[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const hint = BARE_NON_FINITE.test(body)
      ? ' (NaN and Infinity are not JSON: write them as the strings "NaN", "Infinity", "-Infinity" in values, or use base64 data)'
      : '';
    throw new CaseFormatError({ op: 'case-file', arg: `${file}: JSON`, expected: `valid JSON${hint}`, actual: JSON.stringify((error as Error).message) });
  }
  validateCaseJson(json, file);
  return parseCaseFile(body, file);
}
