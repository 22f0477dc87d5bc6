/**
 * The public portal page: plain TypeScript, no framework, built as its own Vite entry so the
 * staff app never loads here. Text from the server is only ever set as text (never as HTML).
 */
import './portal.css';
import { surveyView } from './survey.ts';

type Lang = 'zh' | 'en';
const T = {
  title: { zh: '政务公开', en: 'Open government' },
  footer: { zh: '只显示政府已决定公开的信息。', en: 'Only what the government decided to publish is shown.' },
  staff: { zh: '工作人员登录', en: 'Staff sign-in' },
  tasks: { zh: '重点工作', en: 'Work in progress' },
  bulletins: { zh: '通报', en: 'Bulletins' },
  commitments: { zh: '公开承诺', en: 'Commitments' },
  ranking: { zh: '考核排名', en: 'Annual ranking' },
  rank: { zh: '名次', en: 'Rank' },
  unit: { zh: '单位', en: 'Unit' },
  score: { zh: '得分', en: 'Score' },
  closedOn: { zh: '封账日期', en: 'Closed on' },
  catalogue: { zh: '审批事项', en: 'Approval items' },
  report: { zh: '我要反映', en: 'Report a problem' },
  lookup: { zh: '办理查询', en: 'Track a case' },
  survey: { zh: '效能评议', en: 'Rate our services' },
  none: { zh: '暂无公开信息。', en: 'Nothing published yet.' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  due: { zh: '完成时限', en: 'Due' },
  progress: { zh: '进度', en: 'Progress' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  download: { zh: '下载', en: 'Download' },
  reports: { zh: '进展情况', en: 'Progress reports' },
  back: { zh: '返回列表', en: 'Back to the list' },
  notFound: { zh: '没有找到该公开事项。', en: 'No such published item.' },
  received: { zh: '收到日期', en: 'Received' },
  dueBy: { zh: '办理时限', en: 'Due by' },
  rated: { zh: '您的评价', en: 'Your rating' },
  history: { zh: '办理过程', en: 'History' },
  light: { zh: { green: '正常', yellow: '预警', red: '滞后' }, en: { green: 'On track', yellow: 'Warning', red: 'Late' } },
  dueOn: { zh: '承诺时限', en: 'Due' },
  done: { zh: '已完成', en: 'Done' },
  open: { zh: '推进中', en: 'Open' },
  basis: { zh: '设定依据', en: 'Legal basis' },
  materials: { zh: '申请材料', en: 'Materials' },
  steps: { zh: '办理流程', en: 'Steps' },
  limits: { zh: '时限', en: 'Time limits' },
  legal: { zh: '法定', en: 'legal' },
  promised: { zh: '承诺', en: 'promised' },
  days: { zh: '个工作日', en: 'days' },
  fee: { zh: '收费', en: 'Fee' },
  category: { zh: '问题分类', en: 'Category' },
  subject: { zh: '标题(可不填)', en: 'Title (optional)' },
  content: { zh: '问题描述', en: 'What is the problem?' },
  address: { zh: '地点(可不填)', en: 'Where (optional)' },
  anonymous: { zh: '匿名反映(不留姓名和联系方式)', en: 'Stay anonymous (no name or contact)' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '手机号码', en: 'Mobile phone' },
  email: { zh: '电子邮箱(用于接收办理进展)', en: 'E-mail (to hear about progress)' },
  submit: { zh: '提交', en: 'Submit' },
  privacy: { zh: '您的姓名、电话加密保存,仅承办人员可见。', en: 'Your name and phone are stored encrypted and seen only by the staff handling your case.' },
  thanks: { zh: '已收到。请记下编号和查询码,用于查询办理进度:', en: 'Received. Keep the number and check code to track your case:' },
  number: { zh: '编号', en: 'Number' },
  code: { zh: '查询码或手机号后四位', en: 'Check code or last 4 digits of your phone' },
  find: { zh: '查询', en: 'Look up' },
  status: { zh: '状态', en: 'Status' },
  owner: { zh: '承办单位', en: 'Handled by' },
  reply: { zh: '答复', en: 'Reply' },
  rate: { zh: '请评价办理结果', en: 'Rate the reply' },
  rates: { zh: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }, en: { satisfied: 'Satisfied', basic: 'Fairly satisfied', unsatisfied: 'Not satisfied' } },
  failed: { zh: '请求失败', en: 'Request failed' },
  search: { zh: '搜索任务(编号、名称或牵头单位)', en: 'Search tasks (number, title or lead unit)' },
  more: { zh: '加载更多', en: 'Load more' },
  shown: { zh: '已显示 {n} / 共 {total} 项', en: 'Showing {n} of {total}' },
  noMatch: { zh: '没有找到匹配的任务。', en: 'No task matches.' },
  files: { zh: '佐证材料 {n} 份', en: 'Evidence files: {n}' },
} as const;
type Key = keyof typeof T;

let lang: Lang = localStorage.getItem('luoshi.portal.lang') === 'en' ? 'en' : 'zh';
const t = (k: Key): string => (T[k] as Record<Lang, string>)[lang];
/** A text with {name} places filled, numbers grouped as the language writes them (10,000). */
const tf = (k: Key, values: Record<string, number>): string => t(k).replace(/\{(\w+)\}/g, (_, name: string) => (values[name] ?? 0).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'));
const main = document.getElementById('main')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'accept-language': lang === 'en' ? 'en' : 'zh-CN', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data?.error;
    const detail = (err?.issues ?? []).map((i: { message: string }) => i.message).join(';');
    throw new ApiError([err?.message ?? t('failed'), detail].filter(Boolean).join(':'), res.status);
  }
  return data as T;
}

