/**
 * Chinese first, English second. The chosen language lives in localStorage, is sent to the server
 * as Accept-Language (so its messages come back in the same language) and picks every label here.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';
export interface Text2 {
  zh: string;
  en: string;
}
export type Dict = Record<string, Text2>;

const STORAGE_KEY = 'luoshi.lang';

function readStored(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Lang = readStored();

/** The language for code outside React (the API client). */
export function currentLang(): Lang {
  return current;
}

interface LangState {
  lang: Lang;
  setLang: (l: Lang) => void;
}
const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => {} });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((l: Lang) => {
    current = l;
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** Fills {name} placeholders. */
function fill(s: string, vars?: Record<string, string | number>): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

export type TFn<D extends Dict> = (key: keyof D & string, vars?: Record<string, string | number>) => string;

/** A translator over one feature's dictionary. */
export function useT<D extends Dict>(dict: D): TFn<D> {
  const { lang } = useLang();
  return useCallback((key, vars) => fill(dict[key]?.[lang] ?? key, vars), [dict, lang]);
}

/** Picks the current language out of a {zh, en} label, e.g. the domain's UNIT_KIND_LABELS. */
export function useLabel(): (l: Text2 | undefined) => string {
  const { lang } = useLang();
  return useCallback((l) => (l ? l[lang] : ''), [lang]);
}
