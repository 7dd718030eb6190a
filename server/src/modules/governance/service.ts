import { Types } from 'mongoose';
import {
  EXEMPLAR_TITLE,
  RECTIFICATION_OWED,
  RECTIFICATION_STATUS_LABELS,
  RECTIFICATION_TRANSITIONS,
  SANCTION_KIND_LABELS,
  bottomOutletIds,
  exemplarIds,
  monthOf,
  monthPeriod,
  monthPublishError,
  monthText,
  previousMonth,
  rectificationActions,
  rectificationTransitionError,
  shanghaiDateTime,
  CreateSanctionBody,
  type RectificationAction,
  type RectificationStatus,
  SubmitRectificationBody,
} from '@fangxin/shared';

type SubmitBody = z.output<typeof SubmitRectificationBody>;
type SanctionBody = z.output<typeof CreateSanctionBody>;
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { outletScope } from '../../lib/scope';
import { recordAudit } from '../audit/service';
import { engineerFields, engineerOfUser, outletNamesAndCodes, scopedEngineerOr404, scopedOutletOr404 } from '../network/reads';
import { notify } from '../notifications/service';
import { orderByNo } from '../orders/reads';
import { rankEngineers, rankOutlets } from '../quality/service';
import { getSettings } from '../settings/service';
import { assertOwnUploads } from '../uploads/service';
import { activeAdminIds, activeManagerIds } from '../users/reads';
import {
  GovernanceMonth,
  Rectification,
  Sanction,
  type GovernanceMonthRecord,
  type RectificationHistoryEntry,
  type RectificationRecord,
  type SanctionRecord,
} from './model';

/**
 * The outlet governance loop (issue 19, part 3; rules in shared/src/domain/governance.ts): a platform admin
 * publishes an ended month's ranking once (frozen in `governance_months`), which names the bottom outlets — each
 * receives a rectification task — and the month's 服务标兵; the outlet manager hands in the report, a platform
 * admin accepts or returns it; a job marks tasks past their deadline once; warnings and fines are recorded against
 * outlets and engineers. Every step is audited with its own entry and told to the parties.
 */

/** Where a staff write came from, for the audit log. */
export interface RequestMeta {
  ip: string;
  requestId: string;
}

const DAY_MS = 24 * 3600_000;
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

// ---------------------------------------------------------------------------------------------------------------
// The monthly ranking
// ---------------------------------------------------------------------------------------------------------------

function presentMonth(doc: GovernanceMonthRecord, user: AuthUser) {
  const engineers = user.role === 'platform_admin' ? doc.engineers : doc.engineers.filter((e) => e.exemplar || e.outletId === user.outletId);
  return {
    month: doc._id,
    period: { from: doc.period.from, to: doc.period.to },
    publishedAt: new Date(doc.publishedAt).toISOString(),
    publishedBy: doc.publishedBy.name,
    outlets: doc.outlets,
    engineers,
    tasks: doc.tasks,
  };
}

/** The published months (newest first), the next month to publish, and one month's frozen ranking. */
export async function governanceRanking(clock: Clock, user: AuthUser, month: string | undefined) {
  const months = (await GovernanceMonth.find({}, { _id: 1 }).sort({ _id: -1 }).lean<Array<{ _id: string }>>()).map((m) => m._id);
  const last = previousMonth(monthOf(clock.now()));
  const wanted = month ?? months[0];
  const doc = wanted ? await GovernanceMonth.findById(wanted).lean<GovernanceMonthRecord>() : null;
  return { months, nextMonth: months.includes(last) ? null : last, ranking: doc ? presentMonth(doc, user) : null };
}

async function managersOf(outletId: Types.ObjectId | string): Promise<string[]> {
  return (await activeManagerIds(new Types.ObjectId(String(outletId)))).map(String);
}

async function admins(): Promise<string[]> {
  return (await activeAdminIds()).map(String);
}

