import { Types } from 'mongoose';
import {
  APPEAL_STATE_LABELS,
  COMPLAINT_CATEGORY_LABELS,
  TIMELINE_EVENT_LABELS_EN,
  UPLOAD_KIND_NAMES,
  appealActions,
  appealDeadline,
  appealDecisionMessage,
  appealItemKey,
  appealItemText,
  appealRefusal,
  appealVisibleTo,
  mayFileAppeal,
  surveyCountsAgainst,
  timelineEventDetail,
  timelineEventLabel,
  type AppealDetail,
  type AppealKind,
  type AppealSummary,
  type ComplaintCategory,
  type FieldError,
  type OrderAppealItems,
  type SlaClock,
} from '@fangxin/shared';
import type { z } from 'zod';
import type { DecideAppealBody, FileAppealBody } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';
import { refreshDailyPairs } from '../analytics/rollup';
import { complaintDay } from '../analytics/stats';
import { complaintsOfOrder } from '../complaints/queries';
import { engineerNames, outletNames } from '../network/reads';
import { notify } from '../notifications/service';
import { loadOrderFor } from '../orders/access';
import { runCommand } from '../orders/command';
import type { OrderRecord } from '../orders/model';
import { recomputeQualityScores } from '../quality/service';
import { getSettings } from '../settings/service';
import { surveyOfOrder } from '../surveys/results';
import type { PhotoLinkSigner } from '../uploads/links';
import { uploadsOfOrder } from '../uploads/service';
import { activeAdminIds, activeManagerIds } from '../users/reads';
import { Appeal, type AppealHistoryEntry, type AppealRecord } from './model';

/**
 * Issue 20.2, appeals (rules in shared/src/domain/appeals.ts): the items of an order that count against its engineer,
 * filing with evidence, the lists, the platform admin's decision and withdrawal. Each change of state is one
 * compare-and-set on the appeal's state with its history entry; one live appeal per item is a unique key. An upheld
 * appeal removes the item from the quality record (complaints and surveys through the daily statistics' read of
 * upheld appeals, breaches by excusing the order's clock) and recomputes the stored scores at once.
 */

export interface RequestMeta {
  ip: string;
  requestId: string;
}

type FileBody = z.output<typeof FileAppealBody>;
type DecideBody = z.output<typeof DecideAppealBody>;

const CLOCKS: readonly SlaClock[] = ['respond', 'arrive', 'resolve'];
const DONE_AT = { respond: 'acceptedAt', arrive: 'arrivedAt', resolve: 'completedAt' } as const;
const DUE_AT = { respond: 'respondDueAt', arrive: 'arriveDueAt', resolve: 'resolveDueAt' } as const;
/** S7: timeline entries an engineer never reads in full (the survey's answers), so he can neither cite nor see them. */
const PRIVATE_FROM_ENGINEER = new Set(['survey_submitted']);
/** Photos hidden from the engineer in the order's photo links (a complaint may be about him): hidden here too. */
const HIDDEN_FROM_ENGINEER = new Set(['complaint_photo']);
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;
const iso = (d: Date | string) => new Date(d).toISOString();
const invalid = (fields: FieldError[]) => new AppError('validation_failed', undefined, { fields });

/** When a clock of the order was missed (the breach recorded, or the step done late), or null. Excused clocks (customer not home) are not his. */
function missedAt(order: OrderRecord, clock: SlaClock): Date | null {
  const excused = order.sla?.excused?.[clock];
  if (excused && excused.reason !== 'appeal') return null;
  const breach = order.sla?.breaches?.[clock];
  if (breach) return new Date(breach);
  const done = order.times?.[DONE_AT[clock]];
  const due = order.sla?.[DUE_AT[clock]];
  return done && due && new Date(done).getTime() > new Date(due).getTime() ? new Date(due) : null;
}

interface Item {
  kind: AppealKind;
  complaintId: Types.ObjectId | null;
  surveyId: Types.ObjectId | null;
  clock: SlaClock | null;
  category: string | null;
  at: Date;
  engineerId: Types.ObjectId | null;
  engineerUserId: Types.ObjectId | null;
  countsOn: { outletId: Types.ObjectId; day: string };
}

