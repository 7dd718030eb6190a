import { Odometer } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: 'routes.dashboard', icon: Odometer, order: 0 },
  },
];

export default routes;
