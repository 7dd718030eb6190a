import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Access, MountedRoute } from '../src/http/route';
import { dropTestDatabase, startTestServer, type ApiResponse, type TestServer } from './harness';
import { startStandIn, type StandIn } from './standins';
import { buildFixtures, CALLERS, databaseDigest, fillPath, routeKey, VALID_INPUT, type Caller, type Fixtures, type Variant } from './abuseKit';

/**
 * The authorization matrix: every route in the route table × every kind of caller × the caller's own record,
 * another's in the same outlet and another outlet's. What each cell should answer is declared next to the route
 * (`access` in the route spec). Refusals are checked first, in one pass that must leave the database exactly as it
 * was; then the allowed cells, which must not be refused.
 */
const DENIAL_ID: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
const CALLER_KEY: Record<Caller, keyof Omit<MountedRoute['spec']['access'], 'record'>> = {
  anonymous: 'anonymous',
  customer: 'customer',
  engineer: 'engineer',
  manager: 'manager',
  admin: 'admin',
};

/** What one cell should answer: a refusal status, or `allowed`. */
function expected(access: Access, variant: Variant): number | 'allowed' {
  if (typeof access === 'number') return access;
  if (access === 'any') return 'allowed';
  if (access === 'own') return variant === 'own' ? 'allowed' : 404;
  return variant === 'otherOutlet' ? 404 : 'allowed';
}

interface Cell {
  route: MountedRoute;
  caller: Caller;
  variant: Variant;
  expect: number | 'allowed';
}

let t: TestServer;
let wechat: StandIn;
let fx: Fixtures;
let cells: Cell[];

async function call(cell: Cell): Promise<ApiResponse> {
  const { route, caller, variant } = cell;
  const make = VALID_INPUT[routeKey(route)];
  const input = make ? await make({ fx, t, w: fx.worldOf[variant] }) : {};
  const query = input.query ? `?${new URLSearchParams(input.query)}` : '';
  const path = fillPath(fx, route, variant, caller) + query;
  if (route.spec.multipart) {
    const form = new FormData();
    form.append('kind', 'report_photo');
    form.append('orderId', fx.orders[variant].id);
    form.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), 'x.png');
    const token = fx.tokens[caller];
    const res = await fetch(t.url + path, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  }
  return t.request(route.spec.method.toUpperCase(), path, {
    token: fx.tokens[caller],
    headers: input.headers,
    ...(input.body !== undefined ? { body: input.body } : {}),
  });
}

const describeCell = (c: Cell, res: ApiResponse) =>
  `${routeKey(c.route)} as ${c.caller} on ${c.variant}'s record: expected ${c.expect}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;

beforeAll(async () => {
  // WeChat's code2session answered by a local stand-in, so the WeChat login route really runs.
  wechat = await startStandIn(({ url }) => ({ json: { openid: `o_${url.searchParams.get('js_code')}_${Date.now()}`, session_key: 'sk==' } }));
  t = await startTestServer({ env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: wechat.url } });
  fx = await buildFixtures(t);
  cells = [];
  for (const route of t.server.routes) {
    const variants: Variant[] = route.spec.access.record ? ['own', 'other', 'otherOutlet'] : ['own'];
    for (const caller of CALLERS) {
      for (const variant of variants) {
        cells.push({ route, caller, variant, expect: expected(route.spec.access[CALLER_KEY[caller]], variant) });
      }
    }
  }
}, 180_000);

afterAll(async () => {
  await t?.close();
  await wechat?.close();
  await dropTestDatabase();
});

describe('authorization matrix', () => {
  it('declares a valid input for every route with a body or a required query, and each one passes its schema', async () => {
    const missing: string[] = [];
    for (const route of t.server.routes) {
      const make = VALID_INPUT[routeKey(route)];
      const needsQuery = route.spec.query && !(route.spec.query as z.ZodType).safeParse({}).success;
      if (!make) {
        if (route.spec.body || needsQuery) missing.push(routeKey(route));
        continue;
      }
      const input = await make({ fx, t, w: fx.A });
      if (route.spec.body) expect((route.spec.body as z.ZodType).safeParse(input.body).error?.issues, routeKey(route)).toBeUndefined();
      if (route.spec.query) expect((route.spec.query as z.ZodType).safeParse(input.query ?? {}).error?.issues, routeKey(route)).toBeUndefined();
    }
    expect(missing).toEqual([]);
  });

  it('refuses every cell declared as refused, with the declared status, and changes nothing', async () => {
    const before = await databaseDigest();
    const wrong: string[] = [];
    let checked = 0;
    for (const cell of cells.filter((c) => c.expect !== 'allowed')) {
      const res = await call(cell);
      checked++;
      if (res.status !== cell.expect || res.body?.error?.id !== DENIAL_ID[cell.expect as number]) wrong.push(describeCell(cell, res));
    }
    expect(wrong).toEqual([]);
    expect(await databaseDigest()).toEqual(before);
    console.log(`authorization matrix: ${t.server.routes.length} routes, ${cells.length} cells, ${checked} refusals checked`);
  }, 300_000);

  it('lets every allowed cell through (no 401/403, no 404 for the caller’s own record, never a 5xx)', async () => {
    // Destructive routes last, so every other route still finds its records.
    const ordered = cells.filter((c) => c.expect === 'allowed').sort((a, b) => Number(a.route.spec.method === 'delete') - Number(b.route.spec.method === 'delete'));
    const wrong: string[] = [];
    for (const cell of ordered) {
      const res = await call(cell);
      const id = res.body?.error?.id;
      const refused = id === 'unauthenticated' || id === 'forbidden' || (id === 'not_found' && cell.variant === 'own' && cell.route.spec.access.record !== 'cardToken');
      if (refused || res.status >= 500) wrong.push(describeCell(cell, res));
    }
    expect(wrong).toEqual([]);
    console.log(`authorization matrix: ${ordered.length} allowed cells passed`);
  }, 300_000);
});
