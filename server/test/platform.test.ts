import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../src/http/errors';
import { requestContext } from '../src/http/context';
import { createLogger } from '../src/logger';
import { startServer } from '../src/server';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { randomPhone } from './factories';

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

describe('shutdown', () => {
  it('announces it first: /readyz answers 503 while other requests are still served, then the listener closes', async () => {
    const other = await startServer(t.deps, { port: 0, host: '127.0.0.1' });
    const closing = other.close({ connections: 'drain', announceMs: 800 });
    const ready = await fetch(`${other.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ draining: true });
    const served = await fetch(`${other.url}/api/v1/catalog/categories`);
    expect(served.status).toBe(200);
    await closing;
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
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
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
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

/** One request over node:http: fetch refuses TRACE and sends nothing for methods it does not know. */
function rawRequest(method: string, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}${path}`, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP methods', () => {
  it('answers a known method the path does not serve (TRACE, QUERY, PATCH on a GET-only route) with 405 and Allow', async () => {
    for (const method of ['TRACE', 'QUERY', 'PATCH', 'POST', 'PUT', 'DELETE']) {
      const res = await rawRequest(method, '/api/v1/catalog/categories');
      expect(res.status, method).toBe(405);
      expect(res.body.error.id, method).toBe('method_not_allowed');
      expect(res.body.error.requestId, method).toBe(res.headers['x-request-id']);
      expect(res.headers.allow, method).toBe('HEAD, GET, OPTIONS');
    }
    const onRecord = await rawRequest('TRACE', '/api/v1/outlets/0123456789abcdef01234567');
    expect(onRecord.status).toBe(405);
    expect(onRecord.headers.allow).toContain('GET');
  });

  it('answers a method the server implements for no resource (PROPFIND, made-up tokens) with 501, on any path', async () => {
    for (const path of ['/api/v1/catalog/categories', '/api/v1/nope', '/']) {
      for (const method of ['PROPFIND', 'MKCOL', 'PURGE']) {
        const res = await rawRequest(method, path);
        expect(res.status, `${method} ${path}`).toBe(501);
        expect(res.body.error.id, `${method} ${path}`).toBe('not_implemented');
      }
    }
  });

  it('keeps 404 for paths no route serves, whatever the known method', async () => {
    for (const method of ['TRACE', 'OPTIONS', 'PATCH']) {
      const res = await rawRequest(method, '/api/v1/nope');
      expect(res.status, method).toBe(404);
      expect(res.body.error.id, method).toBe('route_not_found');
    }
  });

  it('answers OPTIONS without a CORS preflight with 204 and the methods the path serves', async () => {
    const res = await rawRequest('OPTIONS', '/api/v1/auth/staff/login');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    expect(res.body).toBe('');
  });

  it('answers HEAD like GET without a body, and 405 with Allow on a POST-only route', async () => {
    const head = await rawRequest('HEAD', '/api/v1/catalog/categories');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const onPost = await rawRequest('HEAD', '/api/v1/auth/staff/login');
    expect(onPost.status).toBe(405);
    expect(onPost.headers.allow).toBe('POST, OPTIONS');
  });

  it('keeps the Allow header of a method error thrown by a library (http-errors) through the error middleware', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(requestContext(createLogger('silent')));
    app.use(errorMiddleware);
    app.use((ctx) => {
      throw Object.assign(new Error(ctx.path === '/405' ? 'Method Not Allowed' : 'Not Implemented'), {
        status: ctx.path === '/405' ? 405 : 501,
        expose: true,
        headers: { allow: 'GET, HEAD' },
      });
    });
    const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const notAllowed = await fetch(`${base}/405`, { method: 'POST' });
      expect(notAllowed.status).toBe(405);
      expect(notAllowed.headers.get('allow')).toBe('GET, HEAD');
      expect(((await notAllowed.json()) as any).error.id).toBe('method_not_allowed');
      const notImplemented = await fetch(`${base}/501`);
      expect(notImplemented.status).toBe(501);
      expect(((await notImplemented.json()) as any).error.id).toBe('not_implemented');
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
    // The app's pages may use the camera (card scan) and the location (nobody-home record); the microphone never.
    expect(res.headers.get('permissions-policy')).toBe('geolocation=(self), microphone=(), camera=(self)');
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
    // The request is held inside the server (its SMS send waits) until the close has begun: no timing guess, so a
    // busy machine cannot make the request arrive after the close.
    let reached!: () => void;
    const inside = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sms = { kind: 'console' as const, sendCode: async () => { reached(); await held; } };
    const own = await startTestServer({ deps: { sms } });
    const inFlight = own.request('POST', '/api/v1/auth/otp/send', { body: { phone: randomPhone() } });
    await inside;
    const closing = own.close();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    await closing;
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});
