import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { pingDatabase } from '../../db/connect';
import type { AppRuntime } from '../../deps';

const EVERYONE = { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' } as const;

export function healthRoutes(runtime: AppRuntime): AnyRouteSpec[] {
  return [
    route(api.health.live, {
      access: EVERYONE,
      handler: () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
    }),
    route(api.health.ready, {
      access: EVERYONE,
      handler: async (ctx) => {
        const up = await pingDatabase();
        const ready = up && !runtime.draining;
        ctx.status = ready ? 200 : 503;
        return { status: ready ? ('ok' as const) : ('unavailable' as const), db: up ? ('up' as const) : ('down' as const), draining: runtime.draining };
      },
    }),
    route(api.health.metrics, {
      access: EVERYONE,
      handler: async (ctx) => {
        ctx.type = runtime.metrics.registry.contentType;
        ctx.body = await runtime.metrics.registry.metrics();
      },
    }),
  ];
}
