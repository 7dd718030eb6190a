import { TrendCharts } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/quality',
    name: 'quality',
    component: () => import('@/views/quality/index.vue'),
    meta: { title: 'routes.quality', icon: TrendCharts, order: 65 },
  },
];

export default routes;
