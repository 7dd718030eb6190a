import { Star } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: '/surveys',
    name: 'surveys',
    component: () => import('@/views/surveys/index.vue'),
    meta: { title: 'routes.surveys', icon: Star, order: 60 },
  },
];

export default routes;