function notice(kind: 'ok' | 'err', ...content: (Node | string)[]) {
  return el('div', { class: `notice ${kind}`, role: kind === 'err' ? 'alert' : 'status' }, ...content);
}

/** The tabs: id (the page's #hash), title, and the view; a view may take the part after '=' (#lookup=ZS2013-123456). */
const SECTIONS: [string, Key, (arg?: string) => Promise<Node[]>][] = [
  ['tasks', 'tasks', tasksView],
  ['bulletins', 'bulletins', bulletinsView],
  ['commitments', 'commitments', commitmentsView],
  ['ranking', 'ranking', rankingView],
  ['catalogue', 'catalogue', catalogueView],
  ['report', 'report', reportView],
  ['lookup', 'lookup', lookupView],
  ['survey', 'survey', () => surveyView(lang)],
];

/** A progress bar; its width is set through the DOM, not a style attribute (the CSP allows no inline styles). */
function bar(x: any): Node {
  const fill = el('span');
  fill.style.width = `${Math.max(0, Math.min(100, Number(x.progress) || 0))}%`;
  return el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': String(x.progress), 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-label': `${t('progress')} ${x.code}` }, fill);
}

/** A task in the list (its latest report, the number of its files) or on its own page (everything published). */
function taskCard(x: any, full: boolean): HTMLElement {
  const light = x.light && (T.light[lang] as Record<string, string>)[x.light];
  const reports: any[] = full ? x.reports : x.latestReport ? [x.latestReport] : [];
  return el(
    'article',
    { class: 'card' },
    el(full ? 'h2' : 'h3', {}, full ? `${x.code} ${x.title}` : el('a', { href: `#task=${encodeURIComponent(x.id)}` }, `${x.code} ${x.title}`)),
    el('div', { class: 'meta' }, `${x.unitName ?? ''} · ${t('due')} ${x.plannedEnd ?? '—'} `, light ? el('span', { class: `light ${x.light}` }, light) : null),
    bar(x),
    el('div', { class: 'meta' }, `${t('progress')} ${x.progress}%`),
    full && reports.length ? el('h3', {}, t('reports')) : null,
    ...reports.map((r: any) => el('p', {}, `${r.date}(${r.percent}%):${r.narrative}`)),
    full && x.evidence.length
      ? el('div', { class: 'meta' }, `${t('evidence')}:`, el('ul', { class: 'plain' }, ...x.evidence.map((e: any) => el('li', {}, el('a', { href: `/api/v1/portal/evidence/${encodeURIComponent(e.id)}`, download: e.name }, `${t('download')} ${e.name}`)))))
      : null,
    !full && x.evidenceCount ? el('div', { class: 'meta' }, tf('files', { n: x.evidenceCount })) : null,
  );
}

interface TaskPage {
  items: any[];
  nextCursor: string | null;
  total: number;
}

/**
 * The published tasks, a page at a time (the server's page size): "load more" appends the next page
 * and takes the focus to the first task it added; a search starts the list again. How many are shown
 * is announced.
 */
