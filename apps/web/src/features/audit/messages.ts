import type { Dict } from '../../lib/i18n.tsx';
import { common } from '../../lib/common.ts';

export const auditDict = {
  ...common,
  title: { zh: '审计日志', en: 'Audit log' },
  seq: { zh: '序号', en: 'No.' },
  at: { zh: '时间', en: 'Time' },
  actor: { zh: '操作人', en: 'Actor' },
  action: { zh: '操作', en: 'Action' },
  entityType: { zh: '对象类型', en: 'Entity type' },
  entityId: { zh: '对象编号', en: 'Entity id' },
  actorUserId: { zh: '操作人账号编号', en: 'Actor user id' },
  ip: { zh: 'IP 地址', en: 'IP address' },
  hash: { zh: '哈希(SM3)', en: 'Hash (SM3)' },
  before: { zh: '修改前', en: 'Before' },
  after: { zh: '修改后', en: 'After' },
  empty: { zh: '(无)', en: '(none)' },
  filter: { zh: '查询', en: 'Filter' },
  clear: { zh: '清空条件', en: 'Clear' },
  loadMore: { zh: '加载更多', en: 'Load more' },
  shown: { zh: '已显示 {n} 条,最新的在前', en: '{n} entries shown, newest first' },
  verify: { zh: '校验审计链', en: 'Verify audit chain' },
  verifyOk: { zh: '审计链完整:共 {n} 条记录,哈希链校验通过', en: 'The audit chain is intact: {n} entries verified' },
  verifyBroken: { zh: '审计链断裂:第 {at} 条记录校验失败({reason}),此前 {n} 条记录完整', en: 'The audit chain is BROKEN at entry {at} ({reason}); {n} entries verify before it' },
  system: { zh: '系统', en: 'System' },
} satisfies Dict;