const categoryLabel = (category: string | null, lang: 'zh' | 'en') =>
  category ? (lang === 'zh' ? (COMPLAINT_CATEGORY_LABELS[category as ComplaintCategory] ?? null) : null) : null;
const itemWords = (i: { kind: AppealKind; clock: SlaClock | null; category: string | null }, lang: 'zh' | 'en' = 'zh') =>
  appealItemText({ kind: i.kind, clock: i.clock, categoryLabel: lang === 'en' ? (timelineEventDetail('complaint_filed', { category: i.category }, 'en') ?? null) : categoryLabel(i.category, 'zh') }, lang);

/**
 * Everything of the order that counts against an engineer, as the caller may know it: an engineer only his own
 * complaints and breaches (never the survey, S7); staff also the survey when it is low.
 */
async function itemsOf(order: OrderRecord, user: AuthUser): Promise<Item[]> {
  const engineer = user.role === 'engineer';
  const items: Item[] = [];
  for (const c of await complaintsOfOrder(order._id)) {
    if (engineer && String(c.engineerUserId) !== user.id) continue;
    items.push({
      kind: 'complaint',
      complaintId: c._id,
      surveyId: null,
      clock: null,
      category: c.category,
      at: new Date(c.filedAt),
      engineerId: c.engineerId,
      engineerUserId: c.engineerUserId,
      countsOn: { outletId: c.outletId, day: complaintDay(c) },
    });
  }
  if (!engineer || String(order.engineerUserId) === user.id) {
    for (const clock of CLOCKS) {
      const at = missedAt(order, clock);
      if (!at) continue;
      items.push({
        kind: 'breach',
        complaintId: null,
        surveyId: null,
        clock,
        category: null,
        at,
        engineerId: order.engineerId ?? null,
        engineerUserId: order.engineerUserId ?? null,
        countsOn: { outletId: order.outletId, day: order.createdDay },
      });
    }
  }
  if (!engineer) {
    const survey = await surveyOfOrder(order._id);
    if (survey && surveyCountsAgainst(survey.scores?.overall)) {
      items.push({
        kind: 'survey',
        complaintId: null,
        surveyId: survey._id,
        clock: null,
        category: null,
        at: new Date(survey.submittedAt),
        engineerId: survey.engineerId,
        engineerUserId: order.engineerUserId ?? null,
        countsOn: { outletId: survey.outletId, day: survey.submittedDay },
      });
    }
  }
  return items.filter((i) => i.engineerId);
}

const keyOf = (order: OrderRecord, i: Pick<Item, 'kind' | 'complaintId' | 'clock'>) =>
  appealItemKey(String(order._id), { kind: i.kind, complaintId: i.complaintId ? String(i.complaintId) : null, clock: i.clock });

/** The items of an order and whether the caller may appeal each now (engineer: his own; staff: the outlet's). */
export async function orderAppealItems(clock: Clock, user: AuthUser, orderId: string): Promise<OrderAppealItems> {
  const { order } = await loadOrderFor(clock, user, orderId, ['engineer', 'staff']);
  const [items, settings, live] = await Promise.all([
    itemsOf(order, user),
    getSettings(),
    Appeal.find({ orderId: order._id, liveKey: { $exists: true } }, { liveKey: 1, state: 1 }).lean<Array<Pick<AppealRecord, '_id' | 'liveKey' | 'state'>>>(),
  ]);
  const liveByKey = new Map(live.map((a) => [a.liveKey!, a]));
  const now = clock.now();
  return {
    orderId: String(order._id),
    orderNo: order.orderNo,
    windowDays: settings.appealWindowDays,
    items: items.map((i) => {
      const appeal = liveByKey.get(keyOf(order, i)) ?? null;
      const refusal = appealRefusal({ itemAt: i.at, windowDays: settings.appealWindowDays, now, live: appeal }) ?? (mayFileAppeal(user.role, i.kind) ? null : '由网点经理提出申诉');
      return {
        kind: i.kind,
        complaintId: i.complaintId ? String(i.complaintId) : null,
        clock: i.clock,
        text: itemWords(i),
        textEn: itemWords(i, 'en'),
        at: iso(i.at),
        appealBy: iso(appealDeadline(i.at, settings.appealWindowDays)),
        appealable: refusal === null,
        refusal,
        appealId: appeal ? String(appeal._id) : null,
        state: appeal?.state ?? null,
      };
    }),
  };
}

