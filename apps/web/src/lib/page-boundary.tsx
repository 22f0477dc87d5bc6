/**
 * A page that fails shows what happened and a way on, instead of blanking the whole app (menu and
 * all). The commonest failure is an update: the page's code, loaded on first use, is no longer on
 * the server once a new version is deployed. Then the app reloads once by itself to fetch the new
 * version, and says so if that was not enough.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useT, type Dict } from './i18n.tsx';

const dict = {
  updated: { zh: '落实已更新', en: 'Luoshi has been updated' },
  updatedHint: { zh: '请刷新页面,载入新版本后继续。', en: 'Reload the page to load the new version and carry on.' },
  failed: { zh: '此页面出错了', en: 'This page ran into an error' },
  failedHint: { zh: '请刷新页面重试;如仍出错,请联系系统管理员。', en: 'Reload the page to try again; if it keeps failing, tell the system administrator.' },
  reload: { zh: '刷新页面', en: 'Reload the page' },
} satisfies Dict;

const RELOADED_AT = 'luoshi.reloadedAt';

/** The browser could not load a part of the app: its file is gone (a newer version is deployed). */
export function isStaleCode(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(m);
}

/** Reloads once; false when a reload a moment ago did not help (so the page says so instead of looping). */
function reloadOnce(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < 30_000) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    return false;
  }
  window.location.reload();
  return true;
}

function PageFailed({ stale }: { stale: boolean }) {
  const t = useT(dict);
  return (
    <Result
      status={stale ? 'info' : 'error'}
      title={t(stale ? 'updated' : 'failed')}
      subTitle={t(stale ? 'updatedHint' : 'failedHint')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('reload')}
        </Button>
      }
    />
  );
}

interface State {
  error: unknown;
  reloading: boolean;
}

/** Put a `key` on it that changes with the page, so that going elsewhere starts afresh. */
export class PageBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, reloading: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (isStaleCode(error) && reloadOnce()) this.setState({ reloading: true });
    else console.warn('page failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    if (this.state.reloading) return null;
    return <PageFailed stale={isStaleCode(this.state.error)} />;
  }
}
