import type { AuthResponse, AuthTokens, SessionUser, StaffLoginBody } from '@fangxin/shared';
import { requestClient } from './request';

/** Sign-in errors are shown on the form, so the shared toast stays quiet. */
export function staffLogin(body: StaffLoginBody) {
  return requestClient.post<AuthResponse>('/auth/staff/login', body, { anonymous: true, silent: true });
}

export function refreshTokens(refreshToken: string) {
  return requestClient.post<AuthTokens>('/auth/refresh', { refreshToken }, { anonymous: true, silent: true });
}

/** Revokes the session on the server; sent without the access token, which may already have expired. */
export function logout(refreshToken: string) {
  return requestClient.post<void>('/auth/logout', { refreshToken }, { anonymous: true, silent: true });
}

export function getMe() {
  return requestClient.get<SessionUser>('/me');
}
