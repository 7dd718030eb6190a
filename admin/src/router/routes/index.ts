import type { RouteRecordRaw } from 'vue-router';

export const HOME_PATH = '/dashboard';

/**
 * Pages inside the layout: one module per domain under ./modules (orders, engineers, ...). A new module is picked
 * up by existing; its records carry their own menu title, icon, order and roles.
 */
const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./modules/**/*.ts', { eager: true });

export const appRoutes: RouteRecordRaw[] = Object.values(modules)
  .flatMap((module) => module.default)
  .sort((a, b) => (a.meta?.order ?? 0) - (b.meta?.order ?? 0));

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/_core/login/index.vue'),
    meta: { public: true, title: 'routes.login' },
  },
  {
    path: '/',
    name: 'root',
    component: () => import('@/layouts/BasicLayout.vue'),
    redirect: HOME_PATH,
    children: [
      ...appRoutes,
      {
        path: '/forbidden',
        name: 'forbidden',
        component: () => import('@/views/_core/fallback/index.vue'),
        props: { status: 403 },
        meta: { title: 'routes.forbidden', hideInMenu: true },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'notFound',
    component: () => import('@/views/_core/fallback/index.vue'),
    props: { status: 404 },
    meta: { public: true, title: 'routes.notFound' },
  },
];
