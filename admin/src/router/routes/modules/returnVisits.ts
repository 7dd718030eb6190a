import { Phone } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/return-visits',
    name: 'returnVisits',
    component: () => import('@/views/returnVisits/index.vue'),
    meta: { title: 'routes.returnVisits', icon: Phone, order: 55 },
  },
];

export default routes;
