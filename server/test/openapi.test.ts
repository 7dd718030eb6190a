import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, FORBIDDEN_TEXT_CHARS, UPLOAD_KINDS, type ErrorId } from '@fangxin/shared';
import type { AnyRouteSpec } from '../src/http/route';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * The OpenAPI document states what the server enforces, so a schema-driven client (or fuzzer, scripts/fuzz-api.mjs)
 * meets no status and no rule the document does not name. Every operation is checked against its route spec.
 */
let t: TestServer;
let doc: any;
beforeAll(async () => {
  t = await startTestServer();
  doc = (await t.request('GET', '/api/openapi.json')).body;
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

type Operation = { spec: AnyRouteSpec; label: string; op: any };

function operations(): Operation[] {
  return t.server.routes.map(({ prefix, spec }) => {
    const path = (prefix + spec.path).replace(/:(\w+)/g, '{$1}');
    return { spec, label: `${spec.method.toUpperCase()} ${path}`, op: doc.paths[path][spec.method] };
  });
}

const resolve = (schema: any): any => (schema?.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema);

/** Every object schema reachable from a request body (through $refs, once each). */
function objectsOf(schema: any, found = new Set<any>()): Set<any> {
  const node = resolve(schema);
  if (!node || typeof node !== 'object' || found.has(node)) return found;
  if (Array.isArray(node)) {
    node.forEach((n) => objectsOf(n, found));
    return found;
  }
  if (node.type === 'object' || node.properties || node.additionalProperties) found.add(node);
  for (const [key, value] of Object.entries(node)) if (key !== 'propertyNames') objectsOf(value, found);
  return found;
}

/** Every string schema reachable from a request schema (through $refs, once each), outside key rules and negations. */
function stringsOf(schema: any, found = new Set<any>()): Set<any> {
  const node = resolve(schema);
  if (!node || typeof node !== 'object' || found.has(node)) return found;
  if (Array.isArray(node)) {
    node.forEach((n) => stringsOf(n, found));
    return found;
  }
  if ([node.type].flat().includes('string')) found.add(node);
  for (const [key, value] of Object.entries(node)) if (key !== 'propertyNames' && key !== 'not') stringsOf(value, found);
  return found;
}

/** Whether a key name passes a `propertyNames` schema (the shapes the document uses: not/pattern, enum, allOf). */
function keyAllowed(names: any, key: string): boolean {
  if (!names) return true;
  if (names.allOf) return names.allOf.every((n: any) => keyAllowed(n, key));
  if (names.not) return !keyAllowed(names.not, key);
  if (names.enum) return names.enum.includes(key);
  if (names.pattern) return new RegExp(names.pattern, 'u').test(key);
  return true;
}

const statusOf = (id: ErrorId) => String(ERRORS[id].status);

describe('OpenAPI: every status an operation can answer is documented', () => {
  it('covers every mounted route', () => {
    expect(operations().length).toBeGreaterThan(100);
    for (const { label, op } of operations()) expect(op, label).toBeDefined();
  });

  it('400 everywhere (query keys are checked on every route), 401/403 per auth, 404 when the path names a record', () => {
    for (const { spec, label, op } of operations()) {
      const documented = Object.keys(op.responses);
      expect(documented, label).toContain('400');
      if (spec.auth !== 'public') {
        expect(documented, label).toContain('401');
        expect(op.responses['401'].description, label).toContain('token_expired');
        expect(op.responses['403'].description, label).toContain('account_disabled');
      } else {
        expect(op.security, label).toEqual([]);
      }
      if (Array.isArray(spec.auth)) expect(op.responses['403'].description, label).toContain('forbidden');
      if (/\{\w+\}/.test(label)) expect(documented, label).toContain('404');
    }
  });

  it('413 and 415 for JSON bodies, 429 where a route is rate-limited, 405 with Allow and 503 with Retry-After everywhere', () => {
    for (const { spec, label, op } of operations()) {
      const documented = Object.keys(op.responses);
      if (op.requestBody?.content['application/json']) {
        expect(documented, label).toEqual(expect.arrayContaining(['413', '415']));
        expect(op.responses['400'].description, label).toContain('malformed_json');
      }
      if (spec.rateLimit) expect(documented, label).toContain('429');
      expect(op.responses['405'].headers.Allow.required, label).toBe(true);
      expect(op.responses['503'].headers['Retry-After'], label).toBeDefined();
      expect(op.responses['503'].description, label).toContain('service_unavailable');
    }
  });

  it('documents each declared error id under its status, with the one error schema', () => {
    for (const { spec, label, op } of operations()) {
      for (const id of spec.errors ?? []) expect(op.responses[statusOf(id)]?.description, `${label} ${id}`).toContain(`\`${id}\``);
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content['application/json'].schema;
        const refs = schema.anyOf ? schema.anyOf.map((s: any) => s.$ref) : [schema.$ref];
        expect(refs, `${label} ${status}`).toContain('#/components/schemas/Error');
      }
    }
  });

  it('documents no 5xx but the ones the server answers on purpose (503, and 502 for outside services)', () => {
    for (const { label, op } of operations()) {
      for (const status of Object.keys(op.responses).filter((s) => s.startsWith('5'))) expect(['502', '503'], `${label} ${status}`).toContain(status);
    }
  });
});

/** Paths inside a schema (through $refs, once each) where anything is allowed: `{}`, what z.unknown() or z.any() give. */
function unknownsOf(schema: any, where: string, found: string[] = [], seen = new Set<any>()): string[] {
  const node = resolve(schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return found;
  seen.add(node);
  if (Array.isArray(node)) {
    node.forEach((n, i) => unknownsOf(n, `${where}[${i}]`, found, seen));
    return found;
  }
  const keys = Object.keys(node).filter((k) => !['description', 'id', 'title', 'examples', 'default', 'deprecated', 'readOnly'].includes(k));
  if (keys.length === 0) found.push(where || '(root)');
  for (const key of ['properties', 'patternProperties']) for (const [name, value] of Object.entries(node[key] ?? {})) unknownsOf(value, `${where}.${name}`, found, seen);
  for (const key of ['items', 'additionalProperties']) if (node[key] && typeof node[key] === 'object') unknownsOf(node[key], `${where}.${key}`, found, seen);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) if (Array.isArray(node[key])) unknownsOf(node[key], `${where}.${key}`, found, seen);
  return found;
}

describe('OpenAPI: every success is described', () => {
  it('gives every 2xx JSON answer a schema, and no part of any answer is left unknown', () => {
    const vague: string[] = [];
    for (const { label, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses).filter(([s]) => s.startsWith('2'))) {
        if (status === '204') continue;
        const content = response.content ?? {};
        const json = content['application/json'];
        if (!json && Object.keys(content).length) continue; // CSV, HTML, metrics: documented by content type
        expect(json?.schema, `${label} ${status}`).toBeDefined();
        vague.push(...unknownsOf(json.schema, '').map((at) => `${label} ${status} ${at}`));
      }
    }
    expect(vague).toEqual([]);
  });
});