async function tasksView(): Promise<Node[]> {
  let q = '';
  let next: string | null = null;
  let shown = 0;
  /** each load gets a number: an answer to an earlier search must not land in a newer list */
  let loads = 0;
  const list = el('div', {});
  const status = el('p', { class: 'hint', role: 'status' });
  const problem = el('div', {});
  const more = el('button', { type: 'button', class: 'primary more' }, t('more'));
  const input = el('input', { id: 't-q', name: 'q', type: 'search', maxlength: '50', autocomplete: 'off', enterkeyhint: 'search' });
  const form = el('form', { role: 'search', class: 'search' }, el('label', { for: 't-q' }, t('search')), el('div', { class: 'row' }, input, el('button', { type: 'submit', class: 'primary' }, t('find'))));

  const show = (page: TaskPage, fresh: boolean): void => {
    const cards = page.items.map((x) => taskCard(x, false));
    if (fresh) {
      list.replaceChildren(...cards);
      shown = 0;
    } else list.append(...cards);
    shown += page.items.length;
    next = page.nextCursor;
    status.textContent = page.total === 0 ? t('noMatch') : tf('shown', { n: shown, total: page.total });
    more.hidden = !next;
    // after "load more", the keyboard goes on from the first task added
    if (!fresh) cards[0]?.querySelector('a')?.focus();
  };
  const fetchPage = (fresh: boolean): Promise<TaskPage> => {
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (!fresh && next) query.set('cursor', next);
    const text = query.toString();
    return api<TaskPage>(`/api/v1/portal/tasks${text ? `?${text}` : ''}`);
  };
  const load = async (fresh: boolean): Promise<void> => {
    const mine = ++loads;
    more.disabled = true;
    try {
      const page = await fetchPage(fresh);
      if (mine !== loads) return;
      problem.replaceChildren();
      show(page, fresh);
    } catch (e) {
      if (mine === loads) problem.replaceChildren(notice('err', (e as Error).message));
    } finally {
      if (mine === loads) more.disabled = false;
    }
  };
  more.addEventListener('click', () => void load(false));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    q = input.value.trim();
    void load(true);
  });
  // the first page: a failure here is the tab's failure, shown as any tab shows it
  const first = await fetchPage(true);
  // nothing published at all: the tab says so as every empty tab does
  if (first.total === 0) return [];
  show(first, true);
  return [form, status, list, problem, more];
}

/** One published task: its page at #task=<id>, with every published report and file. */
async function taskPage(id: string): Promise<Node[]> {
  const back = el('p', {}, el('a', { href: '#tasks' }, `← ${t('back')}`));
  try {
    return [back, taskCard(await api<any>(`/api/v1/portal/tasks/${encodeURIComponent(id)}`), true)];
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [back, el('p', {}, t('notFound'))];
    throw e;
  }
}

async function bulletinsView(): Promise<Node[]> {
  const { items } = await api<{ items: any[] }>('/api/v1/portal/bulletins');
  return items.map((b) => el('article', { class: 'card' }, el('h3', {}, b.title), el('div', { class: 'meta' }, `${b.kindLabel} ${b.docNumber ?? ''} · ${b.unitName} · ${b.issuedOn ?? ''}`), el('p', {}, b.body)));
}

async function commitmentsView(): Promise<Node[]> {
  const { items } = await api<{ items: any[] }>('/api/v1/portal/commitments');
  return items.map((c) =>
    el('article', { class: 'card' }, el('h3', {}, c.unitName), el('p', {}, c.problem), el('p', {}, c.commitment), el('div', { class: 'meta' }, `${t('dueOn')} ${c.dueOn} · ${c.status === 'done' ? `${t('done')} ${c.doneOn ?? ''}` : t('open')}`), c.progressNote ? el('p', { class: 'meta' }, c.progressNote) : null),
  );
}

/** The year's assessment ranking, once the office closed the year and published it. */
async function rankingView(): Promise<Node[]> {
  const { items } = await api<{ items: any[] }>('/api/v1/portal/ranking');
  return items.map((r) =>
    el(
      'section',
      { class: 'card' },
      el('h3', {}, `${r.year} ${r.campaignName}`),
      el('div', { class: 'meta' }, `${t('closedOn')} ${r.closedOn}`),
      el(
        'table',
        { class: 'rank' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('rank')), el('th', { scope: 'col' }, t('unit')), el('th', { scope: 'col' }, t('score')))),
        el('tbody', {}, ...r.rows.map((x: any) => el('tr', {}, el('td', {}, String(x.rank)), el('td', {}, x.unitName), el('td', {}, x.score.toFixed(1))))),
      ),
    ),
  );
}

