/**
 * Posts (定岗) and who holds them. A post outlives its holders; every appointment and vacancy is a
 * dated term, so accountability can later ask who held the post on a given day.
 */
import { LuoshiError, localDate } from '@luoshi/domain';
import type { org, BodyT } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { presentPost } from './present.ts';
import { invalid, requirePerson, requireUnit } from './validate.ts';
import * as repo from './repo.ts';

async function loadPost(tx: Tx, id: string) {
  const [found] = await repo.findPosts(tx.db, { id });
  if (!found) throw new LuoshiError('NOT_FOUND');
  return found;
}

export async function createPost(tx: Tx, unitId: string, input: BodyT<typeof org.createPost>) {
  requireCan(tx.actor, 'org.manage');
  const unit = await requireUnit(tx, unitId, 'id');
  if (!unit.active) throw invalid('id', '单位已停用', 'the unit is inactive');
  const row = { id: newId(tx.now.getTime()), unit_id: unitId, title: input.title, role: input.role, sort_order: input.sortOrder, active: 1, created_at: tx.nowIso };
  await tx.db.insertInto('posts').values(row).execute();
  await tx.audit({ action: 'post.create', entityType: 'post', entityId: row.id, after: row });
  return presentPost(row, []);
}

export async function updatePost(tx: Tx, id: string, input: BodyT<typeof org.updatePost>) {
  requireCan(tx.actor, 'org.manage');
  const { post, terms } = await loadPost(tx, id);
  const next = {
    title: input.title ?? post.title,
    role: input.role ?? post.role,
    sort_order: input.sortOrder ?? post.sort_order,
    active: input.active === undefined ? post.active : input.active ? 1 : 0,
  };
  if (next.active === 0 && terms.some((t) => t.to_date === null)) {
    throw invalid('active', '岗位仍有人在任,请先免去', 'the post is held; vacate it first');
  }
  await tx.db.updateTable('posts').set(next).where('id', '=', id).execute();
  await tx.audit({ action: next.active ? 'post.update' : 'post.retire', entityType: 'post', entityId: id, before: post, after: { ...post, ...next } });
  return presentPost({ ...post, ...next }, terms);
}

export async function assignPost(tx: Tx, id: string, input: BodyT<typeof org.assignPost>) {
  requireCan(tx.actor, 'org.manage');
  const { post, terms } = await loadPost(tx, id);
  const from = input.from ?? localDate(tx.now);
  const current = terms.find((t) => t.to_date === null);
  if (current && from < current.from_date) {
    throw invalid('from', '任免日期不能早于现任人员的任职日期', 'the date cannot be before the current holder’s start');
  }
  if (input.personId) {
    const person = await requirePerson(tx, input.personId, 'personId');
    if (!person.active) throw invalid('personId', '人员已停用', 'the person is inactive');
    if (current?.person_id === input.personId) return presentPost(post, terms);
  } else if (!current) {
    return presentPost(post, terms);
  }
  if (current) {
    await tx.db.updateTable('post_terms').set({ to_date: from }).where('post_id', '=', id).where('to_date', 'is', null).execute();
  }
  if (input.personId) {
    await tx.db
      .insertInto('post_terms')
      .values({ id: newId(tx.now.getTime()), post_id: id, person_id: input.personId, from_date: from, to_date: null, created_at: tx.nowIso })
      .execute();
  }
  const after = await loadPost(tx, id);
  await tx.audit({
    action: input.personId ? 'post.assign' : 'post.vacate',
    entityType: 'post',
    entityId: id,
    before: { holder: current?.person_id ?? null },
    after: { holder: input.personId, from },
  });
  return presentPost(after.post, after.terms);
}
