/** Small building blocks shared by the pages. */
import type { ReactNode } from 'react';
import { Alert, Flex, Result, Spin, Typography } from 'antd';
import { ApiError, type Issue } from './api.ts';
import { common } from './common.ts';
import { useT } from './i18n.tsx';

export function Page({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="ls-page">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? <Flex gap={8} wrap>{extra}</Flex> : null}
      </Flex>
      {children}
    </div>
  );
}

/** The server's message, and issues that belong to no field, for a failed load or save. */
export function ErrorAlert({ error, issues }: { error: unknown; issues?: Issue[] }) {
  const t = useT(common);
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('loadFailed');
  const list = issues ?? (error instanceof ApiError ? error.issues : []);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      message={message}
      description={
        list.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {list.map((i, n) => (
              <li key={n}>{i.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

export function Loading() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
}

export function Forbidden() {
  const t = useT(common);
  return <Result status="403" title="403" subTitle={t('forbidden')} />;
}
