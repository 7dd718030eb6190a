import { Types } from 'mongoose';
import type { CreateEngineerBody, EngineerCertificatesBody, EngineerSkillsBody, EngineerView, UpdateEngineerBody } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { findScopedOr404, outletScope } from '../../lib/scope';
import { hashPassword } from '../auth/passwords';
import { activateAccount, insertEngineerAccount, removeDisabledAccount, updateEngineerAccount } from '../users/service';
import { auditChange, isDuplicateOn, type StaffActor } from '../users/actor';
import { engineerHasOrderIn } from '../orders/reads';
import { ACTIVE_STATUSES } from '@fangxin/shared';
import { Engineer, Outlet, type EngineerRecord, type OutletRecord } from './model';
import { presentEngineer } from './presenter';

/**
 * Engineer profiles and their sign-in accounts, managed by outlet managers (their own outlet) and platform admins
 * (any outlet). Another outlet's engineer looks missing (404). Every change is audit-logged.
 */

const usernameTaken = () => new AppError('conflict', '用户名已被使用', { fields: [{ path: 'username', message: '用户名已被使用' }] });
const employeeNoTaken = () => new AppError('conflict', '工号已存在', { fields: [{ path: 'employeeNo', message: '工号已存在' }] });

/** Managers always create in their own outlet (naming another one is 404, like any record outside their scope). */
async function outletForNewEngineer(user: AuthUser, requested: string | undefined): Promise<Types.ObjectId> {
  if (user.role !== 'platform_admin') {
    if (requested && requested !== user.outletId) await findScopedOr404<OutletRecord>(Outlet, requested, user, { field: '_id', what: '网点' });
    return new Types.ObjectId(user.outletId!);
  }
  if (!requested) throw new AppError('validation_failed', undefined, { fields: [{ path: 'outletId', message: '请选择网点' }] });
  if (!(await Outlet.exists({ _id: requested }))) throw new AppError('not_found', '网点不存在');
  return new Types.ObjectId(requested);
}

/**
 * Creates the engineer's account and profile. Without transactions, the unique indexes decide races: the account is
 * inserted first (username_unique) in a disabled state, then the profile (employee_no_unique); if the profile loses,
 * the account is removed again; only a complete pair is switched on. Two concurrent creates with one username or
 * one employee number: exactly one 201, the other 409 `conflict`.
 */
export async function createEngineer(clock: Clock, actor: StaffActor, body: CreateEngineerBody): Promise<EngineerView> {
  const outletId = await outletForNewEngineer(actor.user, body.outletId);
  if (await Engineer.exists({ employeeNo: body.employeeNo })) throw employeeNoTaken();
  const userId = new Types.ObjectId();
  const engineerId = new Types.ObjectId();
  try {
    await insertEngineerAccount({
      _id: userId,
      name: body.name,
      username: body.username,
      passwordHash: await hashPassword(body.password),
      outletId,
      engineerId,
    });
  } catch (err) {
    if (isDuplicateOn(err, 'username_unique')) throw usernameTaken();
    throw err;
  }
  let engineer: EngineerRecord;
  try {
    const created = await Engineer.create({
      _id: engineerId,
      userId,
      outletId,
      employeeNo: body.employeeNo,
      name: body.name,
      phone: body.phone,
      photoUrl: body.photoUrl ?? null,
      level: body.level,
    });
    engineer = created.toObject() as EngineerRecord;
  } catch (err) {
    await removeDisabledAccount(userId);
    if (isDuplicateOn(err, 'employee_no_unique')) throw employeeNoTaken();
    throw err;
  }
  await activateAccount(userId);
  await auditChange(clock, actor, {
    action: 'engineer.create',
    target: `engineer:${engineer.employeeNo}`,
    outletId: String(outletId),
    data: { engineerId: String(engineerId), userId: String(userId), username: body.username, level: body.level },
  });
  return presentEngineer(engineer, clock.now());
}

const scopedFilter = (user: AuthUser, id: string) => ({ $and: [{ _id: new Types.ObjectId(id) }, outletScope(user)] });

/**
 * Name, phone, level, photo; and, for platform admins only, the outlet (the account moves with the profile). An
 * engineer with orders in progress cannot move: their orders belong to the old outlet (reassign them first).
 */
