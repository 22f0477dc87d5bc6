/** Maps the closed list of error codes to HTTP, once, and renders the bilingual body. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_CATALOG, LuoshiError, pickLang, type ErrorCode, type Lang } from '@luoshi/domain';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  LOGIN_FAILED: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  PASSWORD_TOO_WEAK: 400,
  PASSWORD_WRONG: 400,
  PASSWORD_REUSED: 400,
  CONFLICT: 409,
  DUPLICATE: 409,
  SEPARATION_OF_DUTIES: 409,
  SELF_APPROVAL: 403,
  INVALID_STATE: 409,
  IN_USE: 409,
  RATE_LIMITED: 429,
  BUSY: 503,
  CLOCK_PINNING_REFUSED: 400,
  NOT_READY: 503,
  DOCUMENT_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function langOf(req: FastifyRequest): Lang {
  const h = req.headers['accept-language'];
  return pickLang(Array.isArray(h) ? h[0] : h);
}

interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const ZH_BY_KEYWORD: Record<string, string> = {
  invalid_type: '类型不正确或缺少该项',
  too_small: '太短、太小或为空',
  too_big: '太长或太大',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '包含不认识的字段',
  custom: '内容不符合要求',
  invalid_union: '内容不符合要求',
  not_multiple_of: '数值不符合要求',
  invalid_key: '键名不符合要求',
  invalid_element: '元素不符合要求',
};

function describeIssue(issue: ValidationIssue, context: string | undefined, lang: Lang): { path: string; message: string } {
  const inner = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const path = [context, inner].filter(Boolean).join('.') || '(body)';
  const message = lang === 'zh' ? (ZH_BY_KEYWORD[issue.keyword ?? ''] ?? '内容不符合要求') : (issue.message ?? 'invalid');
  return { path, message };
}

function send(reply: FastifyReply, req: FastifyRequest, code: ErrorCode, issues?: { path: string; message: string }[]) {
  const lang = langOf(req);
  void reply
    .status(HTTP_STATUS[code])
    .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
    .send({ error: { code, message: ERROR_CATALOG[code][lang], ...(issues && issues.length ? { issues } : {}), requestId: req.id } });
}

function isDbUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
function isDbForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
/** PostgreSQL refuses some text SQLite stores (a NUL character): the input is at fault, not the server. */
function isDbUnstorableText(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '22021' || e?.code === '22P05';
}

/** Requests Fastify refuses before routing (a malformed URL, an over-long path parameter) get the same error body. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const long = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const zh = long ? '请求地址中的参数过长' : '请求地址格式不正确';
  const en = long ? 'a parameter in the URL is too long' : 'the URL is malformed';
  send(reply, req, 'VALIDATION_FAILED', [{ path: 'url', message: langOf(req) === 'zh' ? zh : en }]);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => send(reply, req, 'ROUTE_NOT_FOUND'));
  app.setErrorHandler((err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }, req, reply) => {
    const lang = langOf(req);
    if (err instanceof LuoshiError) {
      const issues = err.issues.map((i) => ({ path: i.path, message: i[lang] }));
      return send(reply, req, err.code, issues);
    }
    if (err.validation) {
      const issues = err.validation.slice(0, 50).map((i) => describeIssue(i, err.validationContext, lang));
      return send(reply, req, 'VALIDATION_FAILED', issues);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, req, 'BAD_JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return send(reply, req, 'BODY_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, req, 'UNSUPPORTED_MEDIA_TYPE');
      case 'FST_ERR_VALIDATION':
        return send(reply, req, 'VALIDATION_FAILED');
      default:
        break;
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response does not match its contract');
      return send(reply, req, 'INTERNAL');
    }
    if (err.statusCode === 429) return send(reply, req, 'RATE_LIMITED');
    if (isDbUniqueViolation(err)) return send(reply, req, 'DUPLICATE');
    if (isDbForeignKeyViolation(err) || isDbUnstorableText(err)) return send(reply, req, 'VALIDATION_FAILED');
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, req, err.statusCode === 404 ? 'NOT_FOUND' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : err.statusCode === 413 ? 'BODY_TOO_LARGE' : 'VALIDATION_FAILED');
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 'INTERNAL');
  });
}
