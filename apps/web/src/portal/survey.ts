/**
 * 政府效能评议 on the portal (R-FIVE-3): the questionnaires open to the public and enterprises, each
 * answered anonymously once per device (the server keeps a signed cookie; nothing about the person
 * is stored). A citizen may skip units they do not know; every unit rated needs every question
 * answered. Text from the server is only ever set as text.
 */
import './survey.css';

type Lang = 'zh' | 'en';
const T = {
  intro: {
    zh: '请根据您办事的亲身感受,对下列单位的工作作风和办事效率作出评价。匿名填写,每台设备限填一份。',
    en: 'Rate how these units work and serve you, from your own experience. Anonymous; one answer per device.',
  },
  as: { zh: '您的身份', en: 'You answer as' },
  public: { zh: '群众', en: 'Member of the public' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  skip: { zh: '不了解的单位可以不评。', en: 'Skip units you do not know.' },
  submit: { zh: '提交评议', en: 'Send' },
  thanks: { zh: '感谢您的评议,已收到。', en: 'Thank you — your answer was received.' },
  answered: { zh: '您已参加过本次评议,感谢支持。', en: 'You have already answered this questionnaire. Thank you.' },
  nothing: { zh: '请至少评价一个单位。', en: 'Rate at least one unit.' },
  incomplete: { zh: '请回答“{unit}”的全部题目,或全部不答。', en: 'Answer every question about “{unit}”, or none.' },
  none: { zh: '目前没有正在进行的评议。', en: 'No questionnaire is open now.' },
  failed: { zh: '请求失败', en: 'Request failed' },
} as const;

interface OpenSurvey {
  id: string;
  title: string;
  description: string;
}
interface PublicSurvey extends OpenSurvey {
  audiences: ('public' | 'enterprise')[];
  questions: { key: string; text: string; choices: { label: string }[] }[];
  units: { id: string; name: string }[];
  answered: boolean;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

async function api<R>(lang: Lang, path: string, body?: unknown): Promise<R> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'accept-language': lang === 'en' ? 'en' : 'zh-CN', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data?.error;
    const detail = (err?.issues ?? []).map((i: { message: string }) => i.message).join(';');
    throw new Error([err?.message ?? T.failed[lang], detail].filter(Boolean).join(':'));
  }
  return data as R;
}

function notice(kind: 'ok' | 'err', text: string): HTMLElement {
  return el('div', { class: `notice ${kind}`, role: kind === 'err' ? 'alert' : 'status' }, text);
}

function surveyForm(lang: Lang, s: PublicSurvey): HTMLElement {
  const t = (k: keyof typeof T) => T[k][lang];
  const card = el('article', { class: 'card survey', 'data-survey': s.id }, el('h3', {}, s.title));
  if (s.description) card.append(el('p', {}, s.description));
  if (s.answered) {
    card.append(notice('ok', t('answered')));
    return card;
  }
  card.append(el('p', { class: 'hint' }, `${t('intro')}${t('skip')}`));
  const form = el('form', { novalidate: '' });
  const group = el('fieldset', { class: 'choices' }, el('legend', {}, t('as')));
  s.audiences.forEach((a, i) => {
    const id = `s-${s.id}-g-${a}`;
    group.append(el('label', { class: 'check', for: id }, el('input', { type: 'radio', name: 'group', value: a, id, ...(i === 0 ? { checked: '' } : {}) }), t(a)));
  });
  form.append(group);
  for (const u of s.units) {
    const box = el('fieldset', { class: 'unit' }, el('legend', {}, u.name));
    s.questions.forEach((q, qi) => {
      const name = `u-${u.id}-${q.key}`;
      const wrap = el('div', { class: 'question', role: 'radiogroup', 'aria-label': `${u.name} ${q.text}` }, el('p', {}, `${qi + 1}. ${q.text}`));
      q.choices.forEach((c, ci) => {
        const id = `s-${s.id}-${name}-${ci}`;
        wrap.append(el('label', { class: 'check', for: id }, el('input', { type: 'radio', name, value: String(ci), id }), c.label));
      });
      box.append(wrap);
    });
    form.append(box);
  }
  const result = el('div', { 'aria-live': 'polite' });
  const button = el('button', { type: 'submit', class: 'primary' }, t('submit'));
  form.append(button, result);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    const ratings: { unitId: string; answers: { question: string; choice: number }[] }[] = [];
    for (const u of s.units) {
      const answers = s.questions.flatMap((q) => {
        const v = d.get(`u-${u.id}-${q.key}`);
        return v === null ? [] : [{ question: q.key, choice: Number(v) }];
      });
      if (answers.length && answers.length < s.questions.length) {
        result.replaceChildren(notice('err', T.incomplete[lang].replace('{unit}', u.name)));
        return;
      }
      if (answers.length) ratings.push({ unitId: u.id, answers });
    }
    if (!ratings.length) {
      result.replaceChildren(notice('err', t('nothing')));
      return;
    }
    button.disabled = true;
    api<{ ok: true }>(lang, `/api/v1/portal/surveys/${encodeURIComponent(s.id)}/answers`, { group: String(d.get('group') ?? s.audiences[0]), ratings })
      .then(() => form.replaceWith(notice('ok', t('thanks'))))
      .catch((e: Error) => {
        button.disabled = false;
        result.replaceChildren(notice('err', e.message));
      });
  });
  card.append(form);
  return card;
}

/** The portal's survey section: every questionnaire open to the public, ready to answer. */
export async function surveyView(lang: Lang): Promise<Node[]> {
  const { items } = await api<{ items: OpenSurvey[] }>(lang, '/api/v1/portal/surveys');
  if (!items.length) return [el('p', {}, T.none[lang])];
  const surveys = await Promise.all(items.map((s) => api<PublicSurvey>(lang, `/api/v1/portal/surveys/${encodeURIComponent(s.id)}`)));
  return surveys.map((s) => surveyForm(lang, s));
}
