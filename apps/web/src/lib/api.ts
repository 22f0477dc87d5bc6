/**
 * The typed client: every call names a contract from @luoshi/contracts, so paths, inputs and
 * responses are checked against the server's own schemas at compile time.
 */
import { fillPath, type BodyOf, type Endpoint, type ErrorBodyT, type ParamsOf, type QueryOf, type ResponseOf } from '@luoshi/contracts';
import { currentLang } from './i18n.tsx';

export interface Issue {
  path: string;
  message: string;
}

/** A failed call: the server's stable code, its message (already in the user's language), field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: Issue[];
  readonly requestId: string | undefined;
  constructor(status: number, code: string, message: string, issues: Issue[] = [], requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.requestId = requestId;
  }
}

let csrfToken: string | null = null;
/** Set from the login and session responses; sent as X-CSRF-Token on every non-GET call. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthorized: (err: ApiError) => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};
/** What happens when the session is missing or expired (the app sends the user to /login). */
export function setUnauthorizedHandler(fn: (err: ApiError) => void): void {
  onUnauthorized = fn;
}

export interface CallInput<E> {
  params?: ParamsOf<E>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
  signal?: AbortSignal;
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

const NETWORK = { zh: '无法连接服务器,请检查网络', en: 'Cannot reach the server; check the network' };
const BAD_RESPONSE = { zh: '服务器返回了无法识别的内容', en: 'The server sent an unexpected response' };

export async function call<E extends Endpoint>(e: E, input: CallInput<E> = {}): Promise<ResponseOf<E>> {
  const url = fillPath(e.path, input.params as Record<string, string> | undefined) + queryString(input.query);
  const lang = currentLang();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': lang === 'en' ? 'en' : 'zh-CN',
  };
  if (e.method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: string | undefined;
  if (input.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: e.method, headers, body, credentials: 'same-origin', signal: input.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', NETWORK[lang]);
  }
  return answer(e, res);
}

/** Reads a JSON answer, or throws the server's error (and reports a lost session). */
async function answer<E extends Endpoint>(e: E, res: Response): Promise<ResponseOf<E>> {
  const lang = currentLang();
  let json: unknown = null;
  const text = await res.text();
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, 'BAD_RESPONSE', BAD_RESPONSE[lang]);
    }
  }
  if (!res.ok) {
    const err = (json as Partial<ErrorBodyT> | null)?.error;
    const apiError = new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? BAD_RESPONSE[lang],
      err?.issues ?? [],
      err?.requestId,
    );
    if (res.status === 401 && !e.public && (apiError.code === 'UNAUTHENTICATED' || apiError.code === 'SESSION_EXPIRED')) {
      csrfToken = null;
      onUnauthorized(apiError);
    }
    throw apiError;
  }
  return json as ResponseOf<E>;
}

/** Sends files as multipart/form-data (field "file", one part per file) to an upload endpoint. */
export async function upload<E extends Endpoint>(e: E, params: ParamsOf<E>, files: File[]): Promise<ResponseOf<E>> {
  const lang = currentLang();
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(fillPath(e.path, params as Record<string, string>), { method: e.method, headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK[lang]);
  }
  return answer(e, res);
}

/** The address of a file endpoint (a download, a thumbnail) for a link or an image. */
export function fileUrl<E extends Endpoint>(e: E, params: ParamsOf<E>): string {
  return fillPath(e.path, params as Record<string, string>);
}

/** The name a download offers: the encoded (e.g. Chinese) name of Content-Disposition, else its plain one. */
function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      /* the plain name below */
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? fallback;
}

/**
 * Fetches a file endpoint and saves what it answers under the name the server gives; a refusal
 * (no right, not available) is thrown as the server's error instead of being saved as a file.
 */
export async function download<E extends Endpoint>(e: E, input: { params: ParamsOf<E>; query?: QueryOf<E> }, fallbackName = 'download'): Promise<void> {
  const url = fillPath(e.path, input.params as Record<string, string>) + queryString(input.query);
  const lang = currentLang();
  let res: Response;
  try {
    res = await fetch(url, { headers: { 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN' }, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK[lang]);
  }
  if (!res.ok) {
    await answer(e, res);
    throw new ApiError(res.status, `HTTP_${res.status}`, BAD_RESPONSE[lang]);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = dispositionName(res.headers.get('content-disposition'), fallbackName);
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Field issues keyed by the form field they belong to ("body.newPassword" -> "newPassword"). */
export function issuesByField(err: unknown, aliases: Record<string, string> = {}): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!(err instanceof ApiError)) return map;
  for (const i of err.issues) {
    const bare = i.path.replace(/^(body|query|params)\.?/, '');
    const top = bare.split('.')[0] ?? '';
    const field = aliases[bare] ?? aliases[top] ?? top;
    map.set(field, [...(map.get(field) ?? []), i.message]);
  }
  return map;
}
