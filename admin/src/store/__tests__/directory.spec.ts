import type { EngineerView } from '@fangxin/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useAuthStore } from '@/store/auth';
import { useDirectoryStore } from '@/store/directory';
import { MANAGER, startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { signIn } from '@/test-utils/mount';

const engineer = (i: number) => ({ id: `e${String(i).padStart(23, '0')}`, name: `工程师${i}`, employeeNo: `FX-${i}` }) as unknown as EngineerView;

describe('directory store: names behind ids', () => {
  let server: ApiServer;
  const all = Array.from({ length: 130 }, (_, i) => engineer(i));

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    setActivePinia(createPinia());
    server = await startApiServer({
      'GET /api/v1/engineers': () => {
        const call = server.calls('GET /api/v1/engineers').length;
        const items = call === 1 ? all.slice(0, 100) : all.slice(100);
        return { status: 200, body: { items, total: all.length, page: call, pageSize: 100 } };
      },
      'GET /api/v1/outlets': () => ({ status: 200, body: { items: [{ id: MANAGER.outletId, name: '西湖网点' }] } }),
    });
    useApiServer(server);
  });

  afterEach(() => server.close());

  it('pages through every engineer in scope once, however many screens ask', async () => {
    const directory = useDirectoryStore();
    await Promise.all([directory.ensureEngineers(), directory.ensureEngineers()]);
    await directory.ensureEngineers();
    expect(server.calls('GET /api/v1/engineers')).toHaveLength(2);
    expect(directory.engineers).toHaveLength(130);
    expect(directory.engineerName(all[120]!.id)).toBe('工程师120');
    expect(directory.engineerName(null)).toBeNull();
  });

  it('names outlets and forgets everything when another person signs in', async () => {
    const directory = useDirectoryStore();
    await directory.ensureOutlets();
    expect(directory.outletName(MANAGER.outletId)).toBe('西湖网点');
    useAuthStore().clearSession();
    await nextTick();
    expect(directory.outlets).toEqual([]);
    expect(directory.outletName(MANAGER.outletId)).toBe('—');
  });
});
