import { Tickets } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/orders',
    name: 'orders',
    component: () => import('@/views/orders/index.vue'),
    meta: { title: 'routes.orders', icon: Tickets, order: 10 },
  },
];

export default routes;