/**
 * Publishes an ended month (platform admin). Ranks outlets and engineers over the month's days with the S11 formula
 * (from the daily statistics), names the bottom outlets and the 服务标兵, opens one rectification task per bottom
 * outlet (unique per outlet and month, so a retried publication opens none twice), then stores the month under its
 * own key: of two publications of one month exactly one is stored; the other — and any later one — is 409.
 */
export async function publishMonth(clock: Clock, user: AuthUser, month: string, meta: RequestMeta) {
  const now = clock.now();
  const notEnded = monthPublishError(month, now);
  if (notEnded) throw new AppError('validation_failed', undefined, { fields: [{ path: 'month', message: notEnded }] });
  if (await GovernanceMonth.exists({ _id: month })) throw new AppError('conflict', `${monthText(month)}的排名已经发布，不能重复发布`);

  const period = monthPeriod(month);
  const [outletItems, engineerItems, outletList, settings] = await Promise.all([rankOutlets(period), rankEngineers(period, null), outletNamesAndCodes(), getSettings()]);
  const bottom = bottomOutletIds(outletItems);
  const exemplars = exemplarIds(engineerItems);
  const outletName = new Map(outletList.map((o) => [String(o._id), o.name]));
  const outlets = outletItems.map((o) => ({ id: o.id, name: o.name, code: o.code, rank: o.rank, score: o.score, orders: o.orders, closed: o.closed, bottom: bottom.has(o.id) }));
  const engineers = engineerItems.map((e) => ({
    id: e.id,
    name: e.name,
    code: e.code,
    outletId: e.outletId,
    outletName: outletName.get(e.outletId) ?? '',
    rank: e.rank,
    score: e.score,
    closed: e.closed,
    exemplar: exemplars.has(e.id),
  }));

  const dueAt = new Date(now.getTime() + settings.rectificationDays * DAY_MS);
  const named = outlets.filter((o) => o.bottom);
  for (const o of named) {
    const opened: RectificationHistoryEntry = {
      at: now,
      action: 'opened',
      actor: { id: user.id, name: user.name },
      text: `${monthText(month)}排名第 ${o.rank} 名（${o.score?.toFixed(1)} 分），列入末位，请于 ${shanghaiDateTime(dueAt).slice(0, 16)} 前提交整改报告`,
    };
    await Rectification.updateOne(
      { outletId: new Types.ObjectId(o.id), month },
      {
        $setOnInsert: {
          outletName: o.name,
          rank: o.rank,
          score: o.score,
          status: 'open',
          dueAt,
          overdueAt: null,
          report: null,
          returnReason: null,
          version: 0,
          history: [opened],
          createdAt: now,
        },
      },
      { upsert: true },
    );
  }
  let doc: GovernanceMonthRecord;
  try {
    doc = (
      await GovernanceMonth.create({
        _id: month,
        period,
        publishedAt: now,
        publishedBy: { id: user.id, name: user.name },
        outlets,
        engineers,
        exemplarIds: [...exemplars],
        tasks: named.length,
      })
    ).toObject() as GovernanceMonthRecord;
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('conflict', `${monthText(month)}的排名已经发布，不能重复发布`);
    throw err;
  }

  const exemplarNames = engineers.filter((e) => e.exemplar).map((e) => e.name);
  const zh = `${monthText(month)}；末位网点：${named.map((o) => o.name).join('、') || '无'}；${EXEMPLAR_TITLE}：${exemplarNames.join('、') || '无'}`;
  const en = `${month}; bottom outlets: ${named.map((o) => o.name).join(', ') || 'none'}; service exemplars: ${exemplarNames.join(', ') || 'none'}`;
  await recordAudit(clock, {
    action: 'governance.publish',
    actorId: user.id,
    actorRole: user.role,
    outletId: null,
    target: 'outlet:*',
    ...meta,
    data: { month, bottom: named.map((o) => o.id), exemplars: [...exemplars], detail: { zh, en } },
  });
  for (const o of named) {
    await notify(clock, await managersOf(o.id), {
      orderId: null,
      type: 'rectification_opened',
      title: '网点整改通知',
      body: `${monthText(month)}服务质量排名中，${o.name}列入末位。请于 ${shanghaiDateTime(dueAt).slice(5, 16)} 前在管理后台提交整改报告`,
    });
  }
  for (const e of engineers.filter((x) => x.exemplar)) {
    const profile = await engineerFields(e.id, 'userId');
    await notify(clock, [profile?.userId], { orderId: null, type: 'exemplar_named', title: `获评${EXEMPLAR_TITLE}`, body: `恭喜！您获评${monthText(month)}${EXEMPLAR_TITLE}，感谢您的优质服务` });
  }
  return presentMonth(doc, user);
}

