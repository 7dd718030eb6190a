import { z } from 'zod';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import { pingDatabase } from '../../db/connect';
import type { AppRuntime } from '../../deps';

export function healthRoutes(runtime: AppRuntime): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process is up',
      tags: ['ops'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }),
      handler: () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the database answers and the server is not draining',
      tags: ['ops'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: z.object({ status: z.enum(['ok', 'unavailable']), db: z.enum(['up', 'down']), draining: z.boolean() }),
      errors: ['service_unavailable'],
      handler: async (ctx) => {
        const up = await pingDatabase();
        const ready = up && !runtime.draining;
        ctx.status = ready ? 200 : 503;
        return { status: ready ? ('ok' as const) : ('unavailable' as const), db: up ? ('up' as const) : ('down' as const), draining: runtime.draining };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics: request counts and latency histograms per route',
      tags: ['ops'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      produces: 'text/plain',
      handler: async (ctx) => {
        ctx.type = runtime.metrics.registry.contentType;
        return runtime.metrics.registry.metrics();
      },
    }),
  ];
}
