/**
 * The one error type of Luoshi. Every failure a user can meet has a stable code from this closed
 * list, with a message in Chinese (first) and English. Domain rules throw it; the server maps each
 * code to an HTTP status in one place. Nothing here knows HTTP.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { zh: '提交的数据不符合要求', en: 'The submitted data is not valid' },
  BAD_JSON: { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { zh: '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  ROUTE_NOT_FOUND: { zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { zh: '不支持该请求方法', en: 'Method not allowed' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in first' },
  SESSION_EXPIRED: { zh: '登录已过期,请重新登录', en: 'Your session has expired; please sign in again' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  CSRF_FAILED: { zh: '请求校验失败,请刷新页面后重试', en: 'Request verification failed; reload the page and retry' },
  LOGIN_FAILED: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    zh: '登录失败次数过多,账号已暂时锁定,请稍后再试',
    en: 'Too many failed sign-ins; the account is temporarily locked',
  },
  ACCOUNT_DISABLED: { zh: '账号已停用', en: 'The account is disabled' },
  PASSWORD_CHANGE_REQUIRED: {
    zh: '请先修改初始密码',
    en: 'You must change your initial password first',
  },
  PASSWORD_TOO_WEAK: {
    zh: '密码不符合安全要求',
    en: 'The password does not meet the security policy',
  },
  PASSWORD_WRONG: { zh: '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_REUSED: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  CONFLICT: { zh: '数据已被修改或已存在,请刷新后重试', en: 'The data changed or already exists; reload and retry' },
  DUPLICATE: { zh: '已存在相同的记录', en: 'A record with the same key already exists' },
  SEPARATION_OF_DUTIES: {
    zh: '违反三员分立:同一人不能兼任系统管理员、安全管理员和审计员',
    en: 'Separation of duties: one person cannot hold two of the administrator, security and auditor roles',
  },
  SELF_APPROVAL: { zh: '不能审批本人提交的事项', en: 'You cannot approve your own request' },
  INVALID_STATE: { zh: '当前状态下不能执行此操作', en: 'This action is not possible in the current state' },
  IN_USE: { zh: '该记录仍被引用,不能删除', en: 'The record is still in use and cannot be deleted' },
  RATE_LIMITED: { zh: '请求过于频繁,请稍后再试', en: 'Too many requests; please try again later' },
  BUSY: { zh: '当前提交的人较多,请稍后再试', en: 'Too many submissions right now; please try again shortly' },
  CLOCK_PINNING_REFUSED: {
    zh: '生产环境不允许固定系统时间',
    en: 'Pinning the clock is not allowed in production',
  },
  NOT_READY: { zh: '服务尚未就绪', en: 'The service is not ready' },
  DOCUMENT_UNAVAILABLE: { zh: '服务器未安装 LibreOffice,暂不能生成 PDF,请下载 .docx', en: 'PDF output needs LibreOffice on the server; download the .docx instead' },
  INTERNAL: { zh: '服务器内部错误,请稍后再试', en: 'Internal server error; please try again later' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

/** One problem with one field, e.g. a row and column of an import. */
export interface FieldIssue {
  path: string;
  zh: string;
  en: string;
}

/** The single error type thrown by Luoshi code. */
export class LuoshiError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly detail: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, opts: { issues?: FieldIssue[]; detail?: Record<string, unknown>; message?: string } = {}) {
    super(opts.message ?? ERROR_CATALOG[code].en);
    this.name = 'LuoshiError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.detail = opts.detail;
  }
}

export type Lang = 'zh' | 'en';

/** Chinese unless the Accept-Language header prefers English over Chinese. */
export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'zh';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag ?? '', weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.tag && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}

export function errorMessage(code: ErrorCode, lang: Lang): string {
  return ERROR_CATALOG[code][lang];
}
