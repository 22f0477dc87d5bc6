import type { Kysely } from 'kysely';

/**
 * Default case categories, so a new county can take calls on day one; the office changes them as
 * data. Codes double as Open311 service codes. 政策制度棚架 and 企业反映问题 are categories like any
 * other (R-PUB-5); 信访事项 runs on the petition clocks.
 */
const CATEGORIES: [string, string, string, string, number, string][] = [
  // code, name, English, group, petition, attributes (Open311 definitions)
  ['road', '道路交通', 'Roads and traffic', '城市管理', 0, '[]'],
  ['streetlight', '路灯照明', 'Street lights', '城市管理', 0, '[{"code":"pole","datatype":"string","required":false,"description":"灯杆编号 Pole number","order":1}]'],
  ['sanitation', '环境卫生', 'Litter and sanitation', '城市管理', 0, '[]'],
  ['water', '供水排水', 'Water supply and drains', '公用事业', 0, '[]'],
  ['pollution', '环境污染', 'Pollution', '生态环境', 0, '[]'],
  ['social', '社会保障', 'Social security', '民生服务', 0, '[]'],
  ['education', '教育', 'Education', '民生服务', 0, '[]'],
  ['health', '医疗卫生', 'Health', '民生服务', 0, '[]'],
  ['policy_shelved', '政策制度棚架', 'Policies not carried out', '政策落实', 0, '[]'],
  ['enterprise', '企业反映问题', 'Problems of enterprises', '营商环境', 0, '[{"code":"enterprise","datatype":"string","required":false,"description":"企业名称 Enterprise name","order":1}]'],
  ['conduct', '干部作风', 'Conduct of officials', '作风效能', 0, '[]'],
  ['petition', '信访事项', 'Petition (xinfang)', '信访', 1, '[]'],
  ['other', '其他', 'Other', '其他', 0, '[]'],
];

export async function up(db: Kysely<any>): Promise<void> {
  const at = '2026-11-26T09:04:00.000Z';
  for (const [i, [code, name, en, group, petition, attributes]] of CATEGORIES.entries()) {
    await db
      .insertInto('case_categories')
      .values({
        id: `cat_${code}`,
        code,
        name,
        name_en: en,
        description: '',
        group_name: group,
        keywords: '',
        petition,
        handle_days: null,
        attributes,
        // petitions carry personal matters and are not offered to client apps
        open311: petition ? 0 : 1,
        active: 1,
        sort_order: (i + 1) * 10,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('forward only');
}
