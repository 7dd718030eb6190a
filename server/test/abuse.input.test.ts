import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MountedRoute } from '../src/http/route';
import { dropTestDatabase, startTestServer, type ApiResponse, type TestServer } from './harness';
import { buildFixtures, databaseDigest, fillPath, routeKey, VALID_INPUT, type Caller, type Fixtures } from './abuseKit';

/**
 * Hostile input on every endpoint with a body, a query or a path parameter, sent by a caller the route allows, on
 * the caller's own record, with everything else valid: operator objects, prototype-pollution keys, wrong types, huge
 * strings and arrays, invalid ids and dates, negative and fractional money, malformed JSON, oversized bodies. Every
 * answer must be a 4xx with an error id and message (a 400 naming the field where one field is wrong), never a 5xx,
 * and the database must be exactly as it was (a digest of every collection before and after).
 */
let t: TestServer;
let fx: Fixtures;
/** Inputs are made once, before any test: making some (sign-ins for refresh tokens, OTP codes) writes to the database. */
const inputs = new Map<string, Awaited<ReturnType<(typeof VALID_INPUT)[string]>>>();
const counts = { requests: 0, routes: 0 };

const ACCESS_ORDER: Array<[Caller, 'customer' | 'engineer' | 'manager' | 'admin' | 'anonymous']> = [
  ['admin', 'admin'],
  ['manager', 'manager'],
  ['engineer', 'engineer'],
  ['customer', 'customer'],
  ['anonymous', 'anonymous'],
];

