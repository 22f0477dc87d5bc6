/** Words every screen uses. Features spread this into their own dictionary. */
import type { Dict } from './i18n.tsx';

export const common = {
  appName: { zh: '落实', en: 'Luoshi' },
  appFullName: { zh: '落实 · 政府工作落实平台', en: 'Luoshi · Government Work Execution' },
  save: { zh: '保存', en: 'Save' },
  cancel: { zh: '取消', en: 'Cancel' },
  confirm: { zh: '确定', en: 'OK' },
  edit: { zh: '编辑', en: 'Edit' },
  create: { zh: '新建', en: 'Create' },
  remove: { zh: '移除', en: 'Remove' },
  search: { zh: '搜索', en: 'Search' },
  all: { zh: '全部', en: 'All' },
  actions: { zh: '操作', en: 'Actions' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  none: { zh: '无', en: 'None' },
  back: { zh: '返回', en: 'Back' },
  reload: { zh: '刷新', en: 'Reload' },
  saved: { zh: '已保存', en: 'Saved' },
  loadFailed: { zh: '加载失败', en: 'Could not load' },
  active: { zh: '在用', en: 'Active' },
  inactive: { zh: '已停用', en: 'Inactive' },
  required: { zh: '必填', en: 'Required' },
  forbidden: { zh: '没有权限查看此页面', en: 'You may not view this page' },
  notFound: { zh: '页面不存在', en: 'Page not found' },
  networkError: { zh: '无法连接服务器,请检查网络', en: 'Cannot reach the server; check the network' },
} satisfies Dict;
