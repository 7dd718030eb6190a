import { Flag } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** The outlet governance loop (issue 19): monthly ranking, rectification, 服务标兵, warnings and fines. */
const routes: RouteRecordRaw[] = [
  {
    path: '/governance',
    name: 'governance',
    component: () => import('@/views/governance/index.vue'),
    meta: { title: 'routes.governance', icon: Flag, order: 66, roles: ['outlet_manager', 'platform_admin'] },
  },
];

export default routes;
