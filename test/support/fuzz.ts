/**
 * Arbitraries for hostile requests: random and boundary JSON, huge and deeply nested bodies,
 * unicode edge cases (lone surrogates, NUL, direction marks), wrong types, invalid JSON text,
 * wrong content types, malformed URLs and query strings.
 */
import fc from 'fast-check';
import type { RouteCall } from './routes.ts';

/** Strings that have broken servers before. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDC00x',
  'x\uDBFF',
  '\uFEFF',
  '\u202E\u202D',
  '\u200B',
  '\u2028\u2029',
  '\u0085',
  '\uFFFF\uFFFE',
  '😀',
  '𠜎𠜱',
  'e\u0301',
  '\r\n\t',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%_\\',
  '${x}{{x}}',
  '../../etc/passwd',
  '柞水县人民政府',
  'null',
  'true',
  '-1',
  '1e999',
  'NaN',
  '__proto__',
  'x'.repeat(300),
];

export const EDGE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -1e308,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  5e-324,
];

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

export const edgeString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => '长'.repeat(n)) },
);

/** Any JSON value, with the edge strings and numbers mixed in. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    edgeString,
    fc.constantFrom(...EDGE_NUMBERS),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(edgeString, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Invalid JSON text and JSON that is valid but hostile. */
export const INVALID_JSON = [
  '{',
  '{"a":}',
  'nul',
  "{'a':1}",
  '[1,]',
  '{"a":1}garbage',
  'NaN',
  '1e999',
  '"\\ud800"',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '\uFEFF{}',
  '{"a":"\\u0000"}',
  '\u0000',
  '   ',
];

/** A request body: the raw payload and the content type it claims to be. */
export interface FuzzBody {
  payload?: string | Buffer;
  contentType?: string;
}

/** Starts from the route's valid body and breaks one field, or replaces the body with something hostile. */
export function bodyArb(seed: RouteCall): fc.Arbitrary<string | Buffer | undefined> {
  const base = seed.body && typeof seed.body === 'object' && !Array.isArray(seed.body) ? (seed.body as Record<string, unknown>) : {};
  const keys = Object.keys(base);
  const key = keys.length ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 });
  const json = (v: unknown) => JSON.stringify(v);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(key, jsonValue).map(([k, v]) => json({ ...base, [k]: v })) },
    { weight: 2, arbitrary: fc.constant(json(base)) },
    { weight: 3, arbitrary: jsonValue.map(json) },
    { weight: 1, arbitrary: fc.array(jsonValue, { maxLength: 5 }).map(json) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 50_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 20_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...(keys.length ? keys : ['name'])), fc.integer({ min: 60_000, max: 1_200_000 }))
        .map(([k, n]) => json({ ...base, [k]: 'x'.repeat(n) })),
    },
    { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...INVALID_JSON), fc.string({ maxLength: 40 })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export const contentTypeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/json;;;',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=luoshi',
      'application/octet-stream',
      'application/xml',
      '*/*',
      '',
    ),
  },
  { weight: 1, arbitrary: printable },
);

/** Percent-encodes the UTF-8 bytes of a string; lone surrogates go out as U+FFFD like a browser sends them. */
export function encode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
}

/** Raw URL pieces that are not valid percent-encoding or push the router's limits. */
export const RAW_URL_PIECES = ['%', '%E0%A4%A', '%00', '%ZZ', '%ED%A0%80', '%FF', '..', '.', '%2F', '%2e%2e', 'a'.repeat(201)];

/** One path parameter: a real id, random text, or a malformed URL piece. */
export function paramArb(realIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...realIds).map(encode) },
    { weight: 3, arbitrary: edgeString.filter((s) => s.length > 0 && s.length < 1000).map(encode) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_URL_PIECES) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/) },
  );
}

/** A query string: the route's own keys and random ones, with hostile values, sometimes repeated. */
export function queryArb(seed: RouteCall): fc.Arbitrary<string> {
  const known = Object.keys(seed.query ?? {});
  const keys = [...known, 'limit', 'cursor', 'q', 'unitId', 'kind', 'includeInactive'];
  const value = fc.oneof(
    edgeString.filter((s) => s.length < 5_000).map(encode),
    fc.constantFrom(...EDGE_NUMBERS).map((n) => encode(String(n))),
    fc.constantFrom('1e21', '99999999999999999999', '-1', '0', '500', '501', 'true', 'false', 'town', '1.5', '0x10'),
    fc.constantFrom(...RAW_URL_PIECES),
  );
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 }).map(encode)), value);
  return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length ? '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&') : ''));
}

export const acceptLanguageArb = fc.option(
  fc.oneof(fc.constantFrom('en', 'zh-CN', 'en-US,en;q=0.9', 'en;q=abc', '*', 'fr,de;q=0.1', 'zh;q=0,en'), printable),
  { nil: undefined },
);
