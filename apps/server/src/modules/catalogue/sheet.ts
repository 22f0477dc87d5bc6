/**
 * The catalogue as an .xlsx sheet, in and out with the same columns (SPEC §11: what is exported
 * imports back). Every value is written as text or a number, never a formula; an import refuses
 * formula cells. An import is all rows or none: any row error and nothing is saved.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/excel.ts';
import { LuoshiError, type FieldIssue } from '@luoshi/domain';
import { catalogue } from '@luoshi/contracts';
import type { CatalogueItemsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { listItems, rowOf } from './items.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

const COLUMNS = [
  ['code', '事项编码 Code'],
  ['name', '事项名称 Name'],
  ['kind', '类别 Kind'],
  ['unit', '实施单位 Unit'],
  ['legalBasis', '设定依据 Legal basis'],
  ['materials', '申请材料(每行一项)Materials'],
  ['steps', '办理流程(每行一步)Steps'],
  ['legalDays', '法定时限(日)Legal days'],
  ['promisedDays', '承诺时限(日)Promised days'],
  ['fee', '收费 Fee'],
  ['decision', '清理决定 Decision'],
  ['decisionOn', '决定日期 Decision date'],
  ['decisionNote', '说明 Note'],
  ['published', '公开 Published'],
] as const;

const kindByLabel = new Map(Object.entries(catalogue.ITEM_KIND_LABELS).map(([k, v]) => [v, k]));
const decisionByLabel = new Map(Object.entries(catalogue.DECISION_LABELS).map(([k, v]) => [v, k]));

export async function catalogueWorkbook(db: Kysely<DB>): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('审批事项目录');
  ws.addRow(COLUMNS.map((c) => c[1]));
  ws.getRow(1).font = { bold: true };
  for (const it of (await listItems(db, {})).items) {
    ws.addRow([
      it.code,
      it.name,
      catalogue.ITEM_KIND_LABELS[it.kind],
      it.unitName,
      it.legalBasis,
      it.materials.join('\n'),
      it.steps.join('\n'),
      it.legalDays,
      it.promisedDays,
      it.fee,
      it.decision ? catalogue.DECISION_LABELS[it.decision] : '',
      it.decisionOn ?? '',
      it.decisionNote,
      it.published ? '是' : '否',
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = [14, 30, 10, 24, 40, 40, 40, 10, 10, 12, 10, 12, 30, 8][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('').trim();
  return String(v);
}

/** Reads and checks every row; saves all (upsert by code) or, on any error, nothing. */
export async function importCatalogue(tx: Tx, data: Buffer, dryRun: boolean) {
  requireCan(tx.actor, 'catalogue.manage');
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new LuoshiError('UNSUPPORTED_MEDIA_TYPE', { issues: [{ path: 'file', zh: '不是有效的 .xlsx 文件', en: 'not a valid .xlsx file' }] });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'file', zh: '文件中没有工作表', en: 'the file has no sheet' }] });
  const units = new Map((await tx.db.selectFrom('units').select(['id', 'name', 'short_name']).where('active', '=', 1).execute()).flatMap((u) => [[u.name, u.id], ...(u.short_name ? [[u.short_name, u.id] as const] : [])]));
  const issues: FieldIssue[] = [];
  const parsed: { row: number; body: ReturnType<typeof catalogue.ItemBody.parse>; decision: string | null; decisionOn: string | null; note: string }[] = [];
  const seen = new Set<string>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cell = (i: number) => row.getCell(i + 1);
    const cells = COLUMNS.map((_, i) => cell(i).value);
    if (cells.every((v) => text(v) === '')) return;
    const bad = (col: number, zh: string, en: string) => issues.push({ path: `第${n}行 row ${n}: ${COLUMNS[col]![1]}`, zh, en });
    cells.forEach((v, i) => {
      if (v && typeof v === 'object' && 'formula' in v) bad(i, '不接受公式,请填写值', 'formulas are not accepted; enter the value');
    });
    const num = (i: number) => {
      const s = text(cells[i]!);
      if (!s) return null;
      const x = Number(s);
      if (!Number.isInteger(x) || x < 0) {
        bad(i, '须为非负整数', 'must be a whole number');
        return null;
      }
      return x;
    };
    const code = text(cells[0]!);
    if (seen.has(code)) bad(0, '编码在表中重复', 'the code repeats in the sheet');
    seen.add(code);
    const kind = kindByLabel.get(text(cells[2]!)) ?? (text(cells[2]!) === '' ? 'licence' : null);
    if (!kind) bad(2, '类别不认识', 'unknown kind');
    const unitId = units.get(text(cells[3]!));
    if (!unitId) bad(3, '实施单位不存在', 'no such unit');
    const lines = (i: number) => text(cells[i]!).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    const candidate = {
      code,
      name: text(cells[1]!),
      kind: kind ?? 'licence',
      unitId: unitId ?? 'x',
      legalBasis: text(cells[4]!),
      materials: lines(5),
      steps: lines(6),
      legalDays: num(7),
      promisedDays: num(8),
      fee: text(cells[9]!),
      published: ['是', 'yes', 'true', '1'].includes(text(cells[13]!).toLowerCase()),
    };
    const r = catalogue.ItemBody.safeParse(candidate);
    if (!r.success) for (const i of r.error.issues) issues.push({ path: `第${n}行 row ${n}: ${String(i.path[0] ?? '')}`, zh: '内容为空、过长或格式不正确', en: i.message });
    const dText = text(cells[10]!);
    const decision = dText ? (decisionByLabel.get(dText) ?? null) : null;
    if (dText && !decision) bad(10, '清理决定应为 保留/合并/取消/下放/简化', 'decision must be one of 保留/合并/取消/下放/简化');
    const decisionOn = text(cells[11]!) || null;
    if (decisionOn && !/^\d{4}-\d{2}-\d{2}$/.test(decisionOn)) bad(11, '日期格式应为 2013-06-30', 'dates are written 2013-06-30');
    if (decision && !decisionOn) bad(11, '有清理决定时须填写日期', 'a decision needs its date');
    if (r.success && candidate.promisedDays !== null && candidate.legalDays !== null && candidate.promisedDays > candidate.legalDays) bad(8, '承诺时限不能长于法定时限', 'the promised time cannot exceed the legal limit');
    if (r.success) parsed.push({ row: n, body: r.data, decision, decisionOn, note: text(cells[12]!) });
  });
  if (issues.length) throw new LuoshiError('VALIDATION_FAILED', { issues: issues.slice(0, 200) });
  let created = 0;
  let updated = 0;
  for (const p of parsed) {
    const before = await tx.db.selectFrom('catalogue_items').selectAll().where('code', '=', p.body.code).executeTakeFirst();
    const base = rowOf(p.body, before?.id ?? newId(tx.now.getTime()), tx.nowIso);
    const row: CatalogueItemsTable = { ...base, decision: p.decision, decision_on: p.decisionOn, decision_note: p.note, created_at: before?.created_at ?? tx.nowIso, row_version: before ? before.row_version + 1 : 1 };
    if (dryRun) {
      if (before) updated++;
      else created++;
      continue;
    }
    if (before) {
      const { id: _id, ...set } = row;
      await tx.db.updateTable('catalogue_items').set(set).where('id', '=', before.id).execute();
      await tx.audit({ action: 'catalogue.import.update', entityType: 'catalogue_item', entityId: before.id, before, after: row });
      updated++;
    } else {
      await tx.db.insertInto('catalogue_items').values(row).execute();
      await tx.audit({ action: 'catalogue.import.create', entityType: 'catalogue_item', entityId: row.id, after: row });
      created++;
    }
  }
  return { created, updated, dryRun };
}