// ---------------------------------------------------------------------------------------------------------------
// Rectification tasks
// ---------------------------------------------------------------------------------------------------------------

export function presentTask(task: RectificationRecord, user: AuthUser) {
  return {
    id: String(task._id),
    month: task.month,
    outletId: String(task.outletId),
    outletName: task.outletName,
    rank: task.rank,
    score: task.score,
    status: task.status,
    statusLabel: RECTIFICATION_STATUS_LABELS[task.status],
    dueAt: new Date(task.dueAt).toISOString(),
    overdue: task.overdueAt !== null,
    report: task.report
      ? {
          causes: task.report.causes,
          measures: task.report.measures,
          photoIds: task.report.photoIds.map(String),
          submittedAt: new Date(task.report.submittedAt).toISOString(),
          submittedBy: task.report.submittedBy.name,
        }
      : null,
    returnReason: task.returnReason,
    history: task.history.map((h) => ({ at: new Date(h.at).toISOString(), action: h.action, actorName: h.actor.name, text: h.text })),
    actions: rectificationActions(task.status, user.role),
  };
}

async function loadTaskFor(user: AuthUser, id: string): Promise<RectificationRecord> {
  const task = await Rectification.findOne({ $and: [{ _id: new Types.ObjectId(id) }, outletScope(user)] }).lean<RectificationRecord>();
  if (!task) throw new AppError('not_found', '整改任务不存在');
  return task;
}

export async function getTask(user: AuthUser, id: string) {
  return presentTask(await loadTaskFor(user, id), user);
}

export async function listTasks(user: AuthUser, q: { page: number; pageSize: number; status?: RectificationStatus; outletId?: string }) {
  const filter: Record<string, unknown> = {
    ...(q.outletId ? { outletId: new Types.ObjectId(q.outletId) } : {}),
    ...outletScope(user),
    ...(q.status ? { status: q.status } : {}),
  };
  const [items, total] = await Promise.all([
    Rectification.find(filter).sort({ createdAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<RectificationRecord[]>(),
    Rectification.countDocuments(filter),
  ]);
  return { items: items.map((t) => presentTask(t, user)), total, page: q.page, pageSize: q.pageSize };
}

const MAX_ATTEMPTS = 5;

/**
 * The one way a task changes status: the shared machine decides, then a compare-and-set on the task's version applies
 * the change with its history entry in one single-document update; a lost race reads again and decides again.
 */
async function step(
  clock: Clock,
  user: AuthUser,
  id: string,
  action: RectificationAction,
  build: (task: RectificationRecord, now: Date) => Promise<{ set: Record<string, unknown>; text: string }>,
): Promise<RectificationRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await loadTaskFor(user, id);
    const refused = rectificationTransitionError(action, before.status, user.role);
    if (refused === 'forbidden') throw new AppError('forbidden');
    if (refused) throw new AppError('illegal_transition', `整改任务当前“${RECTIFICATION_STATUS_LABELS[before.status]}”，不能${RECTIFICATION_TRANSITIONS[action].label}`);
    const now = clock.now();
    const change = await build(before, now);
    const entry: RectificationHistoryEntry = { at: now, action, actor: { id: user.id, name: user.name }, text: change.text };
    const after = await Rectification.findOneAndUpdate(
      { _id: before._id, version: before.version },
      { $set: { ...change.set, status: RECTIFICATION_TRANSITIONS[action].to }, $inc: { version: 1 }, $push: { history: entry } },
      { returnDocument: 'after', lean: true },
    );
    if (after) return after as RectificationRecord;
  }
  throw new AppError('conflict', '整改任务正被同时处理，请稍后重试');
}

