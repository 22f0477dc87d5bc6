/** Create or edit a unit (name, short and English names, code, kind, functions, parent, order). */
import { useState } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { org, type UnitT } from '@luoshi/contracts';
import { UNIT_FUNCTIONS, UNIT_FUNCTION_LABELS, UNIT_KINDS, UNIT_KIND_LABELS, type UnitFunction, type UnitKind } from '@luoshi/domain';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';
import { unitOptions, useAllUnits } from './lookups.ts';

interface Values {
  name: string;
  shortName?: string;
  nameEn?: string;
  code?: string;
  kind: UnitKind;
  functions: UnitFunction[];
  parentId?: string;
  regionId?: string;
  sortOrder: number;
}

export function UnitFormModal({ unit, onClose, onSaved }: { unit?: UnitT; onClose: () => void; onSaved: (u: UnitT) => void }) {
  const t = useT(orgDict);
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const { units } = useAllUnits();
  const regions = useLoad((signal) => call(org.listRegions, { signal }), []);
  const regionOptions = (regions.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name}(${t(`level_${r.level}`)})` }));

  async function submit(v: Values) {
    const body = {
      name: v.name,
      shortName: v.shortName || null,
      nameEn: v.nameEn || null,
      code: v.code || null,
      kind: v.kind,
      functions: v.functions ?? [],
      parentId: v.parentId || null,
      regionId: v.regionId || null,
      sortOrder: v.sortOrder ?? 0,
    };
    setError(null);
    try {
      const saved = await run(
        () => (unit ? call(org.updateUnit, { params: { id: unit.id }, body }) : call(org.createUnit, { body })),
        t('saved'),
      );
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  }

  return (
    <Modal
      open
      title={unit ? t('editUnit') : t('newUnit')}
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
          unit
            ? { ...unit, shortName: unit.shortName ?? '', nameEn: unit.nameEn ?? '', code: unit.code ?? '', parentId: unit.parentId ?? undefined, regionId: unit.regionId ?? undefined }
            : { kind: 'department', functions: [], sortOrder: 0 }
        }
      >
        <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('shortName')} rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('nameEn')} rules={[{ max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="code" label={t('code')} rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')} rules={[{ required: true, message: t('required') }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: label(UNIT_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="functions" label={t('functions')}>
          <Select mode="multiple" allowClear options={UNIT_FUNCTIONS.map((f) => ({ value: f, label: label(UNIT_FUNCTION_LABELS[f]) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('parentUnit')}>
          <Select allowClear showSearch optionFilterProp="label" options={unitOptions(units.filter((u) => u.id !== unit?.id))} />
        </Form.Item>
        <Form.Item name="regionId" label={t('region')}>
          <Select allowClear showSearch optionFilterProp="label" options={regionOptions} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('sortOrder')}>
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
