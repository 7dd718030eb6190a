import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import { routes } from './routes';

export function createAppRouter(history: RouterHistory) {
  return createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });
}

/** BASE_URL is Vite's `base` (/admin/), so links and refreshes stay inside the served folder. */
export const router = createAppRouter(createWebHistory(import.meta.env.BASE_URL));

export { setupRouterGuard, safeRedirect } from './guard';
export { HOME_PATH } from './routes';