async function auditTask(clock: Clock, user: AuthUser, task: RectificationRecord, action: string, meta: RequestMeta, detail: { zh: string; en: string }) {
  await recordAudit(clock, {
    action: `rectification.${action}`,
    actorId: user.id,
    actorRole: user.role,
    outletId: String(task.outletId),
    target: `outlet:${String(task.outletId)}`,
    ...meta,
    data: { taskId: String(task._id), month: task.month, detail },
  });
}

/** The outlet manager hands in the report: causes, measures, and evidence photos they uploaded for it. */
export async function submitReport(clock: Clock, user: AuthUser, id: string, body: SubmitBody, meta: RequestMeta) {
  const photoIds = [...new Set(body.photoIds)];
  await assertOwnUploads(user.id, 'rectification_photo', photoIds, 'photoIds');
  const task = await step(clock, user, id, 'submit', async (before, now) => ({
    set: {
      report: { causes: body.causes, measures: body.measures, photoIds: photoIds.map((p) => new Types.ObjectId(p)), submittedAt: now, submittedBy: { id: user.id, name: user.name } },
      returnReason: null,
    },
    text: `${before.status === 'returned' ? '重新提交' : '提交'}整改报告${photoIds.length ? `（附 ${photoIds.length} 张照片）` : ''}`,
  }));
  await auditTask(clock, user, task, 'submit', meta, { zh: `${monthText(task.month)}的整改`, en: `rectification for ${task.month}` });
  await notify(clock, await admins(), { orderId: null, type: 'rectification_submitted', title: '整改报告待审核', body: `${task.outletName}已提交${monthText(task.month)}的整改报告，请审核` });
  return presentTask(task, user);
}

/** A platform admin accepts the report: the task is done. */
export async function acceptReport(clock: Clock, user: AuthUser, id: string, meta: RequestMeta) {
  const task = await step(clock, user, id, 'accept', async () => ({ set: {}, text: '整改报告审核通过' }));
  await auditTask(clock, user, task, 'accept', meta, { zh: `${monthText(task.month)}的整改`, en: `rectification for ${task.month}` });
  await notify(clock, await managersOf(task.outletId), { orderId: null, type: 'rectification_accepted', title: '整改已通过', body: `${monthText(task.month)}的整改报告已审核通过` });
  return presentTask(task, user);
}

/** A platform admin returns the report with a reason; the manager resubmits (the deadline stands). */
export async function returnReport(clock: Clock, user: AuthUser, id: string, reason: string, meta: RequestMeta) {
  const task = await step(clock, user, id, 'return', async () => ({ set: { returnReason: reason }, text: `退回整改报告，原因：${reason}` }));
  await auditTask(clock, user, task, 'return', meta, { zh: `${monthText(task.month)}的整改，原因：${reason}`, en: `rectification for ${task.month}; reason: ${reason}` });
  await notify(clock, await managersOf(task.outletId), {
    orderId: null,
    type: 'rectification_returned',
    title: '整改报告被退回',
    body: `${monthText(task.month)}的整改报告被退回，请修改后重新提交。原因：${reason}`,
  });
  return presentTask(task, user);
}

/**
 * The overdue job: a task still owed past its deadline is marked once — the update applies only while `overdueAt`
 * is unset, so two runs or two instances mark it (and tell the parties) exactly once.
 */
