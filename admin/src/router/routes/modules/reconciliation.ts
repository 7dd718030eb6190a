import { Money } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** Issue 20.4: the day's online payments, refunds and mismatches (对账), for outlet managers and platform admins. */
const routes: RouteRecordRaw[] = [
  {
    path: '/reconciliation',
    name: 'reconciliation',
    component: () => import('@/views/reconciliation/index.vue'),
    meta: { title: 'routes.reconciliation', icon: Money, order: 52, roles: ['outlet_manager', 'platform_admin'] },
  },
];

export default routes;
