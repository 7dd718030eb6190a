import { addDays, AuditEntryView, AuditQuery, pageOf, type AuditEntryView as AuditEntryViewType } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import { AppError } from '../../core/errors';
import { User } from '../users/model';
import type { AuditRecord } from './model';
import { queryAudit } from './service';

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** The fields an audit entry shows, with the actor's name looked up once per page. */
async function presentAuditPage(items: AuditRecord[]): Promise<AuditEntryViewType[]> {
  const actorIds = [...new Set(items.flatMap((e) => (e.actorId ? [String(e.actorId)] : [])))];
  const users = actorIds.length ? await User.find({ _id: { $in: actorIds } }, { name: 1 }).lean() : [];
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
    data: e.data ?? {},
  }));
}

export function auditRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/audit',
      summary: 'The audit log, newest first (platform admin: everything; outlet manager: their outlet’s entries)',
      description: 'Filters: actorId, action (prefix), target (exact), from/to (Asia/Shanghai days, inclusive).',
      tags: ['audit'],
      auth: ['outlet_manager', 'platform_admin'],
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: AuditQuery,
      response: pageOf(AuditEntryView),
      handler: async (ctx, { query }) => {
        const user = ctx.state.user!;
        if (user.role === 'outlet_manager' && !user.outletId) throw new AppError('forbidden');
        const result = await queryAudit({
          page: query.page,
          pageSize: query.pageSize,
          actorId: query.actorId,
          action: query.action,
          target: query.target,
          from: query.from ? dayStart(query.from) : undefined,
          to: query.to ? dayStart(addDays(query.to, 1)) : undefined,
          outletId: user.role === 'outlet_manager' ? user.outletId! : undefined,
        });
        return { ...result, items: await presentAuditPage(result.items) };
      },
    }),
  ];
}
