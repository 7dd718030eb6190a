import { AsyncLocalStorage } from 'node:async_hooks';
import { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AuditEntry, type AuditRecord } from './model';

export interface AuditInput {
  action: string;
  actorId?: string | null;
  actorRole?: string | null;
  outletId?: string | null;
  target?: string | null;
  ip?: string | null;
  requestId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * One request's audit bookkeeping: whether its handler recorded an entry of its own. The route layer logs every staff
 * write under its endpoint only when the handler did not say more specifically what happened, so one action is one
 * entry in the log, never a specific entry and a generic copy of it.
 */
const requestAudit = new AsyncLocalStorage<{ recorded: boolean }>();

/** Runs a request's handler with its audit bookkeeping; answers whether the handler recorded an entry. */
export async function withRequestAudit<T>(run: () => Promise<T>): Promise<{ result: T; recorded: boolean }> {
  const scope = { recorded: false };
  const result = await requestAudit.run(scope, run);
  return { result, recorded: scope.recorded };
}

/** Appends one audit entry. */
export async function recordAudit(clock: Clock, entry: AuditInput): Promise<void> {
  await AuditEntry.create({ at: clock.now(), ...entry });
  const scope = requestAudit.getStore();
  if (scope) scope.recorded = true;
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  actorId?: string;
  /** Prefix of the action name (`complaint.` → every complaint action). */
  action?: string;
  target?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Only this outlet's entries (outlet managers); all when absent (platform admins). */
  outletId?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The audit log, newest first (ties by id, so pages stay stable when entries share a timestamp). An anchored prefix
 * regex on `action` and equality on actor, outlet or target each lead an index on (field, at), so MongoDB reads
 * one index range instead of the collection.
 */
export async function queryAudit(filter: AuditFilter) {
  const at: Record<string, Date> = {};
  if (filter.from) at.$gte = filter.from;
  if (filter.to) at.$lt = filter.to;
  const query: Record<string, unknown> = {
    ...(filter.outletId ? { outletId: new Types.ObjectId(filter.outletId) } : {}),
    ...(filter.actorId ? { actorId: new Types.ObjectId(filter.actorId) } : {}),
    ...(filter.action ? { action: { $regex: `^${escapeRegex(filter.action)}` } } : {}),
    ...(filter.target ? { target: filter.target } : {}),
    ...(filter.from || filter.to ? { at } : {}),
  };
  const [items, total] = await Promise.all([
    AuditEntry.find(query).sort({ at: -1, _id: -1 }).skip((filter.page - 1) * filter.pageSize).limit(filter.pageSize).lean<AuditRecord[]>(),
    AuditEntry.countDocuments(query),
  ]);
  return { items, total, page: filter.page, pageSize: filter.pageSize };
}
