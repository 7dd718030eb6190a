import { Document } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'audit',
    component: () => import('@/views/audit/index.vue'),
    meta: { title: 'routes.audit', icon: Document, order: 85 },
  },
];

export default routes;