/** The first caller the route lets in on their own record. */
function allowedCaller(route: MountedRoute): Caller | null {
  for (const [caller, key] of ACCESS_ORDER) if (typeof route.spec.access[key] === 'string') return caller;
  return null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const OPERATORS: Json[] = [{ $ne: null }, { $gt: '' }, { $where: 'sleep(1000) || true' }, { $regex: '.*' }, { $in: [] }];

/** Hostile replacements for one field, chosen from the field's valid value and name. */
function hostileValues(name: string, valid: unknown): Array<{ label: string; value: Json }> {
  const out: Array<{ label: string; value: Json }> = OPERATORS.map((value) => ({ label: `operator ${Object.keys(value as object)[0]}`, value }));
  out.push({ label: 'prototype key', value: JSON.parse('{"__proto__": {"polluted": true}}') });
  out.push({ label: 'constructor key', value: { constructor: { prototype: { polluted: true } } } });
  if (typeof valid === 'string') {
    out.push({ label: 'number for string', value: 12345 }, { label: 'huge string', value: 'Ａ'.repeat(60_000) }, { label: 'array for string', value: [valid] });
    if (/^[0-9a-f]{24}$/.test(valid)) out.push({ label: 'invalid id', value: 'zzzzzzzzzzzzzzzzzzzzzzzz' }, { label: 'short id', value: '1234' });
    if (/^\d{4}-\d{2}-\d{2}/.test(valid)) out.push({ label: 'impossible date', value: '2026-02-30' }, { label: 'month 13', value: '2026-13-01' }, { label: 'words for date', value: 'tomorrow' });
  } else if (typeof valid === 'number') {
    out.push({ label: 'string for number', value: '12abc' }, { label: 'huge number', value: 1e308 }, { label: 'fraction', value: 1.5 });
    if (/Fen$|Months|Hours|Days|quantity|capacity|score/i.test(name) || valid >= 0) out.push({ label: 'negative', value: -100 });
  } else if (typeof valid === 'boolean') {
    out.push({ label: 'string for boolean', value: 'true' }, { label: 'number for boolean', value: 1 });
  } else if (Array.isArray(valid)) {
    out.push({ label: 'huge array', value: Array.from({ length: 5_000 }, () => (valid[0] ?? 'x') as Json) }, { label: 'string for array', value: 'x' });
  } else if (valid && typeof valid === 'object') {
    out.push({ label: 'array for object', value: [] }, { label: 'string for object', value: 'x' });
  }
  return out;
}

/** Every field of the body, one level of nesting included (`slot.day`, `items.0.quantity`). */
function fieldPaths(body: unknown): Array<{ path: Array<string | number>; valid: unknown }> {
  const out: Array<{ path: Array<string | number>; valid: unknown }> = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return out;
  for (const [key, value] of Object.entries(body)) {
    out.push({ path: [key], valid: value });
    if (Array.isArray(value) && value[0] && typeof value[0] === 'object') {
      for (const [k, v] of Object.entries(value[0] as object)) out.push({ path: [key, 0, k], valid: v });
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out.push({ path: [key, k], valid: v });
    }
  }
  return out;
}

function withValue(body: unknown, path: Array<string | number>, value: Json): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

async function send(route: MountedRoute, caller: Caller, options: { body?: unknown; raw?: string; query?: string; path?: string; headers?: Record<string, string> }): Promise<ApiResponse> {
  counts.requests++;
  const path = (options.path ?? fillPath(fx, route, 'own', caller)) + (options.query ?? '');
  return t.request(route.spec.method.toUpperCase(), path, {
    token: fx.tokens[caller],
    headers: options.headers,
    ...(options.raw !== undefined ? { raw: options.raw } : options.body !== undefined ? { body: options.body } : {}),
  });
}

function problems(label: string, res: ApiResponse, field?: string): string[] {
  const out: string[] = [];
  const error = res.body?.error;
  if (res.status < 400 || res.status >= 500) out.push(`${label}: status ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  else if (!error?.id || !error?.message) out.push(`${label}: ${res.status} without an error id and message`);
  else if (/at \w+ \(|node_modules|Mongo|stack/i.test(JSON.stringify(res.body))) out.push(`${label}: internals leaked ${JSON.stringify(res.body).slice(0, 160)}`);
  if (field && res.status === 400 && !(error?.fields ?? []).some((f: { path: string }) => f.path === field || f.path.startsWith(`${field}.`) || field.startsWith(`${f.path}.`))) {
    out.push(`${label}: 400 does not name ${field}: ${JSON.stringify(error?.fields).slice(0, 160)}`);
  }
  return out;
}

const bodyRoutes = () => t.server.routes.filter((r) => r.spec.body && allowedCaller(r));

beforeAll(async () => {
  t = await startTestServer();
  fx = await buildFixtures(t);
  for (const route of t.server.routes) {
    const make = VALID_INPUT[routeKey(route)];
    if (make) inputs.set(routeKey(route), await make({ fx, t, w: fx.A }));
  }
}, 180_000);

/** Runs the requests, and fails unless every collection is exactly as it was before them. */
async function leavesDatabaseUnchanged(run: () => Promise<void>) {
  const before = await databaseDigest();
  await run();
  expect(await databaseDigest()).toEqual(before);
}

afterAll(async () => {
  console.log(`hostile input: ${counts.requests} requests on ${counts.routes} body/query routes and every path parameter; all 4xx, database digest unchanged`);
  await t?.close();
  await dropTestDatabase();
});

describe('hostile input on every endpoint', () => {
  it('bodies: every field replaced by operators, pollution keys, wrong types, huge values, bad ids, dates and money → 400 naming the field', () =>
    leavesDatabaseUnchanged(async () => {
    const wrong: string[] = [];
    for (const route of bodyRoutes()) {
      counts.routes++;
      const caller = allowedCaller(route)!;
      const input = inputs.get(routeKey(route))!;
      for (const { path, valid } of fieldPaths(input.body)) {
        for (const { label, value } of hostileValues(String(path.at(-1)), valid)) {
          const res = await send(route, caller, { body: withValue(input.body, path, value), headers: input.headers });
          // A pollution key inside a field is named at its own path (`slot.__proto__`); the rest at the field.
          // The JSON parser itself refuses `__proto__` anywhere, before knowing the field: it names the body.
          wrong.push(...problems(`${routeKey(route)} ${path.join('.')} ← ${label}`, res, label === 'prototype key' ? 'body' : path.join('.')));
        }
      }
    }
    expect(wrong).toEqual([]);
    }), 300_000);

  it('bodies: top-level pollution and operator keys, non-object bodies, deep nesting, malformed JSON, oversized → 4xx', () =>
    leavesDatabaseUnchanged(async () => {
    const wrong: string[] = [];
    for (const route of bodyRoutes()) {
      const caller = allowedCaller(route)!;
      const input = inputs.get(routeKey(route))!;
      const base = JSON.stringify(input.body).slice(1, -1);
      const raws: Array<[string, string]> = [
        ['__proto__ key', `{"__proto__": {"isAdmin": true}, ${base}}`],
        ['constructor.prototype', `{"constructor": {"prototype": {"isAdmin": true}}, ${base}}`],
        ['$where key', `{${base}, "$where": "sleep(1000)"}`],
        ['array body', '[]'],
        ['string body', '"hello"'],
        ['null body', 'null'],
        ['number body', '12345'],
        ['deep nesting', `{${base}, "x": ${'['.repeat(5_000)}${']'.repeat(5_000)}}`],
        ['malformed JSON', `{${base}`],
        ['trailing garbage', `{${base}} x`],
        ['oversized body', `{${base}, "padding": "${'x'.repeat(300 * 1024)}"}`],
      ];
      for (const [label, raw] of raws) {
        const res = await send(route, caller, { raw, headers: input.headers });
        wrong.push(...problems(`${routeKey(route)} ${label}`, res));
      }
      const wrongType = await send(route, caller, { raw: JSON.stringify(input.body), headers: { ...input.headers, 'content-type': 'text/plain' } });
      wrong.push(...problems(`${routeKey(route)} text/plain body`, wrongType));
    }
    expect(wrong).toEqual([]);
    }), 300_000);

  it('queries: operator brackets, wrong types, out-of-range pages, huge strings, bad ids and dates → 400 naming the parameter', () =>
    leavesDatabaseUnchanged(async () => {
    const wrong: string[] = [];
    for (const route of t.server.routes.filter((r) => r.spec.query && allowedCaller(r))) {
      counts.routes++;
      const caller = allowedCaller(route)!;
      const input = inputs.get(routeKey(route));
      const base = input?.query ?? {};
      const schema = z.toJSONSchema(route.spec.query as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { type?: string; enum?: unknown[]; pattern?: string; maxLength?: number; maximum?: number }> };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const cases: Array<[string, string]> = [[`${name}[$ne]`, '1'], [`${name}[$gt]`, '']];
        if (prop.type === 'integer' || prop.type === 'number') cases.push([name, 'abc'], [name, '-1'], [name, '1e12'], [name, '1.5']);
        if (prop.enum) cases.push([name, 'not-a-choice']);
        if (prop.pattern) cases.push([name, '{"$ne":null}']);
        if (prop.maxLength) cases.push([name, 'x'.repeat(prop.maxLength + 1)]);
        for (const [key, value] of cases) {
          const q = new URLSearchParams({ ...base, [key]: value });
          const res = await send(route, caller, { query: `?${q}` });
          wrong.push(...problems(`${routeKey(route)} ?${key}=${value.slice(0, 20)}`, res, key.includes('[') ? `query.${key}` : `query.${name}`));
        }
        const repeated = new URLSearchParams(base);
        repeated.append(name, 'a');
        repeated.append(name, 'b');
        if (prop.type !== 'array') wrong.push(...problems(`${routeKey(route)} repeated ${name}`, await send(route, caller, { query: `?${repeated}` })));
      }
    }
    expect(wrong).toEqual([]);
    }), 300_000);

  it('path parameters: malformed ids, traversal, operator text, huge values → 4xx', () =>
    leavesDatabaseUnchanged(async () => {
    const wrong: string[] = [];
    const bad = ['zzzzzzzzzzzzzzzzzzzzzzzz', '0', '..%2F..%2Fetc%2Fpasswd', '%7B%22%24ne%22%3Anull%7D', '%00', 'a'.repeat(4_000), '-1', '0x1f'];
    for (const route of t.server.routes.filter((r) => r.spec.params && allowedCaller(r))) {
      const caller = allowedCaller(route)!;
      const input = inputs.get(routeKey(route));
      for (const value of bad) {
        const path = (route.prefix + route.spec.path).replace(/:(\w+)/g, () => value);
        const res = await send(route, caller, { path, body: input?.body, headers: input?.headers, query: input?.query ? `?${new URLSearchParams(input.query)}` : '' });
        if (route.spec.produces === 'text/html') {
          // The page a phone camera opens: any garbage token renders the red "invalid or tampered" page (cards.test.ts).
          if (res.status !== 200 || !String(res.body).includes('无效或被篡改')) wrong.push(`${routeKey(route)} with ${value.slice(0, 24)}: ${res.status}`);
          continue;
        }
        wrong.push(...problems(`${routeKey(route)} with ${value.slice(0, 24)}`, res));
      }
    }
    expect(wrong).toEqual([]);
    }), 300_000);

});
