import { PriceTag } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/catalog',
    name: 'catalog',
    component: () => import('@/views/catalog/index.vue'),
    meta: { title: 'routes.catalog', icon: PriceTag, roles: ['platform_admin'], order: 40 },
  },
];

export default routes;
