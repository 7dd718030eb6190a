import { Types } from 'mongoose';
import {
  auditEndpoint,
  auditSentence,
  categoryName,
  timelineEventDetail,
  toJsonObject,
  type AuditEntryView,
  type AuditObject,
  type Words,
} from '@fangxin/shared';
import { ordersByIds } from '../orders/reads';
import type { OrderRecord } from '../orders/model';
import { engineerNames, outletNamesAndCodes } from '../network/reads';
import { userNames } from '../users/reads';
import type { AuditRecord } from './model';

/**
 * An audit page in words: each entry's sentence (who did what to which object, and what came of it) in Chinese and
 * English, composed with the shared words (`auditSentence`). The objects' names are looked up once per page: an
 * order by its number, an engineer by name and employee number, an outlet, an account; a complaint or a return visit
 * by its order (as its entry recorded it). A staff write on an order is told with what the order's timeline recorded
 * for it (the engineer it went to, the amount), found by the same actor within a few seconds.
 */

type Kind = 'order' | 'engineer' | 'outlet' | 'user';
interface Ref {
  kind: string;
  /** Looked up by id, or already the label. */
  id?: string;
  by?: 'id' | 'employeeNo' | 'code' | 'username';
  label?: string;
}

const isId = (s: string | undefined): s is string => typeof s === 'string' && Types.ObjectId.isValid(s) && /^[0-9a-f]{24}$/i.test(s);

/** What a generic entry's route points at: its path's resource and the `:id` (or `:serial`, `:code`) it was called with. */
function refOfRoute(path: string, params: Record<string, string>): Ref | null {
  const [, first, second] = path.split('/');
  const resource = first === 'admin' ? second : first;
  const id = params.id;
  switch (resource) {
    case 'orders':
      return isId(id) ? { kind: 'order', id, by: 'id' } : null;
    case 'engineers':
      return isId(id) ? { kind: 'engineer', id, by: 'id' } : null;
    case 'outlets':
      return isId(id) ? { kind: 'outlet', id, by: 'id' } : null;
    case 'users':
      return isId(id) ? { kind: 'user', id, by: 'id' } : null;
    case 'cards':
      return params.serial ? { kind: 'card', label: params.serial } : null;
    case 'catalog':
      if (params.code) return { kind: 'catalog_item', label: params.code };
      return params.category ? { kind: 'category', label: categoryName(params.category) } : null;
    case 'survey-templates':
      return { kind: 'survey_template', label: '' };
    default:
      return null;
  }
}

/** What a specific entry's `kind:key` target points at. */
function refOfTarget(target: string, data: Record<string, unknown>): Ref | null {
  const at = target.indexOf(':');
  if (at < 0) return null;
  const [kind, key] = [target.slice(0, at), target.slice(at + 1)];
  switch (kind) {
    case 'order':
      return { kind, label: key };
    case 'engineer':
      return { kind, label: key };
    case 'outlet':
      if (key === '*') return { kind: 'all_outlets', label: '' };
      return isId(key) ? { kind, id: key, by: 'id' } : { kind, id: key, by: 'code' };
    case 'user':
      return isId(key) ? { kind, id: key, by: 'id' } : { kind, label: key };
    case 'complaint':
    case 'return_visit':
      return typeof data.orderNo === 'string' ? { kind, label: data.orderNo } : null;
    case 'card':
    case 'survey_template':
      return { kind, label: key };
    default:
      return null;
  }
}

function refOf(e: AuditRecord): Ref | null {
  if (!e.target) return null;
  const endpoint = auditEndpoint(e.action);
  if (endpoint) {
    try {
      const params = JSON.parse(e.target) as Record<string, string>;
      return refOfRoute(endpoint.endpoint.path, params);
    } catch {
      return null;
    }
  }
  return refOfTarget(e.target, e.data ?? {});
}

/** Every looked-up name by `kind:by:key`, with a page's orders' timelines for the details. */
async function lookUp(refs: Ref[]) {
  const ids = (kind: Kind) => [...new Set(refs.filter((r) => r.kind === kind && r.by === 'id' && r.id).map((r) => r.id!))].map((id) => new Types.ObjectId(id));
  const outletRefs = refs.some((r) => r.kind === 'outlet' && r.id);
  const [orders, engineers, outlets, users] = await Promise.all([
    ids('order').length ? ordersByIds<Pick<OrderRecord, '_id' | 'orderNo' | 'timeline'>>(ids('order'), { orderNo: 1, timeline: 1 }) : [],
    ids('engineer').length ? engineerNames(ids('engineer')) : [],
    outletRefs ? outletNamesAndCodes() : [],
    ids('user').length ? userNames(ids('user')) : [],
  ]);
  const names = new Map<string, string>();
  for (const o of orders) names.set(`order:id:${String(o._id)}`, o.orderNo);
  for (const e of engineers) names.set(`engineer:id:${String(e._id)}`, `${e.name}（${e.employeeNo}）`);
  for (const o of outlets) names.set(`outlet:id:${String(o._id)}`, o.name).set(`outlet:code:${o.code}`, o.name);
  for (const u of users) names.set(`user:id:${String(u._id)}`, u.name);
  const timelines = new Map(orders.map((o) => [String(o._id), o.timeline ?? []]));
  return { names, timelines };
}

