/** A unit plan's content: the editor (organisation, staff, goals, measures, time nodes) and its read-only view. */
import { Button, Descriptions, Flex, Form, Input, Table, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useT } from '../../lib/i18n.tsx';
import { planDict } from './messages.ts';

export interface PlanContent {
  organisation: string;
  staff: { name: string; post: string; phone: string }[];
  goals: string[];
  measures: string[];
  timeNodes: { date: string; item: string }[];
}

export const EMPTY_PLAN: PlanContent = { organisation: '', staff: [], goals: [], measures: [], timeNodes: [] };

function TextList({ name, label }: { name: 'goals' | 'measures'; label: string }) {
  const t = useT(planDict);
  return (
    <Form.Item label={label}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <Flex vertical gap={4}>
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} align="start">
                <span style={{ paddingTop: 5, minWidth: 20 }}>{i + 1}.</span>
                <Form.Item
                  name={f.name}
                  style={{ flex: 1, marginBottom: 4 }}
                  rules={[{ required: true, whitespace: true, message: t('required') }, { max: 1000 }]}
                >
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} aria-label={`${label} ${i + 1}`} />
                </Form.Item>
                <Button type="link" danger onClick={() => remove(f.name)}>
                  {t('remove')}
                </Button>
              </Flex>
            ))}
            <Button type="dashed" onClick={() => add('')}>
              + {t('add', { x: label })}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

export function PlanEditor({ form, initial, onFinish }: { form: FormInstance<PlanContent>; initial: PlanContent; onFinish: (v: PlanContent) => void }) {
  const t = useT(planDict);
  return (
    <Form<PlanContent> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} scrollToFirstError>
      <Form.Item name="organisation" label={t('organisation')} rules={[{ max: 2000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('organisationHint')} />
      </Form.Item>
      <Form.Item label={t('staff')}>
        <Form.List name="staff">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="start">
                  <Form.Item
                    name={[f.name, 'name']}
                    style={{ width: 120, marginBottom: 4 }}
                    rules={[{ required: true, whitespace: true, message: t('required') }, { max: 40 }]}
                  >
                    <Input placeholder={t('staffName')} aria-label={t('staffName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'post']} style={{ width: 160, marginBottom: 4 }} rules={[{ max: 60 }]}>
                    <Input placeholder={t('staffPost')} aria-label={t('staffPost')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} style={{ width: 150, marginBottom: 4 }} rules={[{ max: 30 }]}>
                    <Input placeholder={t('staffPhone')} aria-label={t('staffPhone')} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    {t('remove')}
                  </Button>
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ name: '', post: '', phone: '' })}>
                + {t('add', { x: t('staff') })}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <TextList name="goals" label={t('goals')} />
      <TextList name="measures" label={t('measures')} />
      <Form.Item label={t('timeNodes')}>
        <Form.List name="timeNodes">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="start">
                  <Form.Item name={[f.name, 'date']} style={{ width: 170, marginBottom: 4 }} rules={[{ required: true, message: t('required') }]}>
                    <Input type="date" aria-label={t('date')} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'item']}
                    style={{ flex: 1, minWidth: 200, marginBottom: 4 }}
                    rules={[{ required: true, whitespace: true, message: t('required') }, { max: 500 }]}
                  >
                    <Input placeholder={t('item')} aria-label={t('item')} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    {t('remove')}
                  </Button>
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ date: '', item: '' })}>
                + {t('add', { x: t('timeNodes') })}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
    </Form>
  );
}

export function PlanView({ content }: { content: PlanContent }) {
  const t = useT(planDict);
  const empty = <Typography.Text type="secondary">{t('nothing')}</Typography.Text>;
  const list = (xs: string[]) =>
    xs.length ? (
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {xs.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ol>
    ) : (
      empty
    );
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        {
          key: 'org',
          label: t('organisation'),
          children: content.organisation ? <span style={{ whiteSpace: 'pre-wrap' }}>{content.organisation}</span> : empty,
        },
        {
          key: 'staff',
          label: t('staff'),
          children: content.staff.length ? content.staff.map((s, i) => <div key={i}>{[s.name, s.post, s.phone].filter(Boolean).join(' · ')}</div>) : empty,
        },
        { key: 'goals', label: t('goals'), children: list(content.goals) },
        { key: 'measures', label: t('measures'), children: list(content.measures) },
        {
          key: 'nodes',
          label: t('timeNodes'),
          children: content.timeNodes.length ? (
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={content.timeNodes}
              columns={[
                { title: t('date'), dataIndex: 'date', width: 120 },
                { title: t('item'), dataIndex: 'item' },
              ]}
            />
          ) : (
            empty
          ),
        },
      ]}
    />
  );
}
