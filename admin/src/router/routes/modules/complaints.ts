import { ChatLineSquare } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/complaints',
    name: 'complaints',
    component: () => import('@/views/complaints/index.vue'),
    meta: { title: 'routes.complaints', icon: ChatLineSquare, order: 50 },
  },
];

export default routes;
