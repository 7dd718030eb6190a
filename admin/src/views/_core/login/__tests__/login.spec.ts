import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { i18n, setLocale } from '@/locales';
import { createAppRouter, setupRouterGuard } from '@/router';
import { useAuthStore } from '@/store/auth';
import { errorReply, MANAGER, startApiServer, useApiServer, type ApiServer, type Reply } from '@/test-utils/apiServer';
import LoginView from '@/views/_core/login/index.vue';

/** Validation (async-validator), the HTTP round trip and lazy route chunks all finish asynchronously. */
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 3000, interval: 10 });

/** The error text shown under the input labelled `label`, or null. */
function fieldError(wrapper: VueWrapper, label: string): string | null {
  const item = wrapper.findAll('.el-form-item').find((el) => el.find('label').text() === label);
  if (!item) throw new Error(`no form item labelled ${label}`);
  const error = item.find('.el-form-item__error');
  return error.exists() ? error.text() : null;
}

function alertText(wrapper: VueWrapper): string | null {
  const alert = wrapper.find('.el-alert');
  return alert.exists() ? alert.text() : null;
}

describe('login view', () => {
  let server: ApiServer;
  let loginReply: () => Reply;
  let wrapper: VueWrapper;

  async function mountLogin(query = '') {
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    setupRouterGuard(router);
    await router.push(`/login${query}`);
    wrapper = mount(LoginView, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
    return router;
  }

  async function submit(username: string, password: string) {
    await wrapper.find('input[autocomplete="username"]').setValue(username);
    await wrapper.find('input[autocomplete="current-password"]').setValue(password);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
  }

  beforeEach(async () => {
    localStorage.clear();
    setLocale('zh-CN');
    server = await startApiServer({
      'POST /api/v1/auth/staff/login': () => loginReply(),
      'POST /api/v1/auth/logout': () => ({ status: 204 }),
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    await server.close();
  });

  it('renders in Chinese with a label tied to every input', async () => {
    await mountLogin();
    const labels = wrapper.findAll('label');
    expect(labels.map((l) => l.text())).toEqual(['用户名', '密码']);
    for (const label of labels) {
      const id = label.attributes('for');
      expect(id).toBeTruthy();
      expect(wrapper.find(`input#${id}`).exists()).toBe(true);
    }
    expect(wrapper.find('button[type="submit"]').text()).toBe('登录');
  });

  it('shows the shared schema rule under an empty field and does not call the server', async () => {
    await mountLogin();
    await submit('', '');
    await eventually(() => {
      expect(fieldError(wrapper, '用户名')).toBe('请输入用户名');
      expect(fieldError(wrapper, '密码')).toBe('请输入密码');
    });
    expect(server.requests).toHaveLength(0);
  });

  it('shows a server field error next to the field it names', async () => {
    loginReply = () => errorReply('validation_failed', { fields: [{ path: 'username', message: '用户名只能包含字母、数字和点' }] });
    await mountLogin();
    await submit('bad name!', 'Fangxin@2026');
    await eventually(() => expect(fieldError(wrapper, '用户名')).toBe('用户名只能包含字母、数字和点'));
    expect(fieldError(wrapper, '密码')).toBeNull();
    expect(alertText(wrapper)).toBeNull();
  });

  it("shows the server's account_locked message with when to retry", async () => {
    loginReply = () => errorReply('account_locked', { retryAfterSeconds: 900 });
    await mountLogin();
    await submit('manager.xihu', 'wrong-password');
    await eventually(() => expect(alertText(wrapper)).toBe('登录失败次数过多，账号已临时锁定 请在 15 分钟后重试。'));
  });

  it("shows the server's too_many_requests message", async () => {
    loginReply = () => ({
      status: 429,
      body: { error: { id: 'too_many_requests', message: '登录尝试过于频繁，请稍后再试', requestId: 'r1', retryAfterSeconds: 42 } },
    });
    await mountLogin();
    await submit('manager.xihu', 'Fangxin@2026');
    await eventually(() => expect(alertText(wrapper)).toBe('登录尝试过于频繁，请稍后再试 请在 42 秒后重试。'));
  });

  it('refuses a customer account with a clear message and keeps no session', async () => {
    loginReply = () => ({
      status: 200,
      body: {
        accessToken: 'a',
        accessTokenExpiresAt: 'x',
        refreshToken: 'r-abcdefghijklmnopq',
        refreshTokenExpiresAt: 'x',
        user: { ...MANAGER, role: 'customer', name: '张先生', outletId: null, outletName: null },
      },
    });
    await mountLogin();
    await submit('someone', 'Fangxin@2026');
    await eventually(() =>
      expect(alertText(wrapper)).toBe('管理后台仅供网点经理和平台管理员使用。客户账号请使用放心服务小程序。'),
    );
    expect(useAuthStore().isAuthenticated).toBe(false);
    expect(server.calls('POST /api/v1/auth/logout')).toHaveLength(1);
  });

  it('signs a manager in and goes to the page they asked for', async () => {
    loginReply = () => ({
      status: 200,
      body: { accessToken: 'a', accessTokenExpiresAt: 'x', refreshToken: 'r-abcdefghijklmnopq', refreshTokenExpiresAt: 'x', user: MANAGER },
    });
    const router = await mountLogin('?redirect=/forbidden');
    await submit('manager.xihu', 'Fangxin@2026');
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/forbidden'));
    expect(useAuthStore().user?.name).toBe('王经理');
  });
});
