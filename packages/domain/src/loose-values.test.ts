import { describe, expect, it } from 'vitest';
import { excelSerialToDate, normalizeText, parseLooseDate, parseLooseNumber, smallNumber } from './loose-values.ts';

describe('dates as offices type them', () => {
  const cases: [string, string | null][] = [
    ['2013年6月30日', '2013-06-30'],
    ['２０１３年６月３０日', '2013-06-30'],
    ['2013-6-30', '2013-06-30'],
    ['2013/06/30', '2013-06-30'],
    ['2013.6.30', '2013-06-30'],
    ['20130630', '2013-06-30'],
    [' 2013年 6月 30号 ', '2013-06-30'],
    ['6月底', '2013-06-30'],
    ['六月底', '2013-06-30'],
    ['2月底', '2013-02-28'],
    ['12月末', '2013-12-31'],
    ['十二月份', '2013-12-31'],
    ['6月30日前', '2013-06-30'],
    ['6月上旬', '2013-06-10'],
    ['6月中旬', '2013-06-20'],
    ['9月下旬', '2013-09-30'],
    ['年底', '2013-12-31'],
    ['2014年底', '2014-12-31'],
    ['上半年', '2013-06-30'],
    ['三季度末', '2013-09-30'],
    ['第一季度', '2013-03-31'],
    ['6/30', '2013-06-30'],
    ['41455', '2013-06-30'],
    ['2013年2月30日', null],
    ['2013年13月1日', null],
    ['尽快', null],
    ['', null],
    ['长期', null],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${want ?? 'not a date'}`, () => {
      const r = parseLooseDate(input, 2013);
      expect(r.ok ? r.date : null).toBe(want);
    });
  }
  it('Excel serials: 1 Jan 2013 is 41275', () => {
    expect(excelSerialToDate(41275)).toBe('2013-01-01');
    expect(excelSerialToDate(-3)).toBeNull();
  });
});

describe('numbers and text', () => {
  it('folds full-width characters and ideographic spaces', () => {
    expect(normalizeText('　乾佑镇　人民政府 ')).toBe('乾佑镇 人民政府');
    expect(normalizeText('ＡＢＣ１２３')).toBe('ABC123');
  });
  it('reads loose numbers', () => {
    expect(parseLooseNumber('1,234.5')).toBe(1234.5);
    expect(parseLooseNumber('１２')).toBe(12);
    expect(parseLooseNumber('85%')).toBe(85);
    expect(parseLooseNumber('1.2万')).toBe(12000);
    expect(parseLooseNumber('十二')).toBeNull();
    expect(parseLooseNumber('abc')).toBeNull();
    expect(parseLooseNumber(7)).toBe(7);
  });
  it('reads small Chinese numerals', () => {
    expect(smallNumber('十二')).toBe(12);
    expect(smallNumber('二十一')).toBe(21);
    expect(smallNumber('七')).toBe(7);
    expect(smallNumber('百')).toBeNull();
  });
});
