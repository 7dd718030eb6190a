import type { Context, Next } from 'koa';
import client from 'prom-client';

/** Prometheus metrics with one registry per app instance (tests start several apps in one process). */
export function createMetrics(collectDefaults: boolean) {
  const registry = new client.Registry();
  if (collectDefaults) client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  async function middleware(ctx: Context, next: Next) {
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // Route templates, not raw paths, keep label cardinality bounded.
      const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      const labels = { method: ctx.method, route: String(route), status: String(ctx.status) };
      requests.inc(labels);
      end(labels);
    }
  }

  return { registry, middleware };
}
