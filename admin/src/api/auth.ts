import { api, type StaffLoginBody } from '@fangxin/shared';
import { requestClient } from './request';

/** Sign-in errors are shown on the form, so the shared toast stays quiet. */
export function staffLogin(body: StaffLoginBody) {
  return requestClient.call(api.auth.staffLogin, { body }, { silent: true });
}

export function refreshTokens(refreshToken: string) {
  return requestClient.call(api.auth.refresh, { body: { refreshToken } }, { silent: true });
}

/** Revokes the session on the server; sent without the access token, which may already have expired. */
export function logout(refreshToken: string) {
  return requestClient.call(api.auth.logout, { body: { refreshToken } }, { silent: true });
}

export function getMe() {
  return requestClient.call(api.auth.me);
}
