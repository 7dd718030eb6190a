import { OrdersExportQuery } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { exportOrdersCsv } from './service';

export function exportRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/exports/orders.csv',
      summary: 'Orders of a period as CSV (UTF-8 with BOM), streamed; phones masked (S10); audit-logged',
      description: 'Outlet managers export their own outlet; platform admins one outlet (outletId) or all. At most 366 days.',
      tags: ['exports'],
      auth: ['outlet_manager', 'platform_admin'],
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: OrdersExportQuery,
      produces: 'text/csv',
      errors: ['not_found'],
      handler: async (ctx, { query }) => {
        const { filename, stream } = await exportOrdersCsv(deps.clock, ctx.state.user!, query, { ip: clientIp(ctx), requestId: ctx.state.requestId });
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
        return stream;
      },
    }),
  ];
}
