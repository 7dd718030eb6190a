import { OfficeBuilding } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** Platform admins see every outlet and its coverage; a manager sees their own outlet's slot calendar. */
const routes: RouteRecordRaw[] = [
  {
    path: '/outlets',
    name: 'outlets',
    component: () => import('@/views/outlets/index.vue'),
    meta: { title: 'routes.outlets', icon: OfficeBuilding, order: 30 },
  },
];

export default routes;
