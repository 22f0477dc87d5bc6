/**
 * 作风纪律集中整顿 (R-FIVE-1): the office, 纠风办 or 监察局 schedule a drive and check units during it;
 * a check that finds a problem counts as a finding in the unit's assessment and is followed to its
 * rectification. A unit sees the drives and its own checks.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, readableUnitIds, type Actor, type UnitFunction } from '@luoshi/domain';
import type { BodyT, conduct } from '@luoshi/contracts';
import type { DB, RectificationChecksTable, RectificationDrivesTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersInUnitRoles } from '../../platform/notify.ts';

type Q = Kysely<DB>;

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

async function unitNames(db: Q): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
}

function presentCheck(c: RectificationChecksTable, names: Map<string, string>) {
  return {
    id: c.id,
    driveId: c.drive_id,
    unitId: c.unit_id,
    unitName: names.get(c.unit_id) ?? '',
    checkedOn: c.checked_on,
    checkerUnitName: c.checker_unit_id ? (names.get(c.checker_unit_id) ?? null) : null,
    result: c.result as 'good' | 'problem',
    findings: c.findings,
    requirement: c.requirement,
    deadline: c.deadline,
    rectifiedOn: c.rectified_on,
    rectifiedNote: c.rectified_note,
    createdBy: c.created_name,
    createdAt: c.created_at,
  };
}

function presentDrive(d: RectificationDrivesTable, checks: RectificationChecksTable[], names: Map<string, string>) {
  return {
    id: d.id,
    campaignId: d.campaign_id,
    title: d.title,
    description: d.description,
    startDate: d.start_date,
    endDate: d.end_date,
    unitIds: JSON.parse(d.unit_ids) as string[],
    createdBy: d.created_name,
    createdAt: d.created_at,
    checks: checks.filter((c) => c.drive_id === d.id).map((c) => presentCheck(c, names)),
  };
}

export async function listDrives(db: Q, actor: Actor, campaignId: string) {
  requireCan(actor, 'conduct.read');
  const campaign = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const drives = await db.selectFrom('rectification_drives').selectAll().where('campaign_id', '=', campaignId).orderBy('start_date').execute();
  let q = db.selectFrom('rectification_checks').selectAll().where('campaign_id', '=', campaignId);
  const readable = readableUnitIds(actor);
  if (readable !== null) q = readable.length ? q.where('unit_id', 'in', readable) : q.where('unit_id', '=', '');
  const checks = await q.orderBy('checked_on').orderBy('created_at').execute();
  const names = await unitNames(db);
  return { items: drives.map((d) => presentDrive(d, checks, names)) };
}

export async function createDrive(tx: Tx, campaignId: string, input: BodyT<typeof conduct.createDrive>) {
  const actor = requireCan(tx.actor, 'conduct.manage');
  const campaign = await tx.db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  if (input.startDate > input.endDate) throw invalid('startDate', '开始日期不能晚于结束日期', 'starts after it ends');
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length) {
    const found = await tx.db.selectFrom('units').select('id').where('id', 'in', unitIds).where('active', '=', 1).execute();
    if (found.length !== unitIds.length) throw invalid('unitIds', '单位不存在或已停用', 'no such active unit');
  }
  const row: RectificationDrivesTable = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    title: input.title,
    description: input.description,
    start_date: input.startDate,
    end_date: input.endDate,
    unit_ids: JSON.stringify(unitIds),
    created_name: actor.displayName,
    created_at: tx.nowIso,
  };
  await tx.db.insertInto('rectification_drives').values(row).execute();
  await tx.audit({ action: 'conduct.drive.create', entityType: 'rectification_drive', entityId: row.id, after: row });
  return presentDrive(row, [], await unitNames(tx.db));
}

const CHECKING: UnitFunction[] = ['office', 'conduct', 'supervision'];

export async function addCheck(tx: Tx, driveId: string, input: BodyT<typeof conduct.addCheck>) {
  const actor = requireCan(tx.actor, 'conduct.manage');
  const drive = await tx.db.selectFrom('rectification_drives').selectAll().where('id', '=', driveId).executeTakeFirst();
  if (!drive) throw new LuoshiError('NOT_FOUND');
  const unit = await tx.db.selectFrom('units').select(['active']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit?.active) throw invalid('unitId', '单位不存在或已停用', 'no such active unit');
  const covered = JSON.parse(drive.unit_ids) as string[];
  if (covered.length && !covered.includes(input.unitId)) throw invalid('unitId', '该单位不在本次整顿范围内', 'the unit is not covered by this drive');
  const today = localDate(tx.now);
  if (input.checkedOn < drive.start_date || input.checkedOn > today) throw invalid('checkedOn', `检查日期须在 ${drive.start_date} 至今天之间`, `the check date must be between ${drive.start_date} and today`);
  if (input.result === 'problem' && !input.findings) throw invalid('findings', '发现问题须写明问题', 'describe the problem found');
  if (input.deadline && input.deadline < input.checkedOn) throw invalid('deadline', '整改期限不能早于检查日期', 'the deadline is before the check');
  const checker = actor.memberships.find((m) => m.unitFunctions.some((f) => CHECKING.includes(f)))?.unitId ?? null;
  const row: RectificationChecksTable = {
    id: newId(tx.now.getTime()),
    drive_id: driveId,
    campaign_id: drive.campaign_id,
    unit_id: input.unitId,
    checked_on: input.checkedOn,
    checker_unit_id: checker,
    result: input.result,
    findings: input.findings,
    requirement: input.requirement,
    deadline: input.deadline,
    rectified_on: null,
    rectified_note: null,
    created_name: actor.displayName,
    created_at: tx.nowIso,
  };
  await tx.db.insertInto('rectification_checks').values(row).execute();
  if (row.result === 'problem') {
    await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, row.unit_id, ['principal', 'deputy', 'liaison']), {
      kind: 'conduct.finding',
      title: `作风纪律检查发现问题:${drive.title}`,
      body: `${row.findings}${row.deadline ? `(限 ${row.deadline} 前整改)` : ''}`,
      link: `/app/conduct/${drive.campaign_id}`,
    });
  }
  await tx.audit({ action: 'conduct.check.add', entityType: 'rectification_check', entityId: row.id, after: row });
  return presentCheck(row, await unitNames(tx.db));
}

export async function markRectified(tx: Tx, checkId: string, input: BodyT<typeof conduct.markRectified>) {
  requireCan(tx.actor, 'conduct.manage');
  const before = await tx.db.selectFrom('rectification_checks').selectAll().where('id', '=', checkId).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (before.result !== 'problem') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'result', zh: '该检查未发现问题,无需整改', en: 'nothing was found to rectify' }] });
  if (before.rectified_on) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'rectifiedOn', zh: '已确认整改', en: 'already rectified' }] });
  if (input.rectifiedOn < before.checked_on || input.rectifiedOn > localDate(tx.now)) throw invalid('rectifiedOn', '整改日期须在检查日期与今天之间', 'between the check and today');
  const change = { rectified_on: input.rectifiedOn, rectified_note: input.note };
  await tx.db.updateTable('rectification_checks').set(change).where('id', '=', checkId).execute();
  await tx.audit({ action: 'conduct.check.rectified', entityType: 'rectification_check', entityId: checkId, before, after: { ...before, ...change } });
  return presentCheck({ ...before, ...change }, await unitNames(tx.db));
}
