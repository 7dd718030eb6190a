import { flushPromises, mount, type ComponentMountingOptions } from '@vue/test-utils';
import type { SessionUser } from '@fangxin/shared';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { i18n, setLocale } from '@/locales';
import { createAppRouter } from '@/router';
import { MANAGER } from './apiServer';

export const ADMIN: SessionUser = {
  id: '65f000000000000000000002',
  role: 'platform_admin',
  name: '平台管理员',
  username: 'admin',
  outletId: null,
  outletName: null,
};

/** A stored session, as if the person had signed in: the request client sends its token. */
export function signIn(user: SessionUser = MANAGER): void {
  localStorage.setItem(
    'fangxin.admin.session',
    JSON.stringify({ accessToken: 'access-test', accessTokenExpiresAt: 'x', refreshToken: 'refresh-test-abcdefghij', refreshTokenExpiresAt: 'x', user }),
  );
}

/**
 * Mounts a view or component the way the app runs it: Pinia, i18n in Chinese and a router, attached to the document
 * (Element Plus dialogs and drawers teleport to <body>).
 */
export async function mountView<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}, path = '/') {
  setLocale('zh-CN');
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path).catch(() => undefined);
  const wrapper = mount(component, {
    attachTo: document.body,
    ...options,
    global: { plugins: [pinia, i18n, router], ...options.global },
  } as ComponentMountingOptions<C>);
  await flushPromises();
  return { wrapper, router, pinia };
}

/** Async work (HTTP round trips, validation, transitions) settles on its own schedule. */
export const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 3000, interval: 10 });

/** Text of everything currently in the document, dialogs and drawers included. */
export const bodyText = () => document.body.textContent ?? '';

/** The button in the document whose text is exactly `text` (and visible to the user, i.e. not in a closed dialog). */
export function buttonByText(text: string): HTMLButtonElement {
  const found = [...document.body.querySelectorAll('button')].filter((b) => b.textContent?.trim() === text);
  const visible = found.find((b) => !b.closest('[style*="display: none"]'));
  if (!visible) throw new Error(`no button "${text}"; buttons: ${[...document.body.querySelectorAll('button')].map((b) => b.textContent?.trim()).join(' | ')}`);
  return visible as HTMLButtonElement;
}
