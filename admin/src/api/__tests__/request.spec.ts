import type { AuthResponse, SessionUser } from '@fangxin/shared';
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMe } from '@/api/auth';
import { requestClient } from '@/api/request';
import { useAuthStore } from '@/store/auth';
import { ApiError } from '@/utils/request';
import { errorReply, MANAGER, startApiServer, useApiServer, type ApiServer, type Reply } from '@/test-utils/apiServer';

const STORAGE_KEY = 'fangxin.admin.session';
const OLD_REFRESH = 'refresh-old-abcdefghijklmnop';
const NEW_REFRESH = 'refresh-new-abcdefghijklmnop';

function signIn(): void {
  const session: AuthResponse = {
    accessToken: 'access-old',
    accessTokenExpiresAt: '2026-01-01T00:15:00.000Z',
    refreshToken: OLD_REFRESH,
    refreshTokenExpiresAt: '2026-01-31T00:00:00.000Z',
    user: MANAGER,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  setActivePinia(createPinia());
}

/** /me accepts only the new access token; anything else is an expired token, as after 15 minutes. */
function me({ authorization }: { authorization: string | undefined }): Reply {
  return authorization === 'Bearer access-new' ? { status: 200, body: MANAGER } : errorReply('token_expired');
}

function visibleToasts(): string[] {
  return [...document.querySelectorAll('.el-message')].map((el) => el.textContent?.trim() ?? '');
}

describe('request client: refresh on 401', () => {
  let server: ApiServer;
  let refreshReply: () => Reply;

  beforeEach(async () => {
    document.body.innerHTML = '';
    localStorage.clear();
    signIn();
    server = await startApiServer({
      'GET /api/v1/me': me,
      // Slow enough that the second 401 arrives while the first refresh is still in flight.
      'POST /api/v1/auth/refresh': () => refreshReply(),
    });
    useApiServer(server);
  });

  afterEach(() => server.close());

  it('two concurrent 401 token_expired share exactly one refresh, then both retries succeed', async () => {
    refreshReply = () => ({
      status: 200,
      delayMs: 50,
      body: {
        accessToken: 'access-new',
        accessTokenExpiresAt: '2026-01-01T00:30:00.000Z',
        refreshToken: NEW_REFRESH,
        refreshTokenExpiresAt: '2026-01-31T00:15:00.000Z',
      },
    });

    const [first, second] = await Promise.all([getMe(), getMe()]);

    expect(first).toEqual<SessionUser>(MANAGER);
    expect(second).toEqual<SessionUser>(MANAGER);
    const refreshes = server.calls('POST /api/v1/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toEqual({ refreshToken: OLD_REFRESH });
    // The refresh call itself carries no (expired) access token.
    expect(refreshes[0]?.authorization).toBeUndefined();
    expect(server.calls('GET /api/v1/me').map((r) => r.authorization)).toEqual([
      'Bearer access-old',
      'Bearer access-old',
      'Bearer access-new',
      'Bearer access-new',
    ]);
    const auth = useAuthStore();
    expect(auth.accessToken).toBe('access-new');
    expect(auth.refreshToken).toBe(NEW_REFRESH);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ refreshToken: NEW_REFRESH, user: { id: MANAGER.id } });
  });

  it('a refused refresh clears the session, rejects both callers with an ApiError and shows one message', async () => {
    refreshReply = () => ({ ...errorReply('refresh_token_reused'), delayMs: 50 });

    const results = await Promise.allSettled([getMe(), getMe()]);

    expect(server.calls('POST /api/v1/auth/refresh')).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as ApiError;
      expect(reason).toBeInstanceOf(ApiError);
      expect(reason).toMatchObject({ id: 'refresh_token_reused', status: 401, requestId: 'req-test' });
    }
    const auth = useAuthStore();
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    // No retry went out after the refresh failed.
    expect(server.calls('GET /api/v1/me')).toHaveLength(2);
    await flushPromises();
    expect(visibleToasts()).toEqual(['登录凭证已被使用，为安全起见已注销该设备的全部会话']);
  });

  it('a 401 without a refresh token ends the session without calling refresh', async () => {
    localStorage.clear();
    setActivePinia(createPinia());

    await expect(getMe()).rejects.toMatchObject({ id: 'token_expired' });
    expect(server.calls('POST /api/v1/auth/refresh')).toHaveLength(0);
  });

  it('errors other than an expired token are typed, not retried, and silent when asked', async () => {
    const error = await requestClient.get('/no-such-route', { silent: true }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ id: 'route_not_found', status: 404, requestId: 'req-test', fields: [] });
    expect(server.calls('POST /api/v1/auth/refresh')).toHaveLength(0);
    await flushPromises();
    expect(visibleToasts()).toEqual([]);
  });

  it('turns a dropped connection into a network_error ApiError', async () => {
    await server.close();
    await expect(requestClient.get('/me', { silent: true })).rejects.toMatchObject({ id: 'network_error', status: 0 });
  });
});
