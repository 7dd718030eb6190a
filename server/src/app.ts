import path from 'node:path';
import { createRequire } from 'node:module';
import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import send from 'koa-send';
import { useChineseValidationMessages } from '@fangxin/shared';
import { REPO_ROOT } from './lib/paths';
import { AppError } from './core/errors';
import { errorMiddleware } from './http/errors';
import { requestContext, securityHeaders } from './http/context';
import { createMetrics } from './http/metrics';
import { mountRoutes, type MountedRoute } from './http/route';
import { buildOpenApi, DOCS_HTML, DOCS_INIT_JS } from './http/openapi';
import { LANDING_HTML, serveSpa } from './http/static';
import { apiRoutes } from './modules';
import type { AppDeps, AppRuntime } from './deps';
import { configureNotifications } from './modules/notifications/service';

const require = createRequire(import.meta.url);

/**
 * The methods this server knows (RFC 9110's, PATCH, and QUERY). A known method that a path does not serve answers
 * 405 with `Allow`; any other method (WebDAV's PROPFIND, made-up tokens) is implemented for no resource: 501.
 */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'QUERY']);

/**
 * Method rules around the router, in place of koa-router's `allowedMethods` (whose thrown errors carry no `Allow`
 * header): unknown methods answer 501 `not_implemented` on any path; on a path some route serves, OPTIONS answers
 * 204 with `Allow` and any other method it does not serve 405 `method_not_allowed` with `Allow` (the error middleware
 * copies it onto the error response). Paths no route serves stay 404 `route_not_found` whatever the method.
 */
async function methodRules(ctx: Context, next: Next): Promise<void> {
  if (!KNOWN_METHODS.has(ctx.method)) throw new AppError('not_implemented');
  await next();
  if (ctx.status !== 404 || ctx.body !== undefined) return;
  const layers = (ctx as { matched?: Array<{ methods: string[] }> }).matched ?? [];
  const served = new Set(layers.flatMap((layer) => layer.methods));
  if (served.size === 0 || served.has(ctx.method)) return;
  const allow = [...new Set([...served, 'OPTIONS'])].join(', ');
  if (ctx.method === 'OPTIONS') {
    ctx.status = 204;
    ctx.set('Allow', allow);
    return;
  }
  throw new AppError('method_not_allowed', undefined, { headers: { Allow: allow } });
}

useChineseValidationMessages();

export function createApp(deps: AppDeps) {
  const app = new Koa({ proxy: deps.config.TRUST_PROXY });
  const runtime: AppRuntime = { draining: false, metrics: createMetrics(deps.config.NODE_ENV !== 'test') };
  const registry: MountedRoute[] = [];
  configureNotifications({ clock: deps.clock, channels: deps.channels, logger: deps.logger });
  const router = new Router();

  mountRoutes(router, apiRoutes(deps, runtime), deps, registry);

  let openApiDoc: ReturnType<typeof buildOpenApi> | undefined;
  router.get('/api/openapi.json', (ctx) => {
    openApiDoc ??= buildOpenApi(registry, { version: '1.0.0' });
    ctx.body = openApiDoc;
  });
  router.get('/api/docs', (ctx) => {
    ctx.type = 'html';
    ctx.body = DOCS_HTML;
  });
  router.get('/api/docs/init.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = DOCS_INIT_JS;
  });
  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  router.get('/api/docs/assets/:file', async (ctx) => {
    const file = String(ctx.params.file);
    if (!/^swagger-ui(-bundle)?\.(css|js)$/.test(file)) return;
    ctx.set('Cache-Control', 'public, max-age=86400');
    await send(ctx, file, { root: swaggerDir });
  });
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = LANDING_HTML;
  });

  app.use(requestContext(deps.logger));
  app.use(runtime.metrics.middleware);
  app.use(securityHeaders());
  app.use(errorMiddleware);
  app.use(async (ctx, next) => {
    // While draining, ask clients to open new connections elsewhere.
    if (runtime.draining) ctx.set('Connection', 'close');
    await next();
  });
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get('origin');
        return deps.config.CORS_ORIGINS.includes(origin) ? origin : '';
      },
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.use(methodRules);
  if (deps.config.STATIC_DIRS) {
    app.use(serveSpa('/admin', path.join(REPO_ROOT, 'admin', 'dist')));
    app.use(serveSpa('/h5', path.join(REPO_ROOT, 'miniapp', 'dist', 'h5')));
  }
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: deps.config.BODY_LIMIT_BYTES,
      encoding: 'utf-8',
      onError: (err) => {
        throw err;
      },
    }),
  );
  app.use(router.routes());

  // Errors are answered by errorMiddleware; Koa's default handler would print them a second time.
  app.silent = true;

  return { app, runtime, routes: registry };
}
