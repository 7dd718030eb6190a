import type { AuthResponse } from '@fangxin/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoleNotAllowedError, useAuthStore } from '@/store/auth';
import { errorReply, MANAGER, startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';

const STORAGE_KEY = 'fangxin.admin.session';

function authResponse(user = MANAGER): AuthResponse {
  return {
    accessToken: 'access-1',
    accessTokenExpiresAt: '2026-01-01T00:15:00.000Z',
    refreshToken: 'refresh-1-abcdefghijklmnop',
    refreshTokenExpiresAt: '2026-01-31T00:00:00.000Z',
    user,
  };
}

describe('auth store', () => {
  let server: ApiServer;
  let loginReply = (): ReturnType<typeof errorReply> => ({ status: 200, body: authResponse() });

  beforeEach(async () => {
    localStorage.clear();
    setActivePinia(createPinia());
    loginReply = () => ({ status: 200, body: authResponse() });
    server = await startApiServer({
      'POST /api/v1/auth/staff/login': () => loginReply(),
      'POST /api/v1/auth/logout': () => ({ status: 204 }),
    });
    useApiServer(server);
  });

  afterEach(() => server.close());

  it('login posts the credentials and stores the session in memory and localStorage', async () => {
    const auth = useAuthStore();
    const user = await auth.login('manager.xihu', 'Fangxin@2026');

    expect(server.calls('POST /api/v1/auth/staff/login')[0]?.body).toEqual({ username: 'manager.xihu', password: 'Fangxin@2026' });
    expect(user.name).toBe('王经理');
    expect(auth.isAuthenticated).toBe(true);
    expect(auth.role).toBe('outlet_manager');
    expect(auth.accessToken).toBe('access-1');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ accessToken: 'access-1', user: { name: '王经理' } });
  });

  it('restores a stored session in a new store (page reload)', async () => {
    await useAuthStore().login('manager.xihu', 'Fangxin@2026');
    setActivePinia(createPinia());
    expect(useAuthStore().user?.outletName).toBe('西湖网点');
  });

  it('logout tells the server which session to revoke and clears it locally', async () => {
    const auth = useAuthStore();
    await auth.login('manager.xihu', 'Fangxin@2026');
    await auth.logout();

    const [logout] = server.calls('POST /api/v1/auth/logout');
    expect(logout?.body).toEqual({ refreshToken: 'refresh-1-abcdefghijklmnop' });
    expect(auth.isAuthenticated).toBe(false);
    expect(auth.user).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('logout still clears the session when the server cannot be reached', async () => {
    const auth = useAuthStore();
    await auth.login('manager.xihu', 'Fangxin@2026');
    await server.close();
    await auth.logout();
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('refuses engineers: throws RoleNotAllowedError, revokes the new session and keeps nothing', async () => {
    loginReply = () => ({ status: 200, body: authResponse({ ...MANAGER, role: 'engineer', name: '李师傅' }) });
    const auth = useAuthStore();

    await expect(auth.login('eng.li', 'Fangxin@2026')).rejects.toBeInstanceOf(RoleNotAllowedError);
    expect(server.calls('POST /api/v1/auth/logout')).toHaveLength(1);
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('a failed login rejects with the server error id and stores nothing', async () => {
    loginReply = () => errorReply('invalid_credentials');
    const auth = useAuthStore();

    await expect(auth.login('manager.xihu', 'wrong')).rejects.toMatchObject({ id: 'invalid_credentials', status: 401 });
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });
});
