/**
 * Names in a sheet to records: units by full or short name, people by name (first among the lead
 * unit's people; a name that still fits several people is an error, never a guess), content
 * streams by title or key, project lists by name. Every lookup compares names the same way the
 * sheet reader normalises them (width folded, spaces dropped).
 */
import { nameKey, normalizeText } from '@luoshi/domain';
import type { PersonInfo, SheetContext, UnitInfo } from './lookups.ts';

export type Found<T> = { ok: true; value: T } | { ok: false; zh: string; en: string };

function index<T>(items: T[], keys: (t: T) => (string | null)[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const k of new Set(keys(item).filter((x): x is string => !!x).map(nameKey))) map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

export class Resolver {
  private units: Map<string, UnitInfo[]>;
  private people: Map<string, PersonInfo[]>;
  private streams: Map<string, string>;
  private lists: Map<string, string>;

  constructor(ctx: SheetContext) {
    this.units = index(ctx.units, (u) => [u.name, u.shortName]);
    this.people = index(ctx.people, (p) => [p.name]);
    this.streams = new Map();
    for (const s of ctx.campaign.streams) {
      this.streams.set(normalizeText(s.key).toLowerCase(), s.key);
      this.streams.set(normalizeText(s.title).toLowerCase(), s.key);
    }
    this.lists = new Map(ctx.lists.map((l) => [nameKey(l.name), l.id]));
  }

  unit(name: string): Found<string> {
    const hits = this.units.get(nameKey(name)) ?? [];
    if (hits.length === 1) return { ok: true, value: hits[0]!.id };
    const active = hits.filter((u) => u.active);
    if (active.length === 1) return { ok: true, value: active[0]!.id };
    if (hits.length === 0) return { ok: false, zh: `找不到单位“${name}”`, en: `no unit named "${name}"` };
    return { ok: false, zh: `“${name}”对应多个单位,请写单位全称`, en: `"${name}" names several units; use the full name` };
  }

  /** A person for a role of a task led by `leadUnitId`: the lead unit's people first. */
  person(name: string, leadUnitId: string | null, opts: { countyLeader?: boolean } = {}): Found<string> {
    let hits = this.people.get(nameKey(name)) ?? [];
    if (hits.length === 0) return { ok: false, zh: `找不到人员“${name}”`, en: `no person named "${name}"` };
    const narrow = (f: (p: PersonInfo) => boolean) => {
      const kept = hits.filter(f);
      if (kept.length) hits = kept;
    };
    narrow((p) => p.active);
    if (leadUnitId) narrow((p) => p.unitIds.has(leadUnitId));
    if (opts.countyLeader) narrow((p) => p.countyLeader);
    if (hits.length === 1) return { ok: true, value: hits[0]!.id };
    return {
      ok: false,
      zh: `“${name}”有 ${hits.length} 人同名,无法确定是哪一位`,
      en: `${hits.length} people are named "${name}"; cannot tell which one is meant`,
    };
  }

  stream(text: string): Found<string> {
    const key = this.streams.get(normalizeText(text).toLowerCase());
    return key ? { ok: true, value: key } : { ok: false, zh: `活动中没有内容流“${text}”`, en: `the campaign has no content stream "${text}"` };
  }

  list(name: string): Found<string> {
    const id = this.lists.get(nameKey(name));
    return id ? { ok: true, value: id } : { ok: false, zh: `活动中没有项目清单“${name}”`, en: `the campaign has no project list "${name}"` };
  }
}