export async function updateEngineer(clock: Clock, actor: StaffActor, id: string, patch: UpdateEngineerBody): Promise<EngineerView> {
  if (patch.outletId !== undefined && actor.user.role !== 'platform_admin') throw new AppError('forbidden', '只有平台管理员可以调动工程师的网点');
  const current = await findScopedOr404<EngineerRecord>(Engineer, id, actor.user, { what: '工程师' });
  const moving = patch.outletId !== undefined && patch.outletId !== String(current.outletId);
  if (moving) {
    if (!(await Outlet.exists({ _id: patch.outletId }))) throw new AppError('not_found', '网点不存在');
    const busy = await engineerHasOrderIn(current._id, ACTIVE_STATUSES);
    if (busy) throw new AppError('conflict', '该工程师还有进行中的订单，请先改派后再调动网点');
  }
  const set: Record<string, unknown> = { ...patch };
  if (patch.outletId !== undefined) set.outletId = new Types.ObjectId(patch.outletId);
  const updated = await Engineer.findOneAndUpdate(scopedFilter(actor.user, id), { $set: set }, { returnDocument: 'after' }).lean<EngineerRecord>();
  if (!updated) throw new AppError('not_found', '工程师不存在');
  // The account follows the profile: its name for sessions and lists, its outlet for scoping.
  const account: { name?: string; outletId?: Types.ObjectId } = {};
  if (patch.name !== undefined) account.name = patch.name;
  if (moving) account.outletId = updated.outletId;
  if (Object.keys(account).length) await updateEngineerAccount(updated.userId, account);
  await auditChange(clock, actor, {
    action: moving ? 'engineer.move' : 'engineer.update',
    target: `engineer:${updated.employeeNo}`,
    outletId: String(updated.outletId),
    // Which fields changed; the phone's value stays out of the log (S10).
    data: { fields: Object.keys(patch), ...(moving ? { fromOutletId: String(current.outletId), toOutletId: patch.outletId } : {}) },
  });
  return presentEngineer(updated, clock.now());
}

/**
 * Replaces the engineer's assessments. Failed ones (score < 60) are kept for the record and shown with
 * `passed: false`; only passed ones make the engineer eligible for a category (S6, `hasPassedSkill`).
 */
export async function replaceSkills(clock: Clock, actor: StaffActor, id: string, skills: EngineerSkillsBody['skills']): Promise<EngineerView> {
  const now = clock.now();
  const future = skills.flatMap((s, i) => (new Date(s.assessedAt) > now ? [{ path: `skills.${i}.assessedAt`, message: '考核时间不能晚于现在' }] : []));
  if (future.length) throw new AppError('validation_failed', undefined, { fields: future });
  const value = skills.map((s) => ({ category: s.category, assessedAt: new Date(s.assessedAt), score: s.score }));
  const updated = await Engineer.findOneAndUpdate(scopedFilter(actor.user, id), { $set: { skills: value } }, { returnDocument: 'after' }).lean<EngineerRecord>();
  if (!updated) throw new AppError('not_found', '工程师不存在');
  await auditChange(clock, actor, {
    action: 'engineer.skills',
    target: `engineer:${updated.employeeNo}`,
    outletId: String(updated.outletId),
    data: { skills: skills.map((s) => ({ category: s.category, score: s.score, assessedAt: s.assessedAt })) },
  });
  return presentEngineer(updated, now);
}

/** Replaces the engineer's certificates (one per type). Dispatch checks each against the booked slot's date. */
export async function replaceCertificates(
  clock: Clock,
  actor: StaffActor,
  id: string,
  certificates: EngineerCertificatesBody['certificates'],
): Promise<EngineerView> {
  const value = certificates.map((c) => ({ type: c.type, number: c.number, expiresAt: new Date(c.expiresAt) }));
  const updated = await Engineer.findOneAndUpdate(scopedFilter(actor.user, id), { $set: { certificates: value } }, { returnDocument: 'after' }).lean<EngineerRecord>();
  if (!updated) throw new AppError('not_found', '工程师不存在');
  await auditChange(clock, actor, {
    action: 'engineer.certificates',
    target: `engineer:${updated.employeeNo}`,
    outletId: String(updated.outletId),
    data: { certificates: certificates.map((c) => ({ type: c.type, number: c.number, expiresAt: c.expiresAt })) },
  });
  return presentEngineer(updated, clock.now());
}

/**
 * Status changes, each a single update conditioned on the current status: suspending an engineer who is already
 * suspended (or reactivating an active one) is 409 `conflict`, and of two racing requests exactly one wins.
 */
async function changeStatus(
  clock: Clock,
  actor: StaffActor,
  id: string,
  to: 'active' | 'suspended',
  reason: string | null,
): Promise<EngineerView> {
  const from = to === 'suspended' ? 'active' : 'suspended';
  const suspension = to === 'suspended' ? { reason, at: clock.now(), by: new Types.ObjectId(actor.user.id) } : null;
  const updated = await Engineer.findOneAndUpdate(
    { $and: [scopedFilter(actor.user, id), { status: from }] },
    { $set: { status: to, suspension } },
    { returnDocument: 'after' },
  ).lean<EngineerRecord>();
  if (!updated) {
    await findScopedOr404<EngineerRecord>(Engineer, id, actor.user, { what: '工程师' });
    throw new AppError('conflict', to === 'suspended' ? '该工程师已处于停职状态' : '该工程师未停职');
  }
  await auditChange(clock, actor, {
    action: to === 'suspended' ? 'engineer.suspend' : 'engineer.reactivate',
    target: `engineer:${updated.employeeNo}`,
    outletId: String(updated.outletId),
    data: reason ? { reason } : {},
  });
  return presentEngineer(updated, clock.now());
}

/** Suspended engineers receive no orders (dispatch excludes them) and their card verifies as suspended. */
export const suspendEngineer = (clock: Clock, actor: StaffActor, id: string, reason: string) => changeStatus(clock, actor, id, 'suspended', reason);

export const reactivateEngineer = (clock: Clock, actor: StaffActor, id: string) => changeStatus(clock, actor, id, 'active', null);
