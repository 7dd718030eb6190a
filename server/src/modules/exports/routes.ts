import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { exportOrdersCsv } from './service';

export function exportRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.exports.ordersCsv, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: async (ctx, { query }) => {
        const { filename, stream } = await exportOrdersCsv(deps.clock, ctx.state.user!, query, { ip: clientIp(ctx), requestId: ctx.state.requestId });
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
        ctx.body = stream;
      },
    }),
  ];
}
