/**
 * 佐证材料 (R-PROG-1): a report's evidence files. In the report form the files are chosen first and
 * uploaded to the draft when it is saved; a draft's files can be removed; every version lists its
 * files, photos as thumbnails, each a download of the original.
 */
import { Button, Flex, Popconfirm, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { files as fileApi, type ReportT } from '@luoshi/contracts';
import { fileUrl } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.tsx';
import { taskDict } from './messages.ts';

type Attachment = ReportT['attachments'][number];
export const MAX_FILES = 10;
const ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.ofd,.txt';

export function fileSize(n: number) {
  return n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function AttachmentItem({ a, onRemove }: { a: Attachment; onRemove?: () => void }) {
  const t = useT(taskDict);
  const href = fileUrl(fileApi.downloadAttachment, { id: a.id });
  return (
    <Flex className="ls-attachment" align="center" gap={8} data-testid="attachment">
      {a.hasThumbnail ? (
        <a href={href} download={a.name} title={a.name}>
          <img className="ls-thumb" src={fileUrl(fileApi.attachmentThumbnail, { id: a.id })} alt={a.name} loading="lazy" />
        </a>
      ) : (
        <span className="ls-file-icon" aria-hidden="true">
          {a.name.split('.').pop()?.slice(0, 4).toUpperCase()}
        </span>
      )}
      <Flex vertical style={{ minWidth: 0 }}>
        <a href={href} download={a.name} className="ls-attachment-name">
          {a.name}
        </a>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fileSize(a.size)} · {a.uploadedBy}
        </Typography.Text>
      </Flex>
      {onRemove && (
        <Popconfirm title={t('removeFileConfirm', { name: a.name })} okText={t('confirm')} cancelText={t('cancel')} onConfirm={onRemove}>
          <Button size="small" type="link" danger>
            {t('remove')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );
}

/** The files a version carries. */
export function AttachmentList({ items, onRemove }: { items: Attachment[]; onRemove?: (a: Attachment) => void }) {
  const t = useT(taskDict);
  if (!items.length) return null;
  return (
    <div>
      <Typography.Text type="secondary">{t('attachmentsN', { n: items.length })}</Typography.Text>
      <Flex gap={8} wrap style={{ marginTop: 4 }}>
        {items.map((a) => (
          <AttachmentItem key={a.id} a={a} onRemove={onRemove ? () => onRemove(a) : undefined} />
        ))}
      </Flex>
    </div>
  );
}

/** Choosing files in the report form; they are sent when the draft is saved. */
export function EvidencePicker({
  existing,
  carried,
  onRemoveExisting,
  chosen,
  onChoose,
}: {
  existing: Attachment[];
  /** a correction carries the files of the version it corrects */
  carried: boolean;
  onRemoveExisting?: (a: Attachment) => void;
  chosen: UploadFile[];
  onChoose: (f: UploadFile[]) => void;
}) {
  const t = useT(taskDict);
  const room = Math.max(0, MAX_FILES - chosen.length);
  return (
    <div className="ls-evidence" data-testid="evidence">
      <Typography.Text strong>{t('evidence')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px' }}>
        {t('evidenceHint', { n: MAX_FILES })}
      </Typography.Paragraph>
      {existing.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          {carried && <Typography.Text type="secondary">{t('evidenceCarried')}</Typography.Text>}
          <AttachmentList items={existing} onRemove={onRemoveExisting} />
        </div>
      )}
      <Upload
        multiple
        accept={ACCEPT}
        fileList={chosen}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChoose(fileList.slice(0, MAX_FILES))}
        onRemove={(f) => onChoose(chosen.filter((c) => c.uid !== f.uid))}
      >
        <Button disabled={room === 0}>{t('chooseFiles')}</Button>
      </Upload>
    </div>
  );
}
