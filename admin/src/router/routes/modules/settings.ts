import { Setting } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/settings',
    name: 'settings',
    component: () => import('@/views/settings/index.vue'),
    meta: { title: 'routes.settings', icon: Setting, roles: ['platform_admin'], order: 90 },
  },
];

export default routes;
