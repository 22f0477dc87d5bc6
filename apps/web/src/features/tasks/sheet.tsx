/**
 * 任务分解表 in the tree page: download the template, export the filtered view (the same filters as
 * the list), and — for the office — import a filled sheet. The import runs as a job: the dialog
 * follows its progress, then shows either the counts saved or every problem by row and column.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal, Progress, Result, Table, Typography, Upload } from 'antd';
import { tasks } from '@luoshi/contracts';
import { ApiError, call, fileUrl, upload } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { taskDict } from './messages.ts';
import { toQuery, type Filters } from './query.ts';

type TaskImportResultT = tasks.TaskImportResultT;
type TaskImportIssueT = tasks.TaskImportIssueT;

/** The export's address: the list's own query, so the sheet holds exactly what the tree shows. */
export function exportHref(campaignId: string, filters: Filters): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(toQuery(filters))) if (v !== undefined && v !== '') sp.set(k, String(v));
  const qs = sp.toString();
  return `${fileUrl(tasks.exportTasks, { id: campaignId })}${qs ? `?${qs}` : ''}`;
}

export function SheetButtons({ campaignId, filters, canImport, onImported }: { campaignId: string; filters: Filters; canImport: boolean; onImported: () => void }) {
  const t = useT(taskDict);
  const [importing, setImporting] = useState(false);
  return (
    <>
      <Button href={fileUrl(tasks.taskSheetTemplate, { id: campaignId })} download data-testid="sheet-template">
        {t('sheetTemplate')}
      </Button>
      <Button href={exportHref(campaignId, filters)} download data-testid="sheet-export">
        {t('sheetExport')}
      </Button>
      {canImport && <Button onClick={() => setImporting(true)}>{t('sheetImport')}</Button>}
      {importing && <ImportDialog campaignId={campaignId} onClose={() => setImporting(false)} onImported={onImported} />}
    </>
  );
}

type JobState =
  | { kind: 'idle' }
  | { kind: 'uploading'; fileName: string }
  | { kind: 'running'; fileName: string; progress: number; total: number; result: TaskImportResultT | null }
  | { kind: 'done'; result: TaskImportResultT }
  | { kind: 'refused'; message: string; details: string[] };

const POLL_MS = 400;

function readResult(raw: unknown): TaskImportResultT | null {
  const r = tasks.TaskImportResult.safeParse(raw);
  return r.success ? r.data : null;
}

function ImportDialog({ campaignId, onClose, onImported }: { campaignId: string; onClose: () => void; onImported: () => void }) {
  const t = useT(taskDict);
  const { lang } = useLang();
  const [state, setState] = useState<JobState>({ kind: 'idle' });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const follow = useCallback(
    async (jobId: string, fileName: string) => {
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (!alive.current) return;
        const job = await call(tasks.getJob, { params: { id: jobId } });
        if (!alive.current) return;
        const result = readResult(job.result);
        if (job.status === 'running') {
          setState({ kind: 'running', fileName, progress: job.progress, total: job.total, result });
          continue;
        }
        if (!result) {
          setState({ kind: 'refused', message: t('sheetJobLost'), details: [] });
          return;
        }
        setState({ kind: 'done', result });
        if (job.status === 'succeeded' && !result.dryRun) onImported();
        return;
      }
    },
    [onImported, t],
  );

  const start = (file: File) => {
    setState({ kind: 'uploading', fileName: file.name });
    upload(tasks.importTasks, { id: campaignId }, [file])
      .then((job) => follow(job.id, file.name))
      .catch((e: unknown) => {
        if (!alive.current) return;
        if (e instanceof ApiError) setState({ kind: 'refused', message: e.message, details: e.issues.map((i) => i.message) });
        else setState({ kind: 'refused', message: String((e as Error).message ?? e), details: [] });
      });
  };

  const busy = state.kind === 'uploading' || state.kind === 'running';
  const phase = state.kind === 'running' ? state.result?.phase : undefined;
  const percent = state.kind === 'running' && state.total > 0 ? Math.min(100, Math.floor((state.progress / state.total) * 100)) : 0;

  return (
    <Modal
      open
      width={760}
      title={t('sheetImportTitle')}
      onCancel={() => !busy && onClose()}
      // the outcome is only shown here: the dialog stays until the import has ended
      maskClosable={!busy}
      closable={!busy}
      keyboard={!busy}
      footer={
        <Button onClick={onClose} disabled={busy} type={state.kind === 'done' ? 'primary' : 'default'}>
          {state.kind === 'done' ? t('close') : t('cancel')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('sheetImportHint')}</Typography.Paragraph>
      {!busy && (
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            start(file);
            return false;
          }}
        >
          <p style={{ margin: '12px 0' }}>{state.kind === 'idle' ? t('sheetChoose') : t('sheetChooseAgain')}</p>
        </Upload.Dragger>
      )}
      {busy && (
        <div data-testid="sheet-progress" style={{ padding: '12px 0' }}>
          <Typography.Text>
            {state.fileName} · {phase ? t(`sheetPhase_${phase}`) : t('sheetUploading')}
          </Typography.Text>
          <Progress percent={percent} status="active" />
        </div>
      )}
      {state.kind === 'refused' && (
        <div data-testid="sheet-refused" style={{ marginTop: 12 }}>
          <Alert type="error" showIcon message={state.message} description={state.details.length ? state.details.join(';') : undefined} />
        </div>
      )}
      {state.kind === 'done' && <ImportOutcome result={state.result} lang={lang} />}
    </Modal>
  );
}

function ImportOutcome({ result, lang }: { result: TaskImportResultT; lang: 'zh' | 'en' }) {
  const t = useT(taskDict);
  if (result.failure) {
    return (
      <div data-testid="sheet-refused" style={{ marginTop: 12 }}>
        <Alert type="error" showIcon message={t('sheetNothingSaved')} description={result.failure[lang]} />
      </div>
    );
  }
  if (result.errorCount > 0) {
    return (
      <div style={{ marginTop: 12 }} data-testid="sheet-errors" data-count={result.errorCount}>
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('sheetNothingSaved')}
          description={
            result.errorCount > result.errors.length
              ? t('sheetErrorsSome', { n: result.errorCount, shown: result.errors.length })
              : t('sheetErrorsAll', { n: result.errorCount })
          }
        />
        <Table<TaskImportIssueT & { key: number }>
          size="small"
          rowKey="key"
          dataSource={result.errors.map((e, key) => ({ ...e, key }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: t('sheetRow'), dataIndex: 'row', width: 72 },
            { title: t('sheetColumn'), dataIndex: 'column', width: 140 },
            { title: t('sheetProblem'), key: 'message', render: (_: unknown, e) => e[lang] },
          ]}
        />
      </div>
    );
  }
  return (
    <div data-testid="sheet-done">
      <Result
        status="success"
        title={result.dryRun ? t('sheetChecked', { n: result.rows }) : t('sheetImported', { n: result.rows })}
        subTitle={t('sheetCounts', { created: result.created, updated: result.updated, unchanged: result.unchanged })}
      />
    </div>
  );
}
