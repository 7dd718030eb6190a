import { Types } from 'mongoose';
import { addDays, ANALYTICS_MAX_DAYS, daySpan, QUALITY_DEFAULT_DAYS, shanghaiDay, type Period } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { outletFields } from '../network/reads';
import { DailyStat, type DailyStatRecord } from './model';

/** A period with its defaults applied: `to` today, `from` so that the period has QUALITY_DEFAULT_DAYS days. */
export function resolvePeriod(clock: Clock, q: { from?: string; to?: string }): Period {
  const to = q.to ?? shanghaiDay(clock.now());
  const from = q.from ?? addDays(to, -(QUALITY_DEFAULT_DAYS - 1));
  const days = daySpan(from, to);
  if (days < 1) throw new AppError('validation_failed', '结束日期不能早于开始日期', { fields: [{ path: 'query.to', message: '结束日期不能早于开始日期' }] });
  if (days > ANALYTICS_MAX_DAYS) {
    throw new AppError('validation_failed', `统计区间最长 ${ANALYTICS_MAX_DAYS} 天`, { fields: [{ path: 'query.from', message: `统计区间最长 ${ANALYTICS_MAX_DAYS} 天` }] });
  }
  return { from, to, days };
}

export function daysOf(period: Period): string[] {
  return Array.from({ length: period.days }, (_, i) => addDays(period.from, i));
}

export interface Scope {
  /** null: the whole platform. */
  outletId: Types.ObjectId | null;
  name: string;
}

/**
 * Which outlet a dashboard or ranking covers. Platform admins: any outlet, or the platform. Managers: their own
 * outlet; another outlet's id answers 404 as if it did not exist, so ids cannot be probed.
 */
export async function resolveScope(user: AuthUser, outletId: string | undefined): Promise<Scope> {
  if (user.role === 'platform_admin') {
    if (!outletId) return { outletId: null, name: '全平台' };
    const outlet = await outletFields(outletId, 'name');
    if (!outlet) throw new AppError('not_found', '网点不存在');
    return { outletId: outlet._id, name: outlet.name };
  }
  if (user.role !== 'outlet_manager' || !user.outletId) throw new AppError('forbidden');
  if (outletId && outletId !== user.outletId) throw new AppError('not_found', '网点不存在');
  const outlet = await outletFields(user.outletId, 'name');
  if (!outlet) throw new AppError('not_found', '网点不存在');
  return { outletId: outlet._id, name: outlet.name };
}

/**
 * Daily statistics of a period: one outlet's, every outlet's (`'outlets'`), or the platform totals (`null`).
 * Small reads: at most one document per outlet and day.
 */
export function readDays(
  period: Period,
  outlets: Types.ObjectId | Types.ObjectId[] | 'outlets' | null,
  projection?: Record<string, 0 | 1>,
): Promise<DailyStatRecord[]> {
  const day = { $gte: period.from, $lte: period.to };
  const outletId = outlets === 'outlets' ? { $ne: null } : Array.isArray(outlets) ? { $in: outlets } : outlets;
  return DailyStat.find({ outletId, day }, projection).lean<DailyStatRecord[]>().exec(); // a promise: callers may share it
}
