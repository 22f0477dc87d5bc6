/**
 * The office creates a node under a parent (or at the top) and edits one: 定量 indicators, 定性
 * acceptance standard, 定岗 post, 定责 lead and cooperating units, dates and weight.
 */
import { useState } from 'react';
import { Button, Col, Flex, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { org, tasks, type CampaignT, type TaskDetailT, type TaskRowT } from '@luoshi/contracts';
import {
  NODE_TYPES,
  NODE_TYPE_LABELS,
  OBSTACLE_KINDS,
  OBSTACLE_KIND_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  SOURCE_KINDS,
  SOURCE_KIND_LABELS,
  TASK_STATUS_LABELS,
  type NodeType,
} from '@luoshi/domain';
import { ApiError, call, type Issue } from '../../lib/api.ts';
import { applyNestedServerErrors } from '../../lib/forms.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { useAllPeople, useAllUnits } from '../../lib/lookups.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';

interface Indicator {
  name: string;
  unit?: string;
  target?: number | null;
  baseline?: number | null;
}
interface Values {
  nodeType: NodeType;
  code?: string;
  title: string;
  description?: string;
  streamKey?: string;
  sourceKind: (typeof SOURCE_KINDS)[number];
  sourceRef?: string;
  listId?: string;
  priority: (typeof PRIORITIES)[number];
  leadUnitId?: string;
  cooperatingUnitIds?: string[];
  postId?: string;
  acceptanceStandard?: string;
  plannedStart?: string;
  plannedEnd?: string;
  weight: number;
  obstacleKind?: (typeof OBSTACLE_KINDS)[number];
  coordinatorPersonId?: string;
  indicators?: Indicator[];
  status?: 'not_started' | 'in_progress' | 'cancelled';
}

export type TaskFormMode = { kind: 'create'; parent: TaskRowT | null } | { kind: 'edit'; task: TaskDetailT };

const CHILD_TYPE: Record<NodeType, NodeType> = { goal: 'project', project: 'task', task: 'milestone', milestone: 'milestone', obstacle: 'obstacle' };

function indicatorsOf(list: Indicator[] | undefined) {
  return (list ?? []).map((i) => ({ name: i.name, unit: i.unit ?? '', target: i.target ?? null, baseline: i.baseline ?? null }));
}

export function TaskFormModal({
  campaign,
  mode,
  onClose,
  onSaved,
}: {
  campaign: CampaignT;
  mode: TaskFormMode;
  onClose: () => void;
  onSaved: (t: TaskDetailT) => void;
}) {
  const t = useT(taskDict);
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const { units } = useAllUnits();
  const { people } = useAllPeople();
  const nodeType = Form.useWatch('nodeType', form);
  const leadUnitId = Form.useWatch('leadUnitId', form);
  const posts = useLoad(
    (signal) => (leadUnitId ? call(org.getUnit, { params: { id: leadUnitId }, signal }).then((u) => u.posts) : Promise.resolve([])),
    [leadUnitId],
  );
  const editing = mode.kind === 'edit' ? mode.task : null;
  const parent = mode.kind === 'create' ? mode.parent : null;

  const initial: Partial<Values> = editing
    ? {
        nodeType: editing.nodeType,
        title: editing.title,
        description: editing.description,
        streamKey: editing.streamKey ?? undefined,
        sourceKind: editing.sourceKind,
        sourceRef: editing.sourceRef ?? undefined,
        listId: editing.listId ?? undefined,
        priority: editing.priority,
        leadUnitId: editing.leadUnitId ?? undefined,
        cooperatingUnitIds: editing.cooperatingUnitIds,
        postId: editing.postId ?? undefined,
        acceptanceStandard: editing.acceptanceStandard,
        plannedStart: editing.plannedStart ?? undefined,
        plannedEnd: editing.plannedEnd ?? undefined,
        weight: editing.weight,
        obstacleKind: editing.obstacleKind ?? undefined,
        coordinatorPersonId: editing.coordinator?.personId ?? undefined,
        indicators: editing.indicators.map((i) => ({ name: i.name, unit: i.unit, target: i.target, baseline: i.baseline })),
        status: editing.status === 'completed' ? undefined : editing.status,
      }
    : {
        nodeType: parent ? CHILD_TYPE[parent.nodeType] : 'goal',
        sourceKind: parent?.sourceKind ?? 'other',
        streamKey: parent?.streamKey ?? undefined,
        priority: 'normal',
        weight: 1,
        leadUnitId: parent?.leadUnitId ?? undefined,
        plannedEnd: parent?.plannedEnd ?? undefined,
        indicators: [],
      };

  async function submit(v: Values) {
    const common = {
      title: v.title,
      description: v.description ?? '',
      streamKey: v.streamKey ?? null,
      sourceKind: v.sourceKind,
      sourceRef: v.sourceRef?.trim() || null,
      listId: v.listId ?? null,
      priority: v.priority,
      leadUnitId: v.leadUnitId ?? null,
      cooperatingUnitIds: v.cooperatingUnitIds ?? [],
      postId: v.postId ?? null,
      acceptanceStandard: v.acceptanceStandard ?? '',
      plannedStart: v.plannedStart || null,
      plannedEnd: v.plannedEnd || null,
      weight: v.weight ?? 1,
      obstacleKind: v.nodeType === 'obstacle' ? (v.obstacleKind ?? null) : null,
      coordinatorPersonId: v.coordinatorPersonId ?? null,
    };
    setError(null);
    setRest([]);
    try {
      let saved: TaskDetailT;
      if (editing) {
        // indicators are rewritten when sent (their actuals start again), so only a real change sends them
        const changed = JSON.stringify(indicatorsOf(v.indicators)) !== JSON.stringify(indicatorsOf(initial.indicators));
        saved = await run(
          () =>
            call(tasks.updateTask, {
              params: { id: editing.id },
              body: {
                rowVersion: editing.rowVersion,
                ...common,
                ...(changed ? { indicators: indicatorsOf(v.indicators) } : {}),
                ...(v.status ? { status: v.status } : {}),
              },
            }),
          t('saved'),
        );
      } else {
        saved = await run(
          () =>
            call(tasks.createTask, {
              params: { id: campaign.id },
              body: {
                ...common,
                parentId: parent?.id ?? null,
                nodeType: v.nodeType,
                code: v.code?.trim() || undefined,
                indicators: indicatorsOf(v.indicators),
              },
            }),
          t('created'),
        );
      }
      onSaved(saved);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        setError(new ApiError(409, 'CONFLICT', t('conflict')));
        onSaved(editing!);
        return;
      }
      setError(e);
      setRest(applyNestedServerErrors(form, e));
    }
  }

  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));
  const title = editing ? t('editTask') : parent ? t('newChildOf', { parent: `${parent.code} ${parent.title}` }) : t('newNode');
  return (
    <Modal
      open
      width={820}
      title={title}
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
        initialValues={initial}
        scrollToFirstError
        onValuesChange={(changed: Partial<Values>) => {
          if ('leadUnitId' in changed) form.setFieldValue('postId', undefined);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="nodeType" label={t('nodeType')} rules={[{ required: true, message: t('required') }]}>
              <Select disabled={!!editing} options={NODE_TYPES.map((n) => ({ value: n, label: label(NODE_TYPE_LABELS[n]) }))} />
            </Form.Item>
          </Col>
          {!editing && (
            <Col xs={24} sm={16}>
              <Form.Item name="code" label={t('codeOptional')} rules={[{ pattern: /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, message: t('code') }, { max: 40 }]}>
                <Input placeholder={parent ? `${parent.code}.1` : '1'} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="title" label={t('title')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 300 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="leadUnitId" label={t('leadUnit')}>
              <Select allowClear showSearch optionFilterProp="label" options={unitOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="postId" label={t('post')}>
              <Select
                allowClear
                disabled={!leadUnitId}
                options={(posts.data ?? []).map((p) => ({ value: p.id, label: `${p.title}${p.holder ? ` · ${p.holder.name}` : ''}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="cooperatingUnitIds" label={t('cooperating')}>
              <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={unitOptions.filter((u) => u.value !== leadUnitId)} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="plannedStart" label={t('plannedStart')}>
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="plannedEnd"
              label={t('plannedEnd')}
              rules={[{ required: nodeType === 'task' || nodeType === 'milestone' || nodeType === 'obstacle', message: t('required') }]}
            >
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="weight" label={t('weight')} rules={[{ required: true, message: t('required') }]}>
              <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="priority" label={t('priority')}>
              <Select options={PRIORITIES.map((p) => ({ value: p, label: label(PRIORITY_LABELS[p]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="streamKey" label={t('stream')}>
              <Select allowClear options={campaign.streams.map((s) => ({ value: s.key, label: s.title }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="listId" label={t('list')}>
              <Select allowClear options={campaign.lists.map((l) => ({ value: l.id, label: `${l.name}(${l.taskCount}/${l.size})` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sourceKind" label={t('sourceKind')}>
              <Select options={SOURCE_KINDS.map((s) => ({ value: s, label: label(SOURCE_KIND_LABELS[s]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sourceRef" label={t('sourceRef')} rules={[{ max: 300 }]}>
              <Input />
            </Form.Item>
          </Col>
          {nodeType === 'obstacle' && (
            <Col xs={24} sm={12}>
              <Form.Item name="obstacleKind" label={t('obstacleKind')} rules={[{ required: true, message: t('required') }]}>
                <Select options={OBSTACLE_KINDS.map((o) => ({ value: o, label: label(OBSTACLE_KIND_LABELS[o]) }))} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="coordinatorPersonId" label={t('coordinator')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={people.filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.name}${p.title ? ` · ${p.title}` : ''}` }))}
              />
            </Form.Item>
          </Col>
          {editing && editing.status !== 'completed' && (
            <Col xs={24} sm={12}>
              <Form.Item name="status" label={t('status')}>
                <Select options={(['not_started', 'in_progress', 'cancelled'] as const).map((s) => ({ value: s, label: label(TASK_STATUS_LABELS[s]) }))} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="acceptanceStandard" label={t('acceptanceStandard')} rules={[{ max: 5000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('description')} rules={[{ max: 10000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('indicators')}>
          <Form.List name="indicators">
            {(fields, { add, remove }) => (
              <Flex vertical gap={4}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} wrap align="start">
                    <Form.Item
                      name={[f.name, 'name']}
                      style={{ flex: 1, minWidth: 160, marginBottom: 4 }}
                      rules={[{ required: true, whitespace: true, message: t('required') }, { max: 100 }]}
                    >
                      <Input placeholder={t('indicatorName')} aria-label={t('indicatorName')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unit']} style={{ width: 100, marginBottom: 4 }} rules={[{ max: 20 }]}>
                      <Input placeholder={t('indicatorUnit')} aria-label={t('indicatorUnit')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'target']} style={{ width: 110, marginBottom: 4 }}>
                      <InputNumber placeholder={t('target')} aria-label={t('target')} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'baseline']} style={{ width: 110, marginBottom: 4 }}>
                      <InputNumber placeholder={t('baseline')} aria-label={t('baseline')} style={{ width: '100%' }} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t('remove')}
                    </Button>
                  </Flex>
                ))}
                <Button type="dashed" onClick={() => add({ name: '', unit: '', target: null, baseline: null })}>
                  + {t('indicators')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}
