/** Create or edit a campaign: year, name, dates, overall requirements, goals, streams, measures (and, new, its lists). */
import { useState } from 'react';
import { Button, Card, Flex, Form, Input, InputNumber, Modal } from 'antd';
import { campaigns, type CampaignT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyNestedServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { campaignDict } from './messages.ts';

interface Keyed {
  key: string;
  title: string;
  description?: string;
}
interface Values {
  year: number;
  name: string;
  startDate: string;
  endDate: string;
  requirements?: string;
  goals?: Keyed[];
  streams?: Keyed[];
  measures?: Keyed[];
  lists?: { name: string; size: number }[];
}

const DEFAULT_LISTS = [
  { name: '十大创建工程', size: 10 },
  { name: '十大城市建设工程', size: 10 },
  { name: '十大城市管理工程', size: 10 },
  { name: '十大民生工程', size: 10 },
];

function KeyedList({ name, label }: { name: 'goals' | 'streams' | 'measures'; label: string }) {
  const t = useT(campaignDict);
  return (
    <Form.Item label={label}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <Flex vertical gap={8}>
            {fields.map((f, i) => (
              <Card
                size="small"
                key={f.key}
                title={`${label} ${i + 1}`}
                extra={
                  <Button size="small" type="link" danger onClick={() => remove(f.name)}>
                    {t('remove')}
                  </Button>
                }
              >
                <Flex gap={8} wrap>
                  <Form.Item
                    name={[f.name, 'key']}
                    label={t('key')}
                    tooltip={t('keyHint')}
                    style={{ width: 160, marginBottom: 8 }}
                    rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_-]+$/, message: t('keyHint') }, { max: 40 }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'title']}
                    label={t('itemTitle')}
                    style={{ flex: 1, minWidth: 200, marginBottom: 8 }}
                    rules={[{ required: true, whitespace: true, message: t('required') }, { max: 200 }]}
                  >
                    <Input />
                  </Form.Item>
                </Flex>
                <Form.Item name={[f.name, 'description']} label={t('description')} style={{ marginBottom: 0 }} rules={[{ max: 2000 }]}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
                </Form.Item>
              </Card>
            ))}
            <Button type="dashed" onClick={() => add({ key: '', title: '', description: '' })}>
              + {t('addItem')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

export function CampaignFormModal({ campaign, onClose, onSaved }: { campaign?: CampaignT; onClose: () => void; onSaved: (c: CampaignT) => void }) {
  const t = useT(campaignDict);
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const year = new Date().getFullYear();

  async function submit(v: Values) {
    const fields = {
      year: v.year,
      name: v.name,
      startDate: v.startDate,
      endDate: v.endDate,
      requirements: v.requirements ?? '',
      goals: (v.goals ?? []).map((g) => ({ ...g, description: g.description ?? '' })),
      streams: (v.streams ?? []).map((g) => ({ ...g, description: g.description ?? '' })),
      measures: (v.measures ?? []).map((g) => ({ ...g, description: g.description ?? '' })),
    };
    setError(null);
    setRest([]);
    try {
      const saved = await run(
        () =>
          campaign
            ? call(campaigns.updateCampaign, { params: { id: campaign.id }, body: fields })
            : call(campaigns.createCampaign, { body: { ...fields, lists: v.lists ?? [] } }),
        campaign ? t('saved') : t('created'),
      );
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyNestedServerErrors(form, e));
    }
  }

  return (
    <Modal
      open
      width={760}
      title={campaign ? t('editCampaign') : t('newCampaign')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          campaign
            ? { ...campaign }
            : {
                year,
                name: `${year}年政府工作执行年活动`,
                startDate: `${year}-01-01`,
                endDate: `${year}-12-31`,
                goals: [],
                streams: [],
                measures: [],
                lists: DEFAULT_LISTS,
              }
        }
      >
        <Flex gap={12} wrap>
          <Form.Item name="year" label={t('year')} rules={[{ required: true, message: t('required') }]} style={{ width: 120 }}>
            <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('name')}
            rules={[{ required: true, whitespace: true, message: t('required') }, { max: 100 }]}
            style={{ flex: 1, minWidth: 240 }}
          >
            <Input />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="startDate" label={t('startDate')} rules={[{ required: true, message: t('required') }]} style={{ minWidth: 180 }}>
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="endDate"
            label={t('endDate')}
            dependencies={['startDate']}
            style={{ minWidth: 180 }}
            rules={[
              { required: true, message: t('required') },
              ({ getFieldValue }) => ({
                validator: (_, v: string) =>
                  !v || !getFieldValue('startDate') || v >= getFieldValue('startDate') ? Promise.resolve() : Promise.reject(new Error(t('endBeforeStart'))),
              }),
            ]}
          >
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Form.Item name="requirements" label={t('requirements')} rules={[{ max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <KeyedList name="goals" label={t('goals')} />
        <KeyedList name="streams" label={t('streams')} />
        <KeyedList name="measures" label={t('measures')} />
        {!campaign && (
          <Form.Item label={t('lists')}>
            <Form.List name="lists">
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  {fields.map((f) => (
                    <Flex key={f.key} gap={8} align="start">
                      <Form.Item
                        name={[f.name, 'name']}
                        style={{ flex: 1, marginBottom: 4 }}
                        rules={[{ required: true, whitespace: true, message: t('required') }, { max: 60 }]}
                      >
                        <Input aria-label={t('listName')} placeholder={t('listName')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'size']} style={{ width: 110, marginBottom: 4 }} rules={[{ required: true, message: t('required') }]}>
                        <InputNumber aria-label={t('listSize')} min={1} max={1000} style={{ width: '100%' }} />
                      </Form.Item>
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('remove')}
                      </Button>
                    </Flex>
                  ))}
                  <Button type="dashed" onClick={() => add({ name: '', size: 10 })}>
                    + {t('addList')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
