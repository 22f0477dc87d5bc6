/**
 * 待我评议: the efficiency questionnaires open now that this user is asked to answer — an invited
 * deputy (人大代表、政协委员, often an account without a unit) or a staff member as an internal
 * rater — each answered once, in the same dialog as on the evaluation page.
 */
import { useState } from 'react';
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { evaluation, type MySurveyT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { AnswerDialog } from './surveys-page.tsx';

export function MySurveysPage() {
  const t = useT(dict);
  const list = useLoad((signal) => call(evaluation.mySurveys, { signal }), []);
  const [answering, setAnswering] = useState<MySurveyT | null>(null);
  const items = list.data?.items ?? [];
  return (
    <Page title={t('mySurveysTitle')}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('mySurveysHint')} />
      <ErrorAlert error={list.error} />
      {items.length === 0 && !list.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} />}
      {items.map((s) => (
        <Card
          key={s.id}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="my-survey"
          title={
            <Space wrap>
              <span>{s.title}</span>
              <Tag color={s.answered ? 'blue' : 'green'} data-testid="my-survey-state">
                {t(s.answered ? 'alreadyAnswered' : 'notAnswered')}
              </Tag>
            </Space>
          }
          extra={
            s.answered ? null : (
              <Button size="small" type="primary" onClick={() => setAnswering(s)}>
                {t('answer')}
              </Button>
            )
          }
        >
          {s.description && <Typography.Paragraph>{s.description}</Typography.Paragraph>}
          <Typography.Paragraph type="secondary">
            {t('asGroup')}
            {t('colon')}
            {t(`aud_${s.group}`)};{t('ratedUnits')}
            {t('colon')}
            {s.units.map((u) => u.name).join('、')}
          </Typography.Paragraph>
        </Card>
      ))}
      <AnswerDialog
        survey={answering}
        onClose={(saved) => {
          setAnswering(null);
          if (saved) list.reload();
        }}
      />
    </Page>
  );
}
