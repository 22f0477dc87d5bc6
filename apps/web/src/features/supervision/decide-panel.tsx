/**
 * The leader's decision in two taps: 同意 then 确认同意 (an opinion may be added); 不同意 opens a
 * box for the reasons, which a rejection needs, then 确认不同意. Big buttons, for a phone.
 */
import { useState } from 'react';
import { Button, Flex, Input } from 'antd';
import { supervision, type NoticeT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { dict } from './messages.ts';
import { approvalsChanged } from './events.ts';

export function DecidePanel({ noticeId, onDecided }: { noticeId: string; onDecided: (n: NoticeT) => void }) {
  const t = useT(dict);
  const { busy, run } = useAction();
  const [mode, setMode] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');

  const decide = async (decision: 'approve' | 'reject') => {
    try {
      const n = await run(
        () =>
          call(supervision.decideNotice, {
            params: { id: noticeId },
            body: { decision, reason: reason.trim() },
          }),
        decision === 'approve' ? t('approved') : t('rejected'),
      );
      setMode(null);
      setReason('');
      approvalsChanged();
      onDecided(n);
    } catch {
      // the message is shown; the panel stays open to try again
    }
  };

  if (!mode) {
    return (
      <Flex gap={12} data-testid="decide-panel">
        <Button type="primary" size="large" style={{ flex: 1 }} onClick={() => setMode('approve')}>
          {t('approve')}
        </Button>
        <Button danger size="large" style={{ flex: 1 }} onClick={() => setMode('reject')}>
          {t('reject')}
        </Button>
      </Flex>
    );
  }
  const rejecting = mode === 'reject';
  return (
    <Flex vertical gap={8} data-testid="decide-panel">
      <Input.TextArea
        aria-label={rejecting ? t('rejectReason') : t('approveOpinion')}
        placeholder={rejecting ? t('rejectReason') : t('approveOpinion')}
        autoSize={{ minRows: rejecting ? 3 : 1, maxRows: 6 }}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        autoFocus={rejecting}
        status={rejecting && !reason.trim() ? 'warning' : undefined}
      />
      <Flex gap={12}>
        <Button
          type="primary"
          danger={rejecting}
          size="large"
          style={{ flex: 2 }}
          loading={busy}
          disabled={rejecting && !reason.trim()}
          onClick={() => void decide(mode)}
        >
          {rejecting ? t('confirmReject') : t('confirmApprove')}
        </Button>
        <Button
          size="large"
          style={{ flex: 1 }}
          disabled={busy}
          onClick={() => {
            setMode(null);
            setReason('');
          }}
        >
          {t('cancel')}
        </Button>
      </Flex>
    </Flex>
  );
}
