/**
 * 节假日安排: the days off and make-up working days of a year that the petition clocks count
 * against (the last day of a period on a rest day moves to the next working day). The office adds
 * or removes a day with a note, or imports a whole year from pasted lines or an .xlsx sheet.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { cases, type ResponseOf } from '@luoshi/contracts';
import { call, upload } from '../../lib/api.ts';
import { FormModal } from '../../lib/form-modal.tsx';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { casesDict } from './messages.ts';

type DayT = ResponseOf<typeof cases.listHolidays>['days'][number];

const WEEKDAYS = { zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };

export function HolidaysPanel({ initialYear }: { initialYear: number }) {
  const t = useT(casesDict);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [year, setYear] = useState(initialYear);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const { busy, run } = useAction();
  const [settled, setSettled] = useState(false);
  const list = useLoad(
    (signal) =>
      call(cases.listHolidays, { query: { year }, signal }).then((r) => {
        // first visit: a year without a schedule opens the newest year that has one
        if (!settled) {
          setSettled(true);
          if (!r.days.length && r.years.length && r.years[0] !== year) setYear(r.years[0]!);
        }
        return r;
      }),
    [year],
  );
  const done = (r: { redated: number }, key: 'daySaved' | 'imported') => {
    void message.success(t(key, { n: r.redated }));
    list.reload();
  };
  const remove = (date: string) =>
    run(() => call(cases.deleteHoliday, { params: { date } }))
      .then((r) => done(r, 'daySaved'))
      .catch(() => undefined);
  const importSheet = (file: File) =>
    run(() => upload(cases.importHolidaysXlsx, { year }, [file]))
      .then((r) => done(r, 'imported'))
      .catch(() => undefined);
  const years = [...new Set([year, initialYear, ...(list.data?.years ?? [])])].sort((a, b) => b - a);

  return (
    <>
      <Alert type="info" showIcon message={t('holidaysHint')} style={{ marginBottom: 12 }} data-testid="holidays-hint" />
      {list.data && !list.data.shiftToWorkingDay ? <Alert type="warning" showIcon message={t('shiftOff')} style={{ marginBottom: 12 }} /> : null}
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select aria-label={t('year')} value={year} style={{ width: 110 }} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} />
        <InputNumber aria-label={t('year')} min={2000} max={2100} precision={0} placeholder={t('year')} onPressEnter={(e) => {
          const v = Number((e.target as HTMLInputElement).value);
          if (v >= 2000 && v <= 2100) setYear(v);
        }} />
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('addDay')}
        </Button>
        <Button onClick={() => setImporting(true)}>{t('importYear')}</Button>
        <Button loading={busy} onClick={() => fileInput.current?.click()} title={t('importXlsxHint')}>
          {t('importXlsx')}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".xlsx"
          hidden
          aria-label={t('importXlsx')}
          data-testid="holidays-import-xlsx"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importSheet(f);
          }}
        />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<DayT>
        rowKey="date"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.days ?? []}
        pagination={false}
        locale={{ emptyText: t('noHolidays') }}
        data-testid="holidays-table"
        columns={[
          { title: t('date'), dataIndex: 'date' },
          { title: t('weekday'), dataIndex: 'weekday', render: (w: number) => WEEKDAYS[lang === 'en' ? 'en' : 'zh'][w] },
          { title: t('dayKind'), dataIndex: 'kind', render: (k: DayT['kind']) => (k === 'rest' ? <Tag color="green">{t('restDay')}</Tag> : <Tag color="orange">{t('workDay')}</Tag>) },
          { title: t('note'), dataIndex: 'note' },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, d) => (
              <Popconfirm title={t('removeDay')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => remove(d.date)}>
                <Button size="small" type="link" danger>
                  {t('delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {adding && (
        <FormModal<{ date: string; kind: DayT['kind']; note?: string }>
          title={t('addDay')}
          initialValues={{ kind: 'rest' }}
          submit={(v) => call(cases.setHoliday, { params: { date: v.date }, body: { kind: v.kind, note: v.note?.trim() ?? '' } })}
          onClose={() => setAdding(false)}
          onDone={(r) => done(r as { redated: number }, 'daySaved')}
        >
          <Form.Item name="date" label={t('date')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="kind" label={t('dayKind')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'rest', label: t('restDay') },
                { value: 'work', label: t('workDay') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('note')} rules={[{ max: 60 }]}>
            <Input placeholder="国庆节" />
          </Form.Item>
        </FormModal>
      )}
      {importing && (
        <FormModal<{ text: string }>
          title={t('importTitle', { year })}
          width={640}
          submit={(v) => call(cases.importHolidays, { body: { year, text: v.text } })}
          onClose={() => setImporting(false)}
          onDone={(r) => done(r as { redated: number }, 'imported')}
        >
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {t('importHint')}
          </Typography.Paragraph>
          <Form.Item name="text" label={t('importLines')} rules={[{ required: true, whitespace: true }, { max: 20000 }]}>
            <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
