import { describe, expect, it } from 'vitest';
import { mostSimilar, shingles, textSimilarity } from './similarity.ts';

const LAMP = '乾佑镇幸福小区门口的路灯坏了好几天,晚上出行很不方便,请尽快维修。';
const LAMP_AGAIN = '幸福小区大门口路灯已经坏了一周,晚上黑漆漆的,老人孩子出门很不方便。';
const LAMP_OTHER_TOWN = '营盘镇街道上有三盏路灯不亮,希望有关部门修一下。';
const TRASH = '乾佑镇中心小学旁边的垃圾堆放很多天无人清理,气味很大。';
const SUBSIDY = '我是营盘镇的养殖户,去年的生猪养殖补贴政策到现在还没有落实到位。';
const SUBSIDY_AGAIN = '生猪养殖补贴政策一直没有兑现,营盘镇养殖户多次反映没有结果。';

describe('duplicate detection for Chinese text', () => {
  it('identical text scores 1, unrelated text near 0', () => {
    expect(textSimilarity(LAMP, LAMP)).toBe(1);
    expect(textSimilarity(LAMP, SUBSIDY)).toBeLessThan(0.1);
  });

  it('the same broken street lamp told in other words is found, a different problem in the same town is not', () => {
    expect(textSimilarity(LAMP, LAMP_AGAIN)).toBeGreaterThanOrEqual(0.2);
    expect(textSimilarity(LAMP, TRASH)).toBeLessThan(0.1);
    const found = mostSimilar(LAMP_AGAIN, [
      { id: 'trash', text: TRASH },
      { id: 'lamp', text: LAMP },
      { id: 'subsidy', text: SUBSIDY },
    ]);
    expect(found.map((f) => f.id)).toEqual(['lamp']);
  });

  it('a policy that stays on paper (政策制度棚架), reported twice, is matched', () => {
    const found = mostSimilar(SUBSIDY_AGAIN, [
      { id: 'lamp', text: LAMP },
      { id: 'subsidy', text: SUBSIDY },
      { id: 'lamp2', text: LAMP_OTHER_TOWN },
    ]);
    expect(found[0]?.id).toBe('subsidy');
    expect(found.every((f) => f.id !== 'lamp')).toBe(true);
  });

  it('ranks the closer text first and respects the limit', () => {
    const found = mostSimilar(LAMP, [
      { id: 'other-town', text: LAMP_OTHER_TOWN },
      { id: 'again', text: LAMP_AGAIN },
      { id: 'same', text: LAMP },
    ], { threshold: 0.05, limit: 2 });
    expect(found.map((f) => f.id)).toEqual(['same', 'again']);
  });

  it('full-width digits, punctuation and spaces do not matter', () => {
    expect(textSimilarity('３号楼漏水!', '3号楼漏水。')).toBe(1);
    expect(shingles('路灯', 3)).toEqual(new Set(['路灯']));
    expect(textSimilarity('', LAMP)).toBe(0);
  });
});
