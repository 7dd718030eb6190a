import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getReadiness } from '@/api/health';
import { startApiServer, useApiServer, type ApiServer, type Reply } from '@/test-utils/apiServer';

describe('getReadiness (root endpoint /readyz)', () => {
  let server: ApiServer;
  let reply: Reply;

  beforeEach(async () => {
    localStorage.clear();
    setActivePinia(createPinia());
    server = await startApiServer({ 'GET /readyz': () => reply });
    useApiServer(server);
  });

  afterEach(() => server.close());

  it('reads the report beside /api/v1, without a token', async () => {
    reply = { status: 200, body: { status: 'ok', db: 'up', draining: false } };
    await expect(getReadiness()).resolves.toEqual({ status: 'ok', db: 'up' });
    expect(server.calls('GET /readyz')[0]!.authorization).toBeUndefined();
  });

  it('reads the report a 503 carries', async () => {
    reply = { status: 503, body: { status: 'unavailable', db: 'down', draining: false } };
    await expect(getReadiness()).resolves.toEqual({ status: 'unavailable', db: 'down' });
  });

  it('rejects a 503 without a report', async () => {
    reply = { status: 503, body: { error: { id: 'service_unavailable', message: 'x', requestId: 'r' } } };
    await expect(getReadiness()).rejects.toThrow(/readiness report/);
  });
});
