import { Avatar } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/users',
    name: 'users',
    component: () => import('@/views/users/index.vue'),
    meta: { title: 'routes.users', icon: Avatar, roles: ['platform_admin'], order: 80 },
  },
];

export default routes;