async function catalogueView(): Promise<Node[]> {
  const { items } = await api<{ items: any[] }>('/api/v1/portal/catalogue');
  return items.map((i) =>
    el(
      'article',
      { class: 'card' },
      el('h3', {}, `${i.name}`),
      el('div', { class: 'meta' }, `${i.code} · ${i.kind} · ${i.unitName}${i.decision ? ` · ${i.decision} ${i.decisionOn ?? ''}` : ''}`),
      el('p', {}, `${t('basis')}:${i.legalBasis}`),
      i.materials.length ? el('div', {}, `${t('materials')}:`, el('ol', {}, ...i.materials.map((m: string) => el('li', {}, m)))) : null,
      i.steps.length ? el('div', {}, `${t('steps')}:`, el('ol', {}, ...i.steps.map((m: string) => el('li', {}, m)))) : null,
      el('p', { class: 'meta' }, `${t('limits')}:${t('legal')} ${i.legalDays ?? '—'},${t('promised')} ${i.promisedDays ?? '—'} ${t('days')} · ${t('fee')}:${i.fee || '—'}`),
    ),
  );
}

function field(id: string, label: Key, input: HTMLElement): Node[] {
  input.id = id;
  return [el('label', { for: id }, t(label)), input];
}

async function reportView(): Promise<Node[]> {
  const { items } = await api<{ items: any[] }>('/api/v1/portal/categories');
  const select = el('select', { name: 'categoryCode', required: '' }, ...items.map((c) => el('option', { value: c.code }, lang === 'en' ? c.nameEn : c.name)));
  const anon = el('input', { type: 'checkbox', name: 'anonymous' });
  const result = el('div', { 'aria-live': 'polite' });
  const form = el(
    'form',
    { novalidate: '' },
    ...field('f-cat', 'category', select),
    ...field('f-title', 'subject', el('input', { name: 'title', maxlength: '100' })),
    ...field('f-content', 'content', el('textarea', { name: 'content', required: '', maxlength: '2000' })),
    ...field('f-address', 'address', el('input', { name: 'address', maxlength: '200' })),
    el('label', { class: 'check', for: 'f-anon' }, Object.assign(anon, { id: 'f-anon' }), t('anonymous')),
    ...field('f-name', 'name', el('input', { name: 'name', maxlength: '40', autocomplete: 'name' })),
    ...field('f-phone', 'phone', el('input', { name: 'phone', type: 'tel', maxlength: '20', autocomplete: 'tel' })),
    ...field('f-email', 'email', el('input', { name: 'email', type: 'email', maxlength: '120', autocomplete: 'email' })),
    el('p', { class: 'hint' }, t('privacy')),
    el('button', { type: 'submit', class: 'primary' }, t('submit')),
    result,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    const body = {
      categoryCode: String(d.get('categoryCode') ?? ''),
      title: String(d.get('title') ?? ''),
      content: String(d.get('content') ?? ''),
      address: String(d.get('address') ?? ''),
      anonymous: anon.checked,
      name: anon.checked ? '' : String(d.get('name') ?? ''),
      phone: anon.checked ? '' : String(d.get('phone') ?? ''),
      email: anon.checked ? '' : String(d.get('email') ?? ''),
    };
    api<{ number: string; checkCode: string }>('/api/v1/portal/cases', body)
      .then((r) => result.replaceChildren(notice('ok', t('thanks'), el('br'), `${t('number')}:`, el('strong', {}, r.number), ' ', `${t('code')}:`, el('strong', {}, r.checkCode))))
      .catch((e: Error) => result.replaceChildren(notice('err', e.message)));
  });
  return [form];
}