async function managersOf(outletId: Types.ObjectId): Promise<string[]> {
  return (await activeManagerIds(outletId)).map(String);
}

/** The evidence an appeal cites must be this order's, and visible to the filer. Answers 400 naming each bad entry. */
async function checkEvidence(order: OrderRecord, user: AuthUser, body: FileBody): Promise<{ seqs: number[]; photoIds: Types.ObjectId[] }> {
  const engineer = user.role === 'engineer';
  const fields: FieldError[] = [];
  const seqs = [...new Set(body.timelineSeqs)].sort((a, b) => a - b);
  body.timelineSeqs.forEach((seq, n) => {
    const event = order.timeline[seq - 1];
    if (!event || (engineer && PRIVATE_FROM_ENGINEER.has(event.type))) fields.push({ path: `timelineSeqs.${n}`, message: '本单没有这条记录' });
  });
  const photoKinds = new Map((await uploadsOfOrder(order._id)).map((u) => [String(u._id), u.kind]));
  body.photoIds.forEach((id, n) => {
    const kind = photoKinds.get(id.toLowerCase());
    if (!kind || (engineer && HIDDEN_FROM_ENGINEER.has(kind))) fields.push({ path: `photoIds.${n}`, message: '照片不存在或不属于本订单，请重新选择' });
  });
  if (fields.length) throw invalid(fields);
  return { seqs, photoIds: [...new Set(body.photoIds.map((p) => p.toLowerCase()))].map((p) => new Types.ObjectId(p)) };
}

/** The item the body names, among those the caller may appeal; 400 naming the field when the order has no such item. */
function pickItem(order: OrderRecord, items: Item[], body: FileBody): Item {
  if (body.kind === 'complaint') {
    const found = items.find((i) => i.kind === 'complaint' && String(i.complaintId) === body.complaintId!.toLowerCase());
    if (!found) throw invalid([{ path: 'complaintId', message: '本单没有这条计入您质量分的投诉' }]);
    return found;
  }
  if (body.kind === 'breach') {
    const found = items.find((i) => i.kind === 'breach' && i.clock === body.clock);
    if (!found) throw invalid([{ path: 'clock', message: '本单这一时限没有超时记录' }]);
    return found;
  }
  const found = items.find((i) => i.kind === 'survey');
  if (!found) throw invalid([{ path: 'kind', message: `本单评价不计入扣分，无需申诉` }]);
  void order;
  return found;
}

/** An appeal event on the order's timeline (complaints and breaches only: survey appeals stay off it, S7). */
function timelineData(a: AppealRecord, extra: Record<string, unknown> = {}) {
  return { appealId: String(a._id), kind: a.kind, clock: a.clock, category: a.category, ...extra };
}

