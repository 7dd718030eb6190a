import { addDays, api, shanghaiDayStart } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { AppError } from '../../core/errors';
import { presentAuditPage } from './present';
import { queryAudit } from './service';

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
