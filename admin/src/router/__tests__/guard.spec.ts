import type { RouteRecordRaw } from 'vue-router';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter, safeRedirect, setupRouterGuard } from '@/router';
import { buildMenu } from '@/router/menu';
import { useAuthStore } from '@/store/auth';
import { MANAGER } from '@/test-utils/apiServer';

function signedInAs(role: 'outlet_manager' | 'platform_admin') {
  localStorage.setItem(
    'fangxin.admin.session',
    JSON.stringify({ accessToken: 'a', accessTokenExpiresAt: 'x', refreshToken: 'r', refreshTokenExpiresAt: 'x', user: { ...MANAGER, role } }),
  );
}

async function startRouter(path: string) {
  setActivePinia(createPinia());
  const router = createAppRouter(createMemoryHistory());
  setupRouterGuard(router);
  await router.push(path);
  return router;
}

describe('router guard', () => {
  beforeEach(() => localStorage.clear());

  it('sends a signed-out visitor to /login, keeping where they were going', async () => {
    const router = await startRouter('/dashboard?tab=1');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/dashboard?tab=1');
  });

  it('lets a signed-in manager in, and away from /login', async () => {
    signedInAs('outlet_manager');
    const router = await startRouter('/dashboard');
    expect(router.currentRoute.value.name).toBe('dashboard');
    await router.push('/login');
    expect(router.currentRoute.value.name).toBe('dashboard');
  });

  it('returns to /login as soon as the session ends (sign-out or refused refresh)', async () => {
    signedInAs('platform_admin');
    const router = await startRouter('/dashboard');
    useAuthStore().clearSession();
    await nextTick();
    await router.isReady();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/dashboard');
  });

  it('ignores a stored session whose role the admin does not serve', async () => {
    localStorage.setItem(
      'fangxin.admin.session',
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', user: { ...MANAGER, role: 'engineer' } }),
    );
    const router = await startRouter('/dashboard');
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('only redirects inside the admin after sign-in', () => {
    expect(safeRedirect('/dashboard?x=1')).toBe('/dashboard?x=1');
    expect(safeRedirect('//evil.example')).toBe('/dashboard');
    expect(safeRedirect('https://evil.example')).toBe('/dashboard');
    expect(safeRedirect(undefined)).toBe('/dashboard');
  });
});

describe('buildMenu', () => {
  const routes: RouteRecordRaw[] = [
    { path: '/dashboard', component: {}, meta: { title: 'routes.dashboard' } },
    { path: '/outlets', component: {}, meta: { title: 'outlets', roles: ['platform_admin'] } },
    { path: '/hidden', component: {}, meta: { title: 'hidden', hideInMenu: true } },
    {
      path: '/orders',
      component: {},
      meta: { title: 'orders' },
      children: [
        { path: 'list', component: {}, meta: { title: 'orders.list' } },
        { path: 'audit', component: {}, meta: { title: 'orders.audit', roles: ['platform_admin'] } },
      ],
    },
  ];

  it('shows an outlet manager only the pages their role may open', () => {
    const menu = buildMenu(routes, 'outlet_manager');
    expect(menu.map((m) => m.path)).toEqual(['/dashboard', '/orders']);
    expect(menu[1]?.children.map((m) => m.path)).toEqual(['/orders/list']);
  });

  it('shows a platform admin everything that is not hidden', () => {
    const menu = buildMenu(routes, 'platform_admin');
    expect(menu.map((m) => m.path)).toEqual(['/dashboard', '/outlets', '/orders']);
    expect(menu[2]?.children.map((m) => m.path)).toEqual(['/orders/list', '/orders/audit']);
  });
});