/** Files an appeal (the engineer of the order or a manager of its outlet; surveys: the manager only). */
export async function fileAppeal(clock: Clock, signer: PhotoLinkSigner, user: AuthUser, orderId: string, body: FileBody, meta: RequestMeta): Promise<AppealDetail> {
  // S7: to an engineer a survey item does not exist, so asking for one answers as for an order he cannot see.
  if (!mayFileAppeal(user.role, body.kind)) throw new AppError('not_found', '订单不存在');
  const { order } = await loadOrderFor(clock, user, orderId, ['engineer', 'staff']);
  const item = pickItem(order, await itemsOf(order, user), body);
  const itemKey = keyOf(order, item);
  const [settings, live] = await Promise.all([getSettings(), Appeal.findOne({ liveKey: itemKey }, { state: 1 }).lean<Pick<AppealRecord, 'state'>>()]);
  const now = clock.now();
  const refusal = appealRefusal({ itemAt: item.at, windowDays: settings.appealWindowDays, now, live });
  if (refusal) throw new AppError('conflict', refusal);
  const evidence = await checkEvidence(order, user, body);
  const role = user.role === 'engineer' ? 'engineer' : 'outlet_manager';
  const text = `提出申诉：${itemWords(item)}`;
  let appeal: AppealRecord;
  try {
    appeal = (
      await Appeal.create({
        orderId: order._id,
        orderNo: order.orderNo,
        outletId: order.outletId,
        engineerId: item.engineerId,
        engineerUserId: item.engineerUserId,
        kind: item.kind,
        complaintId: item.complaintId,
        surveyId: item.surveyId,
        clock: item.clock,
        category: item.category,
        itemAt: item.at,
        countsOn: item.countsOn,
        itemKey,
        liveKey: itemKey,
        reason: body.reason,
        timelineSeqs: evidence.seqs,
        photoIds: evidence.photoIds,
        state: 'submitted',
        filedAt: now,
        filedBy: { id: user.id, name: user.name, role },
        decision: null,
        history: [{ at: now, action: 'filed', actor: { id: user.id, name: user.name }, text } satisfies AppealHistoryEntry],
      })
    ).toObject() as AppealRecord;
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('conflict', '此项已有申诉在审核中');
    throw err;
  }
  if (appeal.kind !== 'survey') {
    await runCommand(clock, { user, allowed: ['engineer', 'staff'] }, order._id, {
      build: () => ({ type: 'appeal_filed', data: timelineData(appeal, { timelineEntries: evidence.seqs.length, photos: evidence.photoIds.length }) }),
    });
  }
  await recordAudit(clock, {
    action: 'appeal.file',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(order.outletId),
    target: `order:${order.orderNo}`,
    ...meta,
    data: { appealId: String(appeal._id), kind: appeal.kind, orderNo: order.orderNo, detail: { zh: itemWords(appeal), en: itemWords(appeal, 'en') } },
  });
  await notify(clock, (await activeAdminIds()).map(String), {
    orderId: String(order._id),
    type: 'appeal_filed',
    title: '新的申诉待审核',
    body: `订单 ${order.orderNo}：${user.name}对“${itemWords(appeal)}”提出申诉，请审核`,
  });
  return presentDetail(clock, signer, user, appeal);
}

/** The filter of the appeals a caller may see: an engineer his own (never a survey appeal), a manager the outlet's. */
function scopeOf(user: AuthUser): Record<string, unknown> {
  if (user.role === 'engineer') return { engineerUserId: new Types.ObjectId(user.id), kind: { $ne: 'survey' } };
  if (user.role === 'outlet_manager') return { outletId: user.outletId ? new Types.ObjectId(user.outletId) : null };
  if (user.role === 'platform_admin') return {};
  return { _id: null };
}

async function loadFor(user: AuthUser, id: string): Promise<AppealRecord> {
  const appeal = await Appeal.findOne({ $and: [{ _id: new Types.ObjectId(id) }, scopeOf(user)] }).lean<AppealRecord>();
  if (!appeal || !appealVisibleTo(user.role, appeal.kind)) throw new AppError('not_found', '申诉不存在');
  return appeal;
}

const mayWithdraw = (user: AuthUser, a: AppealRecord) => (user.role === 'outlet_manager' ? String(a.outletId) === user.outletId : user.role === 'engineer' && a.filedBy.id === user.id);

function summary(user: AuthUser, a: AppealRecord, names: { outlet: string; engineer: string }): AppealSummary {
  return {
    id: String(a._id),
    orderId: String(a.orderId),
    orderNo: a.orderNo,
    outletId: String(a.outletId),
    outletName: names.outlet,
    engineerId: a.engineerId ? String(a.engineerId) : null,
    engineerName: names.engineer,
    kind: a.kind,
    complaintId: a.complaintId ? String(a.complaintId) : null,
    clock: a.clock,
    itemText: itemWords(a),
    itemTextEn: itemWords(a, 'en'),
    itemAt: iso(a.itemAt),
    reason: a.reason,
    state: a.state,
    stateLabel: APPEAL_STATE_LABELS[a.state],
    filedAt: iso(a.filedAt),
    filedBy: { name: a.filedBy.name, role: a.filedBy.role },
    decision: a.decision ? { decision: a.decision.decision, reason: a.decision.reason, at: iso(a.decision.at), byName: a.decision.by.name } : null,
    evidenceCount: { timeline: a.timelineSeqs.length, photos: a.photoIds.length },
    actions: appealActions(a.state, user.role, mayWithdraw(user, a)),
  };
}