const WINDOW_MS = 10_000;

/** What the order's timeline recorded for this staff write: the event by the same actor closest in time. */
function timelineDetail(e: AuditRecord, ref: Ref | null, timelines: Map<string, OrderRecord['timeline']>): Words | null {
  if (!ref || ref.kind !== 'order' || !ref.id || !e.actorId) return null;
  const at = new Date(e.at).getTime();
  let best: { type: string; data: Record<string, unknown> } | null = null;
  let bestGap = WINDOW_MS;
  for (const event of timelines.get(ref.id) ?? []) {
    const gap = Math.abs(new Date(event.at).getTime() - at);
    if (event.actor?.id === String(e.actorId) && gap <= bestGap) [best, bestGap] = [event, gap];
  }
  if (!best) return null;
  const zh = timelineEventDetail(best.type, best.data, 'zh');
  const en = timelineEventDetail(best.type, best.data, 'en');
  return zh && en ? { zh, en } : null;
}

const yuan = (fen: unknown) => (typeof fen === 'number' ? `¥${(fen / 100).toFixed(2)}` : null);

/** What a specific entry's own data says in words (amounts in yuan, periods as days). */
function dataDetail(e: AuditRecord): Words | null {
  const d = e.data ?? {};
  // Entries that carry their detail already in words (the governance loop: the month, the reason, the amount).
  const words = d.detail as Partial<Words> | undefined;
  if (words && typeof words.zh === 'string' && typeof words.en === 'string') return { zh: words.zh, en: words.en };
  if (e.action === 'complaint.resolve' && typeof d.compensationFen === 'number' && d.compensationFen > 0) return { zh: `补偿 ${yuan(d.compensationFen)}`, en: `compensation ${yuan(d.compensationFen)}` };
  if (e.action === 'return_visit.outcome') {
    const zh = timelineEventDetail('return_visit_recorded', d, 'zh');
    const en = timelineEventDetail('return_visit_recorded', d, 'en');
    return zh && en ? { zh, en } : null;
  }
  if (e.action.startsWith('export.') && typeof d.from === 'string' && typeof d.to === 'string') return { zh: `${d.from} 至 ${d.to}`, en: `${d.from} to ${d.to}` };
  if (e.action === 'card.revoke' && typeof d.reason === 'string') return { zh: `原因：${d.reason}`, en: `reason: ${d.reason}` };
  return null;
}

/** The fields an audit entry shows, with its sentence and the actor's and objects' names looked up once per page. */
export async function presentAuditPage(items: AuditRecord[]): Promise<AuditEntryView[]> {
  const refs = items.map(refOf);
  const actorIds = [...new Set(items.flatMap((e) => (e.actorId ? [String(e.actorId)] : [])))];
  const [users, { names, timelines }] = await Promise.all([
    actorIds.length ? userNames(actorIds) : [],
    lookUp(refs.filter((r): r is Ref => r !== null)),
  ]);
  const actorNames = new Map(users.map((u) => [String(u._id), u.name]));
  return items.map((e, i) => {
    const ref = refs[i] ?? null;
    const label = ref ? (ref.label ?? names.get(`${ref.kind}:${ref.by}:${ref.id}`) ?? null) : null;
    const object: AuditObject | null = ref && label !== null ? { kind: ref.kind, label } : null;
    const actorName = e.actorId ? (actorNames.get(String(e.actorId)) ?? null) : null;
    const detail = timelineDetail(e, ref, timelines) ?? dataDetail(e);
    const sentence = { action: e.action, actorName, object, detail };
    return {
      id: String(e._id),
      at: new Date(e.at).toISOString(),
      action: e.action,
      actorId: e.actorId ? String(e.actorId) : null,
      actorRole: e.actorRole ?? null,
      actorName,
      outletId: e.outletId ? String(e.outletId) : null,
      target: e.target ?? null,
      ip: e.ip ?? null,
      requestId: e.requestId ?? null,
      data: toJsonObject(e.data),
      summary: { zh: auditSentence(sentence, 'zh'), en: auditSentence(sentence, 'en') },
    };
  });
}