describe('OpenAPI: the input rules', () => {
  it('refuses an empty update: every body schema that refuses {} without requiring a field says minProperties 1', () => {
    let patches = 0;
    for (const { spec, label, op } of operations()) {
      if (!spec.body || spec.multipart) continue;
      const schema = resolve(op.requestBody.content['application/json'].schema);
      const refusesEmpty = !spec.body.safeParse({}).success;
      if (refusesEmpty && !schema.required?.length) expect(schema.minProperties, label).toBe(1);
      if (spec.method === 'patch') {
        patches += 1;
        expect(refusesEmpty, `${label} takes an empty body`).toBe(true);
      }
    }
    expect(patches).toBeGreaterThan(5);
  });

  it('states the forbidden keys on every object of every request body, at any depth', () => {
    let objects = 0;
    for (const { label, op } of operations()) {
      const body = op.requestBody?.content['application/json']?.schema;
      if (!body) continue;
      for (const object of objectsOf(body)) {
        objects += 1;
        for (const key of ['$where', '$ne', '__proto__', 'constructor', 'prototype']) expect(keyAllowed(object.propertyNames, key), `${label} ${key}`).toBe(false);
        for (const key of Object.keys(object.properties ?? {})) expect(keyAllowed(object.propertyNames, key), `${label} ${key}`).toBe(true);
      }
    }
    expect(objects).toBeGreaterThan(50);
  });

  it('states the forbidden text characters on every string of every request body and query parameter', () => {
    const pattern = FORBIDDEN_TEXT_CHARS.source;
    const carries = (s: any) => s.not?.pattern === pattern || Boolean(s.allOf?.some((part: any) => part.not?.pattern === pattern));
    let strings = 0;
    for (const { label, op } of operations()) {
      const roots = [op.requestBody?.content['application/json']?.schema, ...(op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.schema)];
      for (const string of stringsOf(roots)) {
        strings += 1;
        expect(carries(string), `${label} ${JSON.stringify(string).slice(0, 120)}`).toBe(true);
      }
    }
    expect(strings).toBeGreaterThan(100);
    // The pattern is the regex's own source: an ECMA-262 pattern (with or without the u flag) that finds exactly the
    // characters the server refuses, written as \uXXXX escapes (which Python's re, in Schemathesis, reads alike).
    expect(pattern).toMatch(/^\[[\\u0-9A-Fa-f-]+\]$/);
    for (const flags of ['', 'u']) {
      const re = new RegExp(pattern, flags);
      for (const bad of ['a\u0000b', '\u0007', '\u001b[31m', 'x\u007f', 'abc\u202edef', '\u2066x']) expect(re.test(bad), JSON.stringify(bad)).toBe(true);
      for (const ok of ['空调不制冷', 'line\nbreak\r\n', 'a\tb', 'emoji 😀']) expect(re.test(ok), JSON.stringify(ok)).toBe(false);
    }
  });

  it('states no text rule on responses', () => {
    const pattern = FORBIDDEN_TEXT_CHARS.source;
    for (const { label, op } of operations()) expect(JSON.stringify(op.responses), label).not.toContain(JSON.stringify(pattern));
  });

  it('documents the upload fields: file and kind required, kind one of the upload kinds, orderId an id', () => {
    const schema = doc.paths['/api/v1/uploads'].post.requestBody.content['multipart/form-data'].schema;
    expect(schema.required).toEqual(['file', 'kind']);
    expect(schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(schema.properties.kind).toMatchObject({ type: 'string', enum: [...UPLOAD_KINDS] });
    expect(schema.properties.orderId).toMatchObject({ type: 'string', pattern: '^[0-9a-f]{24}$' });
  });

  it('keeps a record schema’s own key rule next to the forbidden keys', () => {
    const windows = objectsOf(doc.paths['/api/v1/outlets/{id}/slots/{day}'].put.requestBody.content['application/json'].schema);
    const record = [...windows].find((o) => o.propertyNames?.allOf);
    expect(record).toBeDefined();
    expect(keyAllowed(record.propertyNames, '09-11')).toBe(true);
    expect(keyAllowed(record.propertyNames, 'tea-time')).toBe(false);
  });

  it('names the rules in the description: empty PATCH, $ keys, control characters, unknown keys, methods', () => {
    const text: string = doc.info.description;
    for (const words of ['PATCH body with no field', '`$`', '`__proto__`', 'control characters', 'Unknown keys', '405', '501', '413', '415', '503']) {
      expect(text).toContain(words);
    }
  });

  it('answers what it documents: a $ key deep in a body and a bracket query key are 400', async () => {
    const login = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: 'x', password: 'y', nested: { deeper: { $where: '1' } } } });
    expect(login.status).toBe(400);
    expect(login.body.error.fields[0].path).toBe('nested.deeper.$where');
    const query = await t.request('GET', '/api/v1/catalog/categories?status[$ne]=1');
    expect(query.status).toBe(400);
    expect(doc.paths['/api/v1/catalog/categories'].get.responses['400']).toBeDefined();
    const text = await t.request('GET', `/api/v1/catalog/categories?q=${encodeURIComponent('a\u202eb')}`);
    expect(text.status).toBe(400);
  });
});
