import { watch } from 'vue';
import type { LocationQueryValue, Router } from 'vue-router';
import { useAuthStore } from '@/store/auth';
import { HOME_PATH } from './routes';

/** Only same-app paths: a crafted `?redirect=//evil.example` must not leave the admin. */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const target = Array.isArray(value) ? value[0] : value;
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : HOME_PATH;
}

export function setupRouterGuard(router: Router): void {
  const auth = useAuthStore();

  router.beforeEach((to) => {
    if (to.meta.public) {
      return to.name === 'login' && auth.isAuthenticated ? safeRedirect(to.query.redirect) : true;
    }
    if (!auth.isAuthenticated) {
      return { name: 'login', query: to.fullPath === HOME_PATH ? {} : { redirect: to.fullPath } };
    }
    if (to.meta.roles && !to.meta.roles.some((role) => role === auth.role)) return { name: 'forbidden' };
    return true;
  });

  // However the session ends (sign-out, a refused refresh, another tab), leave the protected page at once.
  watch(
    () => auth.isAuthenticated,
    (signedIn) => {
      const current = router.currentRoute.value;
      if (!signedIn && !current.meta.public) {
        void router.replace({ name: 'login', query: { redirect: current.fullPath } });
      }
    },
  );
}
