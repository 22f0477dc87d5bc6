/** A 公文 for the document tests. */
import type { OfficialDoc } from '../../apps/server/src/platform/documents/index.ts';

/** A 督办 notice of the kind the seed describes (§四.4), addressed as the seed's own notice is. */
export const NOTICE: OfficialDoc = {
  issuer: '柞水县人民政府',
  headerTitle: '柞水县人民政府督查通知',
  docNumber: '柞政督[2013]12号',
  title: '关于对县交通运输局西康高速连接线改建工作进行督办的通知',
  addressee: '县交通运输局:',
  body: [
    '根据《柞水县政府工作执行年活动实施方案》要求，县政府督查室对西康高速连接线改建工作进行了督查。经查，该项目征地拆迁工作滞后，路基工程至今未开工。',
    '一、督办事项。请你局于2013年5月25日前完成征地拆迁扫尾工作，全面开工路基工程。',
    '（一）加强组织领导。主要领导亲自抓，分管领导具体抓。',
    '二、有关要求。逾期未办结的，将按规定下发催办通知，并由监察局实施效能问责。',
  ],
  attachments: ['西康高速连接线改建工作督查情况表', '整改任务清单'],
  issuerSignature: '柞水县人民政府',
  date: '2013-05-10',
  cc: '县委办，县人大办，县政协办，县监察局',
  printer: { organ: '柞水县人民政府督查室', date: '2013-05-10' },
};
