import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE_PATH, allEndpoints } from '@fangxin/shared';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { undeclaredKeys } from './contract';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('the shared contract is what the server serves', () => {
  it('serves every declared endpoint exactly once, where the declaration says', () => {
    for (const { name, endpoint } of allEndpoints()) {
      const mounted = t.server.routes.filter((r) => r.spec.endpoint === endpoint);
      expect(mounted.length, name).toBe(1);
      expect(mounted[0]!.prefix + mounted[0]!.spec.path, name).toBe((endpoint.root ? '' : API_BASE_PATH) + endpoint.path);
      expect(mounted[0]!.spec.method, name).toBe(endpoint.method);
    }
  });

  it('declares every route the server serves in the shared table', () => {
    const table = new Set(allEndpoints().map((e) => e.endpoint));
    const undeclared = t.server.routes.filter((r) => !table.has(r.spec.endpoint)).map((r) => `${r.spec.method.toUpperCase()} ${r.prefix}${r.spec.path}`);
    expect(undeclared).toEqual([]);
  });

  it('declares no two endpoints with the same method and path', () => {
    const seen = allEndpoints().map(({ endpoint }) => `${endpoint.method} ${endpoint.root ? '' : API_BASE_PATH}${endpoint.path}`);
    expect(seen.length).toBe(new Set(seen).size);
  });
});

describe('the harness check for undeclared fields', () => {
  it('names a field the server sent that the schema dropped, at any depth', () => {
    expect(undeclaredKeys({ a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }] }, { a: 1, b: { c: 2 }, e: [{ f: 1 }] })).toEqual(['b.d', 'e.0.g']);
    expect(undeclaredKeys({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
