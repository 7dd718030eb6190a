import type { AuthResponse, Role } from '@fangxin/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth';
import { isAdminRole } from '@/constants/roles';

/** Tokens plus the signed-in user: exactly what sign-in returns. */
export type Session = AuthResponse;

const STORAGE_KEY = 'fangxin.admin.session';

/** Thrown by `login` when the account is valid but not one the admin serves (customer, engineer). */
export class RoleNotAllowedError extends Error {
  override readonly name = 'RoleNotAllowedError';
  constructor(readonly role: Role) {
    super(`role ${role} cannot use the admin`);
  }
}

/** A stored session is trusted only if it still has the shape and a role the admin serves. */
function readSession(): Session | null {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    const valid =
      typeof value?.accessToken === 'string' &&
      typeof value.refreshToken === 'string' &&
      typeof value.user?.name === 'string' &&
      isAdminRole(value.user.role);
    return valid ? (value as Session) : null;
  } catch {
    return null;
  }
}

function writeSession(session: Session | null): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
}

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(readSession());

  const accessToken = computed(() => session.value?.accessToken ?? null);
  const refreshToken = computed(() => session.value?.refreshToken ?? null);
  const user = computed(() => session.value?.user ?? null);
  const role = computed(() => user.value?.role ?? null);
  const isAuthenticated = computed(() => session.value !== null);

  function setSession(next: Session | null): void {
    session.value = next;
    writeSession(next);
  }

  function clearSession(): void {
    setSession(null);
  }

  async function login(username: string, password: string) {
    const result = await authApi.staffLogin({ username, password });
    if (!isAdminRole(result.user.role)) {
      // End the session the server just opened rather than keep tokens the admin will never use.
      await authApi.logout(result.refreshToken).catch(() => undefined);
      throw new RoleNotAllowedError(result.user.role);
    }
    setSession(result);
    return result.user;
  }

  /** Forgets the session first, so a slow or failed server call can never leave the user signed in here. */
  async function logout(): Promise<void> {
    const token = refreshToken.value;
    clearSession();
    if (token) await authApi.logout(token).catch(() => undefined);
  }

  /** Rotates the token pair. Rejects when the server refuses; the request client then ends the session. */
  async function refresh(): Promise<void> {
    const token = refreshToken.value;
    if (!token) throw new Error('no refresh token');
    const tokens = await authApi.refreshTokens(token);
    // Signed out while the refresh was in flight: do not bring the session back.
    if (session.value?.refreshToken === token) setSession({ ...session.value, ...tokens });
  }

  /** Re-reads the user (name, role, outlet may have changed since sign-in). */
  async function reloadUser(): Promise<void> {
    const me = await authApi.getMe();
    if (!session.value) return;
    if (isAdminRole(me.role)) setSession({ ...session.value, user: me });
    else clearSession();
  }

  // Another tab signed in, out or rotated the tokens: follow it, or this tab would present a dead refresh token,
  // which the server treats as reuse and answers by revoking the session.
  globalThis.addEventListener?.('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) session.value = readSession();
  });

  return { session, accessToken, refreshToken, user, role, isAuthenticated, login, logout, refresh, reloadUser, clearSession };
});
