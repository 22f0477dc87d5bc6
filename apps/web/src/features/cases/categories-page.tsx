/**
 * 问题分类与分派规则: the office keeps the case categories (their codes are also the Open311
 * service codes) and the rules that route a new case to a unit by category and area.
 */
import { useState } from 'react';
import { Button, Checkbox, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Table, Tabs, Tag, Typography } from 'antd';
import { cases, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { FormModal } from '../../lib/form-modal.tsx';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useAllUnits } from '../../lib/lookups.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { casesDict } from './messages.ts';
import { useCategories, useRegions } from './parts.tsx';
import { HolidaysPanel } from './holidays-panel.tsx';
import { today } from '../../lib/format.ts';

type CategoryT = ResponseOf<typeof cases.listCategories>['items'][number];
type RuleT = ResponseOf<typeof cases.listRoutingRules>['items'][number];

interface CategoryValues {
  code: string;
  name: string;
  nameEn: string;
  group?: string;
  keywords?: string;
  description?: string;
  handleDays?: number | null;
  petition?: boolean;
  open311?: boolean;
  active?: boolean;
  sortOrder?: number;
}

function CategoryDialog({ category, onClose, onDone }: { category: CategoryT | null; onClose: () => void; onDone: () => void }) {
  const t = useT(casesDict);
  const submit = (v: CategoryValues) => {
    const body = {
      name: v.name.trim(),
      nameEn: v.nameEn.trim(),
      group: v.group?.trim() ?? '',
      keywords: v.keywords?.trim() ?? '',
      description: v.description?.trim() ?? '',
      handleDays: v.handleDays ?? null,
      petition: !!v.petition,
      open311: !!v.open311,
      active: !!v.active,
      sortOrder: v.sortOrder ?? 0,
    };
    return category ? call(cases.updateCategory, { params: { id: category.id }, body }) : call(cases.createCategory, { body: { ...body, code: v.code.trim() } });
  };
  return (
    <FormModal<CategoryValues>
      title={category ? t('editCategory') : t('newCategory')}
      width={640}
      success={t('categorySaved')}
      initialValues={category ?? { open311: true, active: true, petition: false, sortOrder: 0 }}
      submit={submit}
      onClose={onClose}
      onDone={onDone}
    >
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="code" label={t('code')} extra={category ? undefined : t('codeHint')} rules={[{ required: true }, { pattern: /^[a-z0-9_]{1,40}$/, message: t('codeHint') }]}>
            <Input disabled={!!category} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="name" label={t('nameZh')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="nameEn" label={t('nameEn')} rules={[{ required: true, whitespace: true }, { max: 80 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="group" label={t('group')} rules={[{ max: 60 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="handleDays" label={t('handleDays')} extra={t('handleDaysHint')}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="sortOrder" label={t('sortOrder')}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="keywords" label={t('keywords')} rules={[{ max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('description')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="petition" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{t('petitionCategory')}</Checkbox>
      </Form.Item>
      <Form.Item name="open311" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{t('open311')}</Checkbox>
      </Form.Item>
      <Form.Item name="active" valuePropName="checked">
        <Checkbox>{t('active')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

function RoutingRules() {
  const t = useT(casesDict);
  const { units } = useAllUnits();
  const regions = useRegions();
  const { categories } = useCategories();
  const [adding, setAdding] = useState(false);
  const rules = useLoad((signal) => call(cases.listRoutingRules, { signal }), []);
  const { run } = useAction();
  const remove = (id: string) =>
    run(() => call(cases.deleteRoutingRule, { params: { id } }), t('ruleDeleted'))
      .then(() => rules.reload())
      .catch(() => undefined);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('routingHint')}</Typography.Paragraph>
      <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
        {t('newRule')}
      </Button>
      <ErrorAlert error={rules.error} />
      <Table<RuleT>
        rowKey="id"
        size="middle"
        loading={rules.loading}
        dataSource={rules.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('category'), dataIndex: 'categoryName', render: (v: string | null) => v ?? t('anyCategory') },
          { title: t('region'), dataIndex: 'regionName', render: (v: string | null) => v ?? t('anyRegion') },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('priority'), dataIndex: 'priority' },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, r) => (
              <Popconfirm title={t('deleteRule')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => remove(r.id)}>
                <Button size="small" type="link" danger>
                  {t('delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {adding && (
        <FormModal<{ categoryId?: string; regionId?: string; unitId: string; priority?: number }>
          title={t('newRule')}
          success={t('ruleSaved')}
          initialValues={{ priority: 0 }}
          submit={(v) => call(cases.createRoutingRule, { body: { categoryId: v.categoryId ?? null, regionId: v.regionId ?? null, unitId: v.unitId, priority: v.priority ?? 0 } })}
          onClose={() => setAdding(false)}
          onDone={() => rules.reload()}
        >
          <Form.Item name="categoryId" label={t('category')}>
            <Select allowClear placeholder={t('anyCategory')} showSearch optionFilterProp="label" options={categories.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="regionId" label={t('region')}>
            <Select allowClear placeholder={t('anyRegion')} showSearch optionFilterProp="label" options={regions.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('unitRequired') }]}>
            <Select showSearch optionFilterProp="label" options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="priority" label={t('priority')}>
            <InputNumber min={-1000} max={1000} precision={0} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

export function CaseCategoriesPage() {
  const t = useT(casesDict);
  const { categories, reload, loading, error } = useCategories();
  const [editing, setEditing] = useState<CategoryT | null | 'new'>(null);
  return (
    <Page title={t('manageCategories')}>
      <Tabs
        items={[
          {
            key: 'categories',
            label: t('categories'),
            children: (
              <>
                <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
                  {t('newCategory')}
                </Button>
                <ErrorAlert error={error} />
                <Table<CategoryT>
                  rowKey="id"
                  size="middle"
                  loading={loading}
                  dataSource={categories}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: t('code'), dataIndex: 'code' },
                    { title: t('nameZh'), dataIndex: 'name' },
                    { title: t('nameEn'), dataIndex: 'nameEn' },
                    { title: t('group'), dataIndex: 'group' },
                    { title: t('handleDays'), dataIndex: 'handleDays', render: (v: number | null) => v ?? '' },
                    {
                      title: t('status'),
                      key: 'flags',
                      render: (_, c) => (
                        <>
                          {c.petition && <Tag color="volcano">{t('petition')}</Tag>}
                          {c.open311 && <Tag color="blue">Open311</Tag>}
                          {c.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>}
                        </>
                      ),
                    },
                    {
                      title: t('actions'),
                      key: 'actions',
                      render: (_, c) => (
                        <Button size="small" type="link" onClick={() => setEditing(c)}>
                          {t('edit')}
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          { key: 'routing', label: t('routing'), children: <RoutingRules /> },
          { key: 'holidays', label: t('holidays'), children: <HolidaysPanel initialYear={Number(today().slice(0, 4))} /> },
        ]}
      />
      {editing && <CategoryDialog category={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={reload} />}
    </Page>
  );
}
