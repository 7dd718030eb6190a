import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downloadEvidence, downloadOrdersCsv } from '@/api/downloads';
import { errorReply, startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { signIn } from '@/test-utils/mount';
import { ApiError } from '@/utils/request';

describe('downloads (CSV exports, evidence pack)', () => {
  let server: ApiServer;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    setActivePinia(createPinia());
    URL.createObjectURL = vi.fn(() => 'blob:fangxin-test');
    URL.revokeObjectURL = vi.fn();
    server = await startApiServer({
      'GET /api/v1/orders/6b0549bb3297d2e4930b4bdd/evidence': () => ({ status: 200, body: { orderNo: 'FX2026112400001', timeline: [] } }),
      'GET /api/v1/admin/exports/orders.csv': () => errorReply('validation_failed', { message: '统计区间最长 366 天' }),
    });
    useApiServer(server);
  });

  afterEach(() => server.close());

  it('fetches with the Bearer header and hands the browser a file', async () => {
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const name = await downloadEvidence('6b0549bb3297d2e4930b4bdd', 'FX2026112400001');
    expect(name).toBe('evidence-FX2026112400001.json');
    expect(server.requests[0]!.authorization).toBe('Bearer access-test');
    expect(clicked).toHaveBeenCalledTimes(1);
    clicked.mockRestore();
  });

  it('reads the server’s reason out of an error answer that arrived as a blob', async () => {
    const error = await downloadOrdersCsv({ from: '2025-01-01', to: '2026-11-24' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ id: 'validation_failed', status: 400, message: '统计区间最长 366 天' });
    expect(server.calls('GET /api/v1/admin/exports/orders.csv')[0]).toBeTruthy();
  });
});