async function namesOf(appeals: AppealRecord[]) {
  const [outlets, engineers] = await Promise.all([
    outletNames([...new Set(appeals.map((a) => String(a.outletId)))]),
    engineerNames([...new Set(appeals.flatMap((a) => (a.engineerId ? [String(a.engineerId)] : [])))]),
  ]);
  const outlet = new Map(outlets.map((o) => [String(o._id), o.name]));
  const engineer = new Map(engineers.map((e) => [String(e._id), e.name]));
  return (a: AppealRecord) => ({ outlet: outlet.get(String(a.outletId)) ?? '', engineer: (a.engineerId && engineer.get(String(a.engineerId))) || '' });
}

/** The appeal with its evidence in words and photo links, as the caller may see it (S7: nothing of the survey to an engineer). */
async function presentDetail(clock: Clock, signer: PhotoLinkSigner, user: AuthUser, a: AppealRecord): Promise<AppealDetail> {
  const engineer = user.role === 'engineer';
  // The caller's right to the appeal was checked (loadFor); the order is read for its evidence whoever holds it now.
  const [{ order }, uploads, names] = await Promise.all([
    loadOrderFor(clock, { ...user, role: 'platform_admin' }, String(a.orderId)),
    uploadsOfOrder(a.orderId),
    namesOf([a]),
  ]);
  const expiresAt = signer.expiryFrom(clock.now());
  const cited = new Set(a.photoIds.map(String));
  const timeline = a.timelineSeqs
    .map((seq) => order.timeline[seq - 1])
    .filter((e): e is NonNullable<typeof e> => !!e && !(engineer && PRIVATE_FROM_ENGINEER.has(e.type)))
    .map((e) => ({
      seq: e.seq,
      at: iso(e.at),
      label: timelineEventLabel(e.type),
      labelEn: timelineEventLabel(e.type, TIMELINE_EVENT_LABELS_EN),
      detail: timelineEventDetail(e.type, e.data),
      detailEn: timelineEventDetail(e.type, e.data, 'en'),
      actorName: e.actor.name,
    }));
  const photos = uploads
    .filter((u) => cited.has(String(u._id)) && !(engineer && HIDDEN_FROM_ENGINEER.has(u.kind)))
    .map((u) => ({ id: String(u._id), kindLabel: UPLOAD_KIND_NAMES[u.kind], url: signer.url(String(u._id), expiresAt), width: u.width, height: u.height }));
  return {
    ...summary(user, a, names(a)),
    evidence: { timeline, photos, photosExpireAt: expiresAt.toISOString() },
    history: a.history.map((h) => ({ at: iso(h.at), action: h.action, actorName: h.actor.name, text: h.text })),
  };
}

export async function getAppeal(clock: Clock, signer: PhotoLinkSigner, user: AuthUser, id: string): Promise<AppealDetail> {
  return presentDetail(clock, signer, user, await loadFor(user, id));
}

