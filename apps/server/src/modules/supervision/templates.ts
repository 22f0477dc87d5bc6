/**
 * Default titles and bodies of notices, citing the rule of the plan (§四.4) that applies. The
 * office edits them before sending; these are what a clerk would otherwise type every time.
 */
import type { NoticeKind } from '@luoshi/domain';

export interface TemplateFacts {
  unitName: string;
  subject: string;
  plannedEnd: string | null;
  situation: string;
  deadline: string | null;
  campaignName: string;
  parentDocNumber: string | null;
}

function cn(date: string | null): string {
  if (!date) return '';
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function defaultTitle(kind: NoticeKind, f: TemplateFacts): string {
  switch (kind) {
    case 'commend':
      return `关于对${f.unitName}${f.subject}工作予以通报表扬的通报`;
    case 'supervise':
      return `关于对${f.unitName}${f.subject}工作进行督办的通知`;
    case 'urge':
      return `关于对${f.unitName}${f.subject}工作进行催办的通知`;
    case 'investigate':
      return `关于对${f.unitName}${f.subject}工作进行查办的通知`;
  }
}

export function defaultBody(kind: NoticeKind, f: TemplateFacts): string {
  const due = f.plannedEnd ? `(完成时限${cn(f.plannedEnd)})` : '';
  switch (kind) {
    case 'commend':
      return [
        `在${f.campaignName}中,${f.unitName}承担的“${f.subject}”工作落实迅速、措施有力、成效明显。`,
        '根据活动实施方案“对工作落实迅速、措施有力、成效明显的进行通报表扬”的规定,经研究,决定予以通报表扬。',
        '希望受表扬的单位再接再厉,各镇各部门以先进为榜样,确保各项目标任务圆满完成。',
      ].join('\n');
    case 'supervise':
      return [
        `经督查,你单位承担的“${f.subject}”${due}工作落实迟缓、措施不力,${f.situation}。`,
        '根据活动实施方案“对工作落实迟缓、措施不力、成效较差的下发督办予以通报批评、限期办结”的规定,现予督办并通报批评。',
        `请于${cn(f.deadline)}前办结,并将办理结果书面报县政府督查室。逾期未办结的,将按规定予以催办。`,
      ].join('\n');
    case 'urge':
      return [
        `${f.parentDocNumber ? `县政府督查室《${f.parentDocNumber}》督办的` : '督办的'}“${f.subject}”工作,在规定时限内仍未办结,${f.situation}。`,
        '根据活动实施方案的规定,经县政府领导审定同意,现予催办,责令你单位限期整改。',
        `请于${cn(f.deadline)}前整改到位。监察局将对你单位班子成员进行效能问责,同时取消你单位及其主要负责人、责任领导及责任人年终考核评优资格。`,
      ].join('\n');
    case 'investigate':
      return [
        `${f.parentDocNumber ? `《${f.parentDocNumber}》催办的` : '催办的'}“${f.subject}”工作,在整改期限内仍未落实,对全县发展大局造成重大影响。`,
        '根据活动实施方案的规定,经县政府主要领导审定同意,现予查办,依规实施问责。',
        `请于${cn(f.deadline)}前将整改落实情况和相关责任人员情况书面报县政府督查室和监察局。`,
      ].join('\n');
  }
}
