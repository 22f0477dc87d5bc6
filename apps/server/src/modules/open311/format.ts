/**
 * Open311 GeoReport v2 representations: the JSON and XML shapes the specification gives, dates
 * as ISO 8601 with the county's offset (2013-05-01T09:00:00+08:00), and its error list format.
 */
import { zoneOffsetMinutes } from '@luoshi/domain';

export type Format = 'json' | 'xml';
export const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** An instant in ISO 8601 with the offset of the time zone, e.g. 2013-05-01T09:00:00+08:00. */
export function w3cDate(iso: string | null, timeZone = 'Asia/Shanghai'): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  const off = zoneOffsetMinutes(d, timeZone);
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 19);
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** A calendar date as the end of that day in the county, for expected_datetime. */
export function w3cEndOfDay(date: string | null, timeZone = 'Asia/Shanghai'): string | null {
  if (!date) return null;
  const off = zoneOffsetMinutes(new Date(`${date}T12:00:00Z`), timeZone);
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${date}T23:59:59${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function esc(s: string): string {
  // characters XML 1.0 does not allow are dropped; markup characters escaped
  return s.replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

function node(name: string, v: Value, itemName: (parent: string) => string): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => node(itemName(name), x, itemName)).join('')}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => node(k, x, itemName)).join('')}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

const ITEM: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

/** The XML document for a root element and its list of items (or one object). */
export function toXml(root: string, v: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${node(root, v, (p) => ITEM[p] ?? 'item')}`;
}

export interface Open311Error {
  code: number;
  description: string;
}