export async function markOverdueRectifications(clock: Clock): Promise<{ marked: number }> {
  const now = clock.now();
  const due = await Rectification.find({ status: { $in: RECTIFICATION_OWED }, dueAt: { $lt: now }, overdueAt: null }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>();
  let marked = 0;
  for (const { _id } of due) {
    const entry: RectificationHistoryEntry = { at: now, action: 'overdue', actor: { id: null, name: '系统' }, text: '超过整改期限仍未提交报告，已记为逾期' };
    const task = await Rectification.findOneAndUpdate(
      { _id, overdueAt: null, status: { $in: RECTIFICATION_OWED }, dueAt: { $lt: now } },
      { $set: { overdueAt: now }, $push: { history: entry } },
      { returnDocument: 'after', lean: true },
    );
    if (!task) continue;
    marked++;
    const t = task as RectificationRecord;
    await recordAudit(clock, {
      action: 'rectification.overdue',
      outletId: String(t.outletId),
      target: `outlet:${String(t.outletId)}`,
      data: { taskId: String(t._id), month: t.month, detail: { zh: `${monthText(t.month)}的整改`, en: `rectification for ${t.month}` } },
    });
    await notify(clock, [...(await managersOf(t.outletId)), ...(await admins())], {
      orderId: null,
      type: 'rectification_overdue',
      title: '整改逾期',
      body: `${t.outletName}${monthText(t.month)}的整改报告已超过期限仍未提交`,
    });
  }
  return { marked };
}

// ---------------------------------------------------------------------------------------------------------------
// Warnings and fines
// ---------------------------------------------------------------------------------------------------------------

export function presentSanction(s: SanctionRecord) {
  return {
    id: String(s._id),
    subjectType: s.subjectType,
    subjectId: String(s.subjectId),
    subjectName: s.subjectName,
    outletId: String(s.outletId),
    kind: s.kind,
    kindLabel: SANCTION_KIND_LABELS[s.kind],
    amountFen: s.amountFen,
    reason: s.reason,
    orderNo: s.orderNo,
    byName: s.by.name,
    at: new Date(s.at).toISOString(),
  };
}

/**
 * Records a warning or a fine. Platform admins: against any outlet or engineer; outlet managers: against their own
 * engineers only (an outlet is 403, another outlet's engineer 404). A linked order must be the outlet's.
 */
export async function createSanction(clock: Clock, user: AuthUser, body: SanctionBody, meta: RequestMeta) {
  let subject: { id: Types.ObjectId; name: string; outletId: Types.ObjectId; label: string; userId: Types.ObjectId | null };
  if (body.subjectType === 'outlet') {
    if (user.role !== 'platform_admin') throw new AppError('forbidden', '网点的警告和罚款由平台记录');
    const outlet = await scopedOutletOr404(user, body.subjectId);
    subject = { id: outlet._id, name: outlet.name, outletId: outlet._id, label: `outlet:${String(outlet._id)}`, userId: null };
  } else {
    const engineer = await scopedEngineerOr404(user, body.subjectId);
    subject = { id: engineer._id, name: engineer.name, outletId: engineer.outletId, label: `engineer:${engineer.name}（${engineer.employeeNo}）`, userId: engineer.userId };
  }
  if (body.orderNo) {
    const order = await orderByNo(body.orderNo);
    if (!order || String(order.outletId) !== String(subject.outletId)) {
      throw new AppError('validation_failed', undefined, { fields: [{ path: 'orderNo', message: '没有这个订单，或订单不属于该网点' }] });
    }
  }
  const now = clock.now();
  const doc = await Sanction.create({
    subjectType: body.subjectType,
    subjectId: subject.id,
    subjectName: subject.name,
    outletId: subject.outletId,
    kind: body.kind,
    amountFen: body.kind === 'fine' ? body.amountFen : null,
    reason: body.reason,
    orderNo: body.orderNo ?? null,
    by: { id: user.id, name: user.name, role: user.role },
    at: now,
  });
  const s = doc.toObject() as SanctionRecord;
  const what = s.kind === 'fine' ? `罚款 ${yuan(s.amountFen!)}` : '警告';
  await recordAudit(clock, {
    action: `sanction.${s.kind}`,
    actorId: user.id,
    actorRole: user.role,
    outletId: String(s.outletId),
    target: subject.label,
    ...meta,
    data: {
      sanctionId: String(s._id),
      amountFen: s.amountFen,
      orderNo: s.orderNo,
      detail: {
        zh: `${s.kind === 'fine' ? `${yuan(s.amountFen!)}，` : ''}原因：${s.reason}`,
        en: `${s.kind === 'fine' ? `${yuan(s.amountFen!)}; ` : ''}reason: ${s.reason}`,
      },
    },
  });
  const body_ = `${subject.name}被记${what}。原因：${s.reason}${s.orderNo ? `（订单 ${s.orderNo}）` : ''}`;
  await notify(clock, [subject.userId, ...(await managersOf(subject.outletId))], { orderId: null, type: `sanction_${s.kind}`, title: s.kind === 'fine' ? '罚款通知' : '警告通知', body: body_ });
  return presentSanction(s);
}

export async function listSanctions(user: AuthUser, q: { page: number; pageSize: number; subjectType?: 'outlet' | 'engineer'; subjectId?: string }) {
  const filter: Record<string, unknown> = {
    ...(q.subjectType ? { subjectType: q.subjectType } : {}),
    ...(q.subjectId ? { subjectId: new Types.ObjectId(q.subjectId) } : {}),
    ...outletScope(user),
  };
  const [items, total] = await Promise.all([
    Sanction.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<SanctionRecord[]>(),
    Sanction.countDocuments(filter),
  ]);
  return { items: items.map(presentSanction), total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------------------------------------------------------
// What the outlet's and the engineer's pages show
// ---------------------------------------------------------------------------------------------------------------

const LIST_MAX = 50;

/** An outlet's tasks and the warnings and fines recorded against it and its engineers. */
export async function outletGovernance(user: AuthUser, id: string) {
  const outlet = await scopedOutletOr404(user, id, { _id: 1 });
  const [tasks, sanctions] = await Promise.all([
    Rectification.find({ outletId: outlet._id }).sort({ createdAt: -1 }).limit(LIST_MAX).lean<RectificationRecord[]>(),
    Sanction.find({ outletId: outlet._id }).sort({ at: -1 }).limit(LIST_MAX).lean<SanctionRecord[]>(),
  ]);
  return { tasks: tasks.map((t) => presentTask(t, user)), sanctions: sanctions.map(presentSanction) };
}

async function exemplarTitles(engineerId: string) {
  const months = await GovernanceMonth.find({ exemplarIds: engineerId }, { engineers: 1 }).sort({ _id: -1 }).limit(LIST_MAX).lean<GovernanceMonthRecord[]>();
  return months.map((m) => {
    const me = m.engineers.find((e) => e.id === engineerId);
    return { month: m._id, title: `${monthText(m._id)}${EXEMPLAR_TITLE}`, rank: me?.rank ?? null, score: me?.score ?? null };
  });
}

/** An engineer's 服务标兵 titles and the warnings and fines recorded against them. */
export async function engineerGovernance(user: AuthUser, id: string) {
  const engineer = await scopedEngineerOr404(user, id);
  const [exemplars, sanctions] = await Promise.all([
    exemplarTitles(String(engineer._id)),
    Sanction.find({ subjectType: 'engineer', subjectId: engineer._id }).sort({ at: -1 }).limit(LIST_MAX).lean<SanctionRecord[]>(),
  ]);
  return { exemplars, sanctions: sanctions.map(presentSanction) };
}

/** The signed-in engineer's titles (an account without an engineer profile has none). */
export async function myGovernance(user: AuthUser) {
  const engineer = await engineerOfUser(user.id);
  return { exemplars: engineer ? await exemplarTitles(String(engineer._id)) : [] };
}

