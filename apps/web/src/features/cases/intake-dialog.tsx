/**
 * 登记诉求: staff enter a hotline call, a letter, a visit or a media report. After saving, cases
 * with similar text are offered for a duplicate check before the new case opens.
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Checkbox, Col, Form, Input, List, Modal, Row, Select, Typography } from 'antd';
import { cases, type BodyOf } from '@luoshi/contracts';
import { CASE_CHANNEL_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { FormModal } from '../../lib/form-modal.tsx';
import { today } from '../../lib/format.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { casesDict } from './messages.ts';
import { useCategories, useRegions, type CaseDetailT, type SimilarT } from './parts.tsx';

type Channel = 'hotline' | 'letter' | 'visit' | 'media';
const CHANNELS: Channel[] = ['hotline', 'letter', 'visit', 'media'];

interface Values {
  channel: Channel;
  categoryId: string;
  title?: string;
  content: string;
  regionId?: string;
  address?: string;
  anonymous?: boolean;
  name?: string;
  phone?: string;
  idNumber?: string;
  email?: string;
  receivedOn?: string;
  sourceNote?: string;
}

export function IntakeDialog({ onClose, onSaved }: { onClose: () => void; onSaved: (c: CaseDetailT) => void }) {
  const t = useT(casesDict);
  const label = useLabel();
  const { categories } = useCategories();
  const regions = useRegions();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form);
  const channel = Form.useWatch('channel', form);
  const [done, setDone] = useState<{ c: CaseDetailT; similar: SimilarT[] } | null>(null);
  const saved = useRef(false);

  if (done) {
    return (
      <Modal open title={t('registered', { number: done.c.number })} okText={t('openCase')} cancelText={t('back')} onOk={() => onSaved(done.c)} onCancel={onClose}>
        {done.c.checkCode ? (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`${t('checkCode')}${t('colon')}${done.c.checkCode}`} description={t('checkCodeHint')} />
        ) : null}
        {done.similar.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('similarFound')} /> : null}
        <List
          size="small"
          header={t('similar')}
          locale={{ emptyText: t('noSimilar') }}
          dataSource={done.similar}
          renderItem={(s) => (
            <List.Item>
              <Link to={`/app/cases/${s.id}`} onClick={onClose}>
                {s.number}
              </Link>{' '}
              {s.title} <Typography.Text type="secondary">{s.ownerUnitName ?? ''} · {Math.round(s.score * 100)}%</Typography.Text>
            </List.Item>
          )}
        />
      </Modal>
    );
  }

  const submit = async (v: Values) => {
    const body: BodyOf<typeof cases.intakeCase> = {
      channel: v.channel,
      categoryId: v.categoryId,
      title: v.title?.trim() ?? '',
      content: v.content.trim(),
      regionId: v.regionId ?? null,
      address: v.address?.trim() ?? '',
      anonymous: !!v.anonymous,
      name: v.anonymous ? '' : (v.name?.trim() ?? ''),
      phone: v.anonymous ? '' : (v.phone?.trim() ?? ''),
      idNumber: v.anonymous ? '' : (v.idNumber?.trim() ?? ''),
      email: v.anonymous ? '' : (v.email?.trim() ?? ''),
      sourceNote: v.sourceNote?.trim() ?? '',
      ...(v.receivedOn ? { receivedOn: v.receivedOn } : {}),
    };
    return call(cases.intakeCase, { body });
  };

  return (
    <FormModal<Values>
      form={form}
      title={t('intakeTitle')}
      width={720}
      initialValues={{ channel: 'hotline', anonymous: false, receivedOn: today() }}
      submit={submit}
      onClose={() => {
        if (!saved.current) onClose();
      }}
      onDone={(r) => {
        saved.current = true;
        setDone({ c: (r as { case: CaseDetailT }).case, similar: (r as { similar: SimilarT[] }).similar });
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="channel" label={t('channel')} rules={[{ required: true }]}>
            <Select options={CHANNELS.map((c) => ({ value: c, label: label(CASE_CHANNEL_LABELS[c]) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="categoryId" label={t('category')} rules={[{ required: true, message: t('categoryRequired') }]}>
            <Select showSearch optionFilterProp="label" options={categories.filter((c) => c.active).map((c) => ({ value: c.id, label: label({ zh: c.name, en: c.nameEn }) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="receivedOn" label={t('receivedOn')}>
            <Input type="date" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t('title')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="content" label={t('content')} rules={[{ required: true, whitespace: true, message: t('contentRequired') }, { max: 5000 }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={10}>
          <Form.Item name="regionId" label={t('region')}>
            <Select allowClear showSearch optionFilterProp="label" options={regions.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="address" label={t('address')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      {channel === 'media' && (
        <Form.Item name="sourceNote" label={t('sourceNote')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="anonymous" valuePropName="checked">
        <Checkbox>{t('anonymous')}</Checkbox>
      </Form.Item>
      {!anonymous && (
        <Row gutter={12}>
          <Col xs={24} sm={6}>
            <Form.Item name="name" label={t('name')} rules={[{ max: 40 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item name="phone" label={t('phone')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item name="idNumber" label={t('idNumber')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item name="email" label={t('email')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      )}
    </FormModal>
  );
}
