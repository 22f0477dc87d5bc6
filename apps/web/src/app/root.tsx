/** Providers (language, antd locale and theme, session) and the router. */
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { BrowserRouter } from 'react-router';
import { LangProvider, useLang } from '../lib/i18n.tsx';
import { SessionProvider } from '../lib/session.tsx';
import { PageBoundary } from '../lib/page-boundary.tsx';
import { AppRoutes } from './routes.tsx';

function Themed() {
  const { lang } = useLang();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d5fbf', borderRadius: 6 } }}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <PageBoundary>
              <AppRoutes />
            </PageBoundary>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <LangProvider>
      <Themed />
    </LangProvider>
  );
}
