import { useAuthStore } from '@/store/auth';
import { createRequestClient } from '@/utils/request';
import { notifyError } from './notify';

/**
 * The one API client. The store is looked up per call (not at import) because the store itself calls the API
 * through this client.
 */
export const requestClient = createRequestClient(
  { baseURL: '/api/v1' },
  {
    getAccessToken: () => useAuthStore().accessToken,
    hasRefreshToken: () => useAuthStore().refreshToken !== null,
    refresh: () => useAuthStore().refresh(),
    // Clearing the session is enough: the router guard watches it and sends the user to the sign-in page.
    onSessionExpired: () => useAuthStore().clearSession(),
    onError: notifyError,
  },
);
