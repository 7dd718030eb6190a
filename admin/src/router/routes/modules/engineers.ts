import { User } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/engineers',
    name: 'engineers',
    component: () => import('@/views/engineers/index.vue'),
    meta: { title: 'routes.engineers', icon: User, order: 20 },
  },
  {
    path: '/engineers/:id',
    name: 'engineerDetail',
    component: () => import('@/views/engineers/detail.vue'),
    props: true,
    meta: { title: 'routes.engineerDetail', hideInMenu: true },
  },
];

export default routes;
