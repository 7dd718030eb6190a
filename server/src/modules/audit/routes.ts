import { addDays, api, shanghaiDayStart, toJsonObject, type AuditEntryView } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { AppError } from '../../core/errors';
import { userNames } from '../users/reads';
import type { AuditRecord } from './model';
import { queryAudit } from './service';

/** The fields an audit entry shows, with the actor's name looked up once per page. */
async function presentAuditPage(items: AuditRecord[]): Promise<AuditEntryView[]> {
  const actorIds = [...new Set(items.flatMap((e) => (e.actorId ? [String(e.actorId)] : [])))];
  const users = actorIds.length ? await userNames(actorIds) : [];
  const names = new Map(users.map((u) => [String(u._id), u.name]));
  return items.map((e) => ({
    id: String(e._id),
    at: new Date(e.at).toISOString(),
    action: e.action,
    actorId: e.actorId ? String(e.actorId) : null,
    actorRole: e.actorRole ?? null,
    actorName: e.actorId ? (names.get(String(e.actorId)) ?? null) : null,
    outletId: e.outletId ? String(e.outletId) : null,
    target: e.target ?? null,
    ip: e.ip ?? null,
    requestId: e.requestId ?? null,
    data: toJsonObject(e.data),
  }));
}

export function auditRoutes(): AnyRouteSpec[] {
  return [
    route(api.audit.list, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: async (ctx, { query }) => {
        const user = ctx.state.user!;
        if (user.role === 'outlet_manager' && !user.outletId) throw new AppError('forbidden');
        const result = await queryAudit({
          page: query.page,
          pageSize: query.pageSize,
          actorId: query.actorId,
          action: query.action,
          target: query.target,
          from: query.from ? shanghaiDayStart(query.from) : undefined,
          to: query.to ? shanghaiDayStart(addDays(query.to, 1)) : undefined,
          outletId: user.role === 'outlet_manager' ? user.outletId! : undefined,
        });
        return { ...result, items: await presentAuditPage(result.items) };
      },
    }),
  ];
}
