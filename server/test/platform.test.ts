import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../src/http/errors';
import { requestContext } from '../src/http/context';
import { createLogger } from '../src/logger';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { CORS_ORIGINS: 'https://admin.example.com', BODY_LIMIT_BYTES: '2048' } });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('health', () => {
  it('GET /healthz answers while the process is up', async () => {
    const res = await t.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /readyz reports the database up', async () => {
    const res = await t.request('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', draining: false });
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 route_not_found and a request id', async () => {
    const res = await t.request('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.id).toBe('route_not_found');
    expect(res.body.error.requestId).toMatch(/[\w-]{8,}/);
  });

  it('keeps a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.request('GET', '/api/v1/nope', { headers: { 'x-request-id': 'client-req-12345' } });
    expect(kept.headers.get('x-request-id')).toBe('client-req-12345');
    expect(kept.body.error.requestId).toBe('client-req-12345');
    const replaced = await t.request('GET', '/api/v1/nope', { headers: { 'x-request-id': '<script>' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('<script>');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.request('POST', '/api/v1/auth/staff/login', { raw: '{"username": "a",' });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('malformed_json');
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: 'a', password: 'x'.repeat(4096) } });
    expect(res.status).toBe(413);
    expect(res.body.error.id).toBe('payload_too_large');
  });

  it('answers a wrong method on a known route with 405', async () => {
    const res = await t.request('DELETE', '/api/v1/auth/staff/login');
    expect(res.status).toBe(405);
    expect(res.body.error.id).toBe('method_not_allowed');
  });

  it('turns an unknown error into 500 internal_error with the request id and no internals', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(requestContext(createLogger('silent')));
    app.use(errorMiddleware);
    app.use(() => {
      throw new Error('secret detail: connection string mongodb://user:pw@db');
    });
    const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const text = await res.text();
      expect(res.status).toBe(500);
      const body = JSON.parse(text);
      expect(body.error.id).toBe('internal_error');
      expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
      expect(text).not.toContain('secret');
      expect(text).not.toContain('stack');
    } finally {
      server.close();
    }
  });
});

describe('security headers and CORS', () => {
  it('sets security headers and no-store on API responses', async () => {
    const res = await t.request('GET', '/api/v1/catalog/categories');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('allows only configured origins', async () => {
    const allowed = await t.request('OPTIONS', '/api/v1/auth/staff/login', {
      headers: { origin: 'https://admin.example.com', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    const denied = await t.request('GET', '/api/v1/catalog/categories', { headers: { origin: 'https://evil.example.com' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('metrics', () => {
  it('counts requests and latency per route template, not per raw path', async () => {
    await t.request('GET', '/api/v1/catalog/categories');
    await t.request('GET', '/api/v1/outlets/0123456789abcdef01234567');
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/catalog\/categories",status="200"\} \d+/);
    expect(res.body).toContain('route="/api/v1/outlets/:id"');
    expect(res.body).not.toContain('0123456789abcdef01234567');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
  });
});

describe('OpenAPI', () => {
  it('documents every mounted endpoint with its schemas, roles and errors', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`));
    const mounted = t.server.routes.map((r) => `${r.spec.method.toUpperCase()} ${(r.prefix + r.spec.path).replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(mounted.sort());
    for (const path of ['/api/v1/auth/staff/login', '/api/v1/auth/otp/send', '/api/v1/auth/otp/login', '/api/v1/auth/wechat/login', '/api/v1/auth/refresh', '/api/v1/auth/logout']) {
      expect(doc.paths[path].post).toBeDefined();
    }
    const login = doc.paths['/api/v1/auth/staff/login'].post;
    expect(login.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/StaffLoginBody');
    expect(login.responses['423'].description).toContain('account_locked');
    expect(doc.components.schemas.StaffLoginBody.required).toEqual(['username', 'password']);
  });

  it('serves the interactive viewer with its assets from the server itself', async () => {
    const page = await t.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    const bundle = await fetch(`${t.url}/api/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await t.request('GET', '/api/docs/assets/..%2f..%2fpackage.json')).status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  it('finishes a request already in flight, then refuses new connections', async () => {
    const own = await startTestServer();
    const inFlight = own.request('POST', '/api/v1/auth/staff/login', { body: { username: 'nobody', password: 'takes-a-hash' } });
    await new Promise((resolve) => setTimeout(resolve, 15));
    const closing = own.close();
    const res = await inFlight;
    expect(res.status).toBe(401);
    await closing;
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});