export async function listAppeals(user: AuthUser, q: { page: number; pageSize: number; state?: AppealRecord['state']; orderId?: string }) {
  const filter: Record<string, unknown> = {
    ...scopeOf(user),
    ...(q.state ? { state: q.state } : {}),
    ...(q.orderId ? { orderId: new Types.ObjectId(q.orderId) } : {}),
  };
  const [items, total] = await Promise.all([
    Appeal.find(filter).sort({ filedAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<AppealRecord[]>(),
    Appeal.countDocuments(filter),
  ]);
  const names = await namesOf(items);
  return { items: items.map((a) => summary(user, a, names(a))), total, page: q.page, pageSize: q.pageSize };
}

/** The one way an appeal leaves `submitted`: a compare-and-set on the state; the loser of a race is told it was handled. */
async function leaveSubmitted(before: AppealRecord, set: Record<string, unknown>, entry: AppealHistoryEntry, unsetLive: boolean): Promise<AppealRecord> {
  const after = await Appeal.findOneAndUpdate(
    { _id: before._id, state: 'submitted' },
    { $set: set, $push: { history: entry }, ...(unsetLive ? { $unset: { liveKey: 1 } } : {}) },
    { returnDocument: 'after', lean: true },
  );
  if (!after) throw new AppError('conflict', '该申诉刚刚已被处理，请刷新后查看结果');
  return after as AppealRecord;
}

const alreadyHandled = (a: AppealRecord) => new AppError('conflict', `该申诉${APPEAL_STATE_LABELS[a.state]}，不能再处理`);

/**
 * A platform admin decides: upheld removes the item from the quality record — a breach by excusing the order's
 * clock (with the decision's timeline event, one update), a complaint or a survey through the statistics' read of
 * upheld appeals — then the affected day is recomputed and the stored scores with it; rejected says why.
 */
export async function decideAppeal(clock: Clock, signer: PhotoLinkSigner, user: AuthUser, id: string, body: DecideBody, meta: RequestMeta): Promise<AppealDetail> {
  const before = await loadFor(user, id);
  if (before.state !== 'submitted') throw alreadyHandled(before);
  const now = clock.now();
  const upheld = body.decision === 'upheld';
  const text = upheld ? `申诉成立，已不计入质量分。说明：${body.reason}` : `申诉未成立。原因：${body.reason}`;
  const appeal = await leaveSubmitted(
    before,
    { state: body.decision, decision: { decision: body.decision, reason: body.reason, at: now, by: { id: user.id, name: user.name } } },
    { at: now, action: body.decision, actor: { id: user.id, name: user.name }, text },
    false,
  );
  if (appeal.kind !== 'survey') {
    await runCommand(clock, { user, allowed: ['staff'] }, appeal.orderId, {
      build: () => ({
        type: 'appeal_decided',
        data: timelineData(appeal, { decision: body.decision, reason: body.reason }),
        set: upheld && appeal.kind === 'breach' && appeal.clock ? { [`sla.excused.${appeal.clock}`]: { reason: 'appeal', at: now } } : undefined,
      }),
    });
  }
  if (upheld) {
    await refreshDailyPairs([{ outletId: appeal.countsOn.outletId, day: appeal.countsOn.day }]);
    await recomputeQualityScores(clock);
  }
  const words = itemWords(appeal);
  await recordAudit(clock, {
    action: upheld ? 'appeal.uphold' : 'appeal.reject',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(appeal.outletId),
    target: `order:${appeal.orderNo}`,
    ...meta,
    data: {
      appealId: String(appeal._id),
      kind: appeal.kind,
      orderNo: appeal.orderNo,
      detail: { zh: `${words}，理由：${body.reason}`, en: `${itemWords(appeal, 'en')}; reason: ${body.reason}` },
    },
  });
  const message = appealDecisionMessage(body.decision, words, appeal.orderNo, body.reason);
  // S7: a survey appeal's outcome goes to the managers only.
  const to = [...(await managersOf(appeal.outletId)), ...(appeal.kind !== 'survey' && appeal.engineerUserId ? [String(appeal.engineerUserId)] : [])];
  await notify(clock, to, { orderId: String(appeal.orderId), type: upheld ? 'appeal_upheld' : 'appeal_rejected', ...message });
  return presentDetail(clock, signer, user, appeal);
}

/** The filer (or a manager of the outlet) withdraws an appeal under review; the item may be appealed again. */
export async function withdrawAppeal(clock: Clock, signer: PhotoLinkSigner, user: AuthUser, id: string, meta: RequestMeta): Promise<AppealDetail> {
  const before = await loadFor(user, id);
  if (!mayWithdraw(user, before)) throw new AppError('forbidden', '只有提出申诉的人或网点经理可以撤回');
  if (before.state !== 'submitted') throw alreadyHandled(before);
  const now = clock.now();
  const appeal = await leaveSubmitted(before, { state: 'withdrawn' }, { at: now, action: 'withdrawn', actor: { id: user.id, name: user.name }, text: '撤回申诉' }, true);
  if (appeal.kind !== 'survey') {
    const command = { build: () => ({ type: 'appeal_withdrawn' as const, data: timelineData(appeal) }) };
    // The filer may no longer be the order's engineer (reassigned since): the withdrawal is still written on the order.
    await runCommand(clock, { user, allowed: ['engineer', 'staff'] }, appeal.orderId, command).catch((err: unknown) => {
      if (err instanceof AppError && err.id === 'not_found') return runCommand(clock, 'system', appeal.orderId, command);
      throw err;
    });
  }
  await recordAudit(clock, {
    action: 'appeal.withdraw',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(appeal.outletId),
    target: `order:${appeal.orderNo}`,
    ...meta,
    data: { appealId: String(appeal._id), kind: appeal.kind, orderNo: appeal.orderNo, detail: { zh: itemWords(appeal), en: itemWords(appeal, 'en') } },
  });
  return presentDetail(clock, signer, user, appeal);
}