function caseCard(c: any, number: string, code: string): Node {
  const card = el(
    'article',
    { class: 'card' },
    el('h3', {}, `${c.number} ${c.title}`),
    el('div', { class: 'meta' }, `${t('status')}:${c.statusLabel} · ${t('owner')}:${c.ownerUnitName ?? '—'}`),
    el('div', { class: 'meta' }, `${t('received')} ${c.receivedOn}${c.dueOn ? ` · ${t('dueBy')} ${c.dueOn}` : ''}`),
    c.reply ? el('p', {}, `${t('reply')}:${c.reply}`) : null,
    c.satisfaction ? el('p', { class: 'rated' }, `${t('rated')}:${(T.rates[lang] as Record<string, string>)[c.satisfaction] ?? c.satisfaction}`) : null,
    el('h4', {}, t('history')),
    el('ol', {}, ...c.timeline.map((e: any) => el('li', {}, `${e.at.slice(0, 10)} ${e.label}${e.note ? `:${e.note}` : ''}`))),
  );
  if (c.canRate) {
    const box = el('div', {}, el('p', {}, t('rate')));
    for (const [k, label] of Object.entries(T.rates[lang])) {
      const b = el('button', { type: 'button', class: 'primary' }, label);
      b.addEventListener('click', () => {
        api<any>('/api/v1/portal/cases/rate', { number, code, satisfaction: k })
          .then((x) => card.replaceWith(caseCard(x, number, code)))
          .catch((e: Error) => box.append(notice('err', e.message)));
      });
      box.append(b, ' ');
    }
    card.append(box);
  }
  return card;
}

async function lookupView(number = ''): Promise<Node[]> {
  const result = el('div', { 'aria-live': 'polite' });
  const form = el('form', {}, ...field('l-number', 'number', el('input', { name: 'number', required: '', placeholder: 'ZS2013-000000', autocomplete: 'off', value: number })), ...field('l-code', 'code', el('input', { name: 'code', required: '', autocomplete: 'off' })), el('button', { type: 'submit', class: 'primary' }, t('find')), result);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    const number = String(d.get('number') ?? '').trim();
    const code = String(d.get('code') ?? '').trim();
    api<any>('/api/v1/portal/cases/lookup', { number, code })
      .then((c) => result.replaceChildren(caseCard(c, number, code)))
      .catch((e: Error) => result.replaceChildren(notice('err', e.message)));
  });
  return [form];
}

/** The page from the #hash: a tab (#lookup, #lookup=<number>) or one task (#task=<id>). */
function current(): { id: string; arg: string } {
  const h = decodeURIComponent(location.hash.replace('#', ''));
  const i = h.indexOf('=');
  const id = i < 0 ? h : h.slice(0, i);
  const arg = i < 0 ? '' : h.slice(i + 1);
  if (id === 'task' && arg) return { id, arg };
  return { id: SECTIONS.some((s) => s[0] === id) ? id : 'tasks', arg };
}

/** Each render gets a number; a slower earlier one (a fetch still on its way when the resident moved on) must not overwrite a newer page. */
let renders = 0;

async function render(): Promise<void> {
  const mine = ++renders;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('title')} · 落实 Luoshi`;
  for (const n of document.querySelectorAll<HTMLElement>('[data-i18n]')) n.textContent = t(n.dataset.i18n as Key);
  const button = document.getElementById('lang')!;
  button.textContent = lang === 'zh' ? 'English' : '中文';
  button.setAttribute('aria-label', lang === 'zh' ? 'Switch to English' : '切换到中文');
  button.setAttribute('lang', lang === 'zh' ? 'en' : 'zh-CN');
  const { id: page, arg } = current();
  const active = page === 'task' ? 'tasks' : page;
  document.getElementById('tabs')!.replaceChildren(...SECTIONS.map(([id, key]) => el('li', {}, el('a', { href: `#${id}`, ...(id === active ? { 'aria-current': 'page' } : {}) }, t(key)))));
  const section = SECTIONS.find((s) => s[0] === active)!;
  main.replaceChildren(el('h2', {}, t(section[1])), el('p', { class: 'hint' }, t('loading')));
  try {
    const nodes = page === 'task' ? await taskPage(arg) : await section[2](arg);
    if (mine !== renders) return;
    main.replaceChildren(el('h2', {}, t(section[1])), ...(nodes.length ? nodes : [el('p', {}, t('none'))]));
  } catch (e) {
    if (mine !== renders) return;
    main.replaceChildren(el('h2', {}, t(section[1])), notice('err', (e as Error).message));
  }
}

document.getElementById('lang')!.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('luoshi.portal.lang', lang);
  void render();
});
window.addEventListener('hashchange', () => void render());
void render();
