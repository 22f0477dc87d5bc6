import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NODE_TYPES, OBSTACLE_KINDS, PRIORITIES, SOURCE_KINDS } from './tasks.ts';
import { TASK_SHEET_COLUMNS, findHeaderRow, matchHeader, normalizeHeader } from './task-sheet.ts';
import { formatTaskRow, parseDateCell, parseTaskRow, splitNames, type SheetCells, type TaskSheetValues } from './task-sheet-row.ts';

const all = (cells: SheetCells): SheetCells => Object.fromEntries(TASK_SHEET_COLUMNS.map((c) => [c.key, cells[c.key] ?? null]));

describe('finding the columns of a 任务分解表', () => {
  it('normalises header text: full-width, spaces, line breaks, required marks and notes', () => {
    expect(normalizeHeader(' 计划\n完成 ')).toBe('计划完成');
    expect(normalizeHeader('*编　号')).toBe('编号');
    expect(normalizeHeader('计划完成（必填）')).toBe('计划完成');
    expect(normalizeHeader('Due Date')).toBe('duedate');
  });

  it('accepts the common synonyms', () => {
    expect(matchHeader('序号')?.key).toBe('code');
    expect(matchHeader('责任单位')?.key).toBe('leadUnit');
    expect(matchHeader('完成时限')?.key).toBe('plannedEnd');
    expect(matchHeader('配合\n单位')?.key).toBe('cooperatingUnits');
    expect(matchHeader('备注')).toBeNull();
  });

  it('finds the header row below a title row, in any column order, extra columns ignored', () => {
    const rows = [
      ['柞水县2013年政府工作执行年任务分解表', '', '', ''],
      ['', '', '', ''],
      ['备注', '完成时限', '任务名称', '序号', '责任单位'],
      ['', '6月底', '县城供热', '1', '住建局'],
    ];
    const m = findHeaderRow(rows)!;
    expect(m.rowIndex).toBe(2);
    expect(m.columns).toEqual({ plannedEnd: 1, title: 2, code: 3, leadUnit: 4 });
    expect(m.headers.plannedEnd).toBe('完成时限');
  });

  it('prefers Luoshi’s own header to a synonym, and reports a column named twice', () => {
    const m = findHeaderRow([['序号', '编号', '任务名称', '任务名称']])!;
    expect(m.columns.code).toBe(1);
    expect(m.duplicates).toEqual([{ key: 'title', header: '任务名称', col: 3 }]);
  });

  it('finds no header in a sheet of data', () => {
    expect(findHeaderRow([['1', '县城供热', '2013-06-30']])).toBeNull();
  });
});

