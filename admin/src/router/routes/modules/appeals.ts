import { Stamp } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** Issue 20.2: appeals — the platform admin's review queue, an outlet manager's appeals of the outlet. */
const routes: RouteRecordRaw[] = [
  {
    path: '/appeals',
    name: 'appeals',
    component: () => import('@/views/appeals/index.vue'),
    meta: { title: 'routes.appeals', icon: Stamp, order: 67, roles: ['outlet_manager', 'platform_admin'] },
  },
];

export default routes;
