import { expect } from '@playwright/test';
import { agreeToPolicies, button, input, shot as shotOptions, test } from './helpers';

/** Screenshots for the README land in docs/screenshots/ (the window as it is). */
const shot = (name: string) => shotOptions(name, false);

// Issue 2: the admin and the miniapp H5 shells sign in against the running server.

test('admin: a platform admin signs in and sees the dashboard with the database up', async ({ page }) => {
  await page.goto('/admin/');
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('Fangxin@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('欢迎回来，平台管理员')).toBeVisible();
  await expect(page.getByText('正常')).toBeVisible();
  await page.screenshot(shot('admin-dashboard.png'));
});

test('admin: a wrong password shows the server’s message and stays on the sign-in page', async ({ page }) => {
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill('manager.xihu');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/login/);
});

test('miniapp H5: a customer signs in with phone and one-time code', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/h5/#/pages/login/index');
  // Pinch-zoom is allowed (people with poor sight zoom in).
  expect(await page.locator('meta[name="viewport"]').getAttribute('content')).not.toMatch(/user-scalable|maximum-scale/);
  // An 11-digit number that is not a mobile number is told so (not "请输入 11 位手机号").
  await input(page, '请输入手机号').fill('23800000001');
  await button(page, '获取验证码').click();
  await expect(page.getByText(/^手机号应以 1 开头/)).toBeVisible();
  await input(page, '请输入手机号').fill('13800000001');
  await button(page, '获取验证码').click();
  const hint = page.getByText(/开发环境验证码：\d{6}/);
  await expect(hint).toBeVisible();
  const code = /(\d{6})/.exec((await hint.textContent()) ?? '')![1]!;
  await input(page, '6 位验证码').fill(code);
  // 登录 waits for 我已阅读并同意《用户协议》《隐私政策》; each title opens its text.
  await expect(button(page, /^\s*登录\s*$/)).toHaveClass(/nut-button-disabled/);
  await page.getByText('《隐私政策》').click();
  await expect(page.getByText(/我们收集：您的手机号/)).toBeVisible();
  await page.screenshot(shot('h5-privacy-policy.png'));
  await page.locator('.nut-popup-title-right').filter({ visible: true }).click();
  await agreeToPolicies(page);
  await page.screenshot(shot('h5-login.png'));
  await button(page, /^\s*登录\s*$/).click();
  await expect(page.getByText('张女士').first()).toBeVisible();
  await page.screenshot(shot('h5-home.png'));
});

test('miniapp H5: an engineer signs in to engineer mode', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/h5/#/packages/engineer/pages/home/index');
  await input(page, '请输入用户名').fill('eng.xihu.1');
  await input(page, '请输入密码').fill('Fangxin@2026');
  await button(page, /^\s*登录\s*$/).click();
  await expect(page.getByText('陈建国')).toBeVisible();
  await expect(page.getByText('杭州西湖网点')).toBeVisible();
  await page.screenshot(shot('h5-engineer.png'));
});