describe('reading the cells of a row', () => {
  it('reads dates typed as text, as date cells and as serials, in the campaign year', () => {
    expect(parseDateCell('2013年6月30日', 2013)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell('6月底', 2014)).toEqual({ ok: true, date: '2014-06-30' });
    expect(parseDateCell('三季度末', 2013)).toEqual({ ok: true, date: '2013-09-30' });
    expect(parseDateCell('２０１３．６．３０', 2013)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell({ date: '2013-06-30' }, 2013)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell(41455, 2013)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell(41455.99, 2013)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell(39993, 2013, true)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell(20130630, 2013)).toEqual({ ok: true, date: '2013-06-30' });
    expect(parseDateCell('　', 2013)).toEqual({ ok: true, date: null });
  });

  it('refuses numbers that only look like dates', () => {
    expect(parseDateCell(2013, 2013).ok).toBe(false);
    expect(parseDateCell(6.3, 2013).ok).toBe(false);
    expect(parseDateCell('6月31日', 2013).ok).toBe(false);
    expect(parseDateCell('尽快', 2013).ok).toBe(false);
  });

  it('splits cooperating units on 、,; and line breaks, full-width too', () => {
    expect(splitNames('发改局、环保局，国土局;  水务局\n乾佑镇；发改局')).toEqual(['发改局', '环保局', '国土局', '水务局', '乾佑镇']);
  });

  it('reads a typical row with full-width digits and spaces', () => {
    const { row, issues } = parseTaskRow(
      all({ code: '１．２　', nodeType: '任务', title: '  县城滨河路改造，全长３．２公里 ', leadUnit: '住 建 局', principal: '王　建国', target: '３．２', indicatorName: '改造长度', plannedEnd: '10月底', weight: '２' }),
      { year: 2013 },
    );
    expect(issues).toEqual([]);
    expect(row).toMatchObject({ code: '1.2', nodeType: 'task', title: '县城滨河路改造，全长３．２公里', leadUnit: '住建局', principal: '王建国', plannedEnd: '2013-10-31', weight: 2 });
    expect(row.indicators).toEqual([{ name: '改造长度', unit: '', target: 3.2, baseline: null }]);
  });

  it('collects every problem of a row, each with its column', () => {
    const { issues } = parseTaskRow(all({ code: '', nodeType: '大项', plannedEnd: '尽快', weight: '很重', priority: '最高' }), { year: 2013 });
    expect(issues.map((i) => i.column)).toEqual(['code', 'nodeType', 'priority', 'plannedEnd', 'weight']);
    expect(issues[1]!.zh).toBe('无法识别的层级“大项”,可填:目标、项目、任务、时间节点、难题');
    expect(issues[3]!.zh).toContain('无法识别的日期“尽快”');
  });

  it('needs as many lines of indicator values as indicator names', () => {
    const ok = parseTaskRow(all({ code: '1', nodeType: '项目', indicatorName: '供热面积\n新增用户', indicatorUnit: '万平方米\n户', target: '30\n', baseline: '' }), { year: 2013 });
    expect(ok.issues).toEqual([]);
    expect(ok.row.indicators).toEqual([
      { name: '供热面积', unit: '万平方米', target: 30, baseline: null },
      { name: '新增用户', unit: '户', target: null, baseline: null },
    ]);
    const bad = parseTaskRow(all({ code: '1', nodeType: '项目', indicatorName: '供热面积\n新增用户', target: '30\n2000\n5' }), { year: 2013 });
    expect(bad.issues).toEqual([{ column: 'target', zh: '指标名称有 2 行,此列有 3 行,须逐行对应', en: '2 indicator names but 3 lines here; they must correspond line by line' }]);
  });

  it('leaves a field undefined when its column is not in the sheet', () => {
    const { row } = parseTaskRow({ code: '1', nodeType: '目标', title: '目标一', plannedEnd: null }, { year: 2013 });
    expect(row.leadUnit).toBeUndefined();
    expect(row.weight).toBeUndefined();
    expect(row.plannedEnd).toBeNull();
  });
});

describe('writing and reading back', () => {
  const text = fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s\u0000-\u001f\u200b-\u200d\ufeff、,，;；]/g, '')).filter((s) => s.length > 0);
  const name = fc.stringMatching(/^[\u4e00-\u9fa5]{2,4}$/);
  const num = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.double({ min: 0, max: 1e6, noNaN: true }).map((n) => Math.round(n * 100) / 100));
  const day = fc.date({ min: new Date('2012-01-01T00:00:00Z'), max: new Date('2015-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const values: fc.Arbitrary<TaskSheetValues> = fc.record({
    code: fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }).map((p) => p.join('.')),
    nodeType: fc.constantFrom(...NODE_TYPES),
    title: text,
    description: fc.array(text, { maxLength: 3 }).map((l) => l.join('\n')),
    stream: fc.option(text),
    sourceKind: fc.constantFrom(...SOURCE_KINDS),
    sourceRef: fc.option(text),
    list: fc.option(text),
    priority: fc.constantFrom(...PRIORITIES),
    leadUnit: fc.option(name),
    cooperatingUnits: fc.uniqueArray(name, { maxLength: 3 }),
    principal: fc.option(name),
    deputy: fc.option(name),
    handler: fc.option(name),
    acceptanceStandard: fc.option(text).map((t) => t ?? ''),
    indicators: fc.array(fc.record({ name: text, unit: fc.option(text).map((t) => t ?? ''), target: fc.option(num), baseline: fc.option(num) }), { maxLength: 3 }),
    plannedStart: fc.option(day),
    plannedEnd: fc.option(day),
    weight: fc.double({ min: 0, max: 1000, noNaN: true }).map((n) => Math.round(n * 10) / 10),
    obstacleKind: fc.option(fc.constantFrom(...OBSTACLE_KINDS)),
    coordinator: fc.option(name),
  });

  it('parseTaskRow reads what formatTaskRow writes, for any row', () => {
    fc.assert(
      fc.property(values, (v) => {
        const { row, issues } = parseTaskRow(formatTaskRow(v), { year: 2013 });
        expect(issues).toEqual([]);
        expect(row).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});
