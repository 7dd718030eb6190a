import { expect, test } from '@playwright/test';
import { button, input, shot as shotOptions } from './helpers';

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
  await page.goto('/h5/#/pages/login/index');
  await input(page, '请输入手机号').fill('13800000001');
  await button(page, '获取验证码').click();
  const hint = page.getByText(/开发环境验证码：\d{6}/);
  await expect(hint).toBeVisible();
  const code = /(\d{6})/.exec((await hint.textContent()) ?? '')![1]!;
  await input(page, '6 位验证码').fill(code);
  await page.screenshot(shot('h5-login.png'));
  await button(page, /^\s*登录\s*$/).click();
  await expect(page.getByText('张女士').first()).toBeVisible();
  await page.screenshot(shot('h5-home.png'));
});

test('miniapp H5: an engineer signs in to engineer mode', async ({ page }) => {
  await page.goto('/h5/#/packages/engineer/pages/home/index');
  await input(page, '请输入用户名').fill('eng.xihu.1');
  await input(page, '请输入密码').fill('Fangxin@2026');
  await button(page, /^\s*登录\s*$/).click();
  await expect(page.getByText('陈建国')).toBeVisible();
  await expect(page.getByText('杭州西湖网点')).toBeVisible();
  await page.screenshot(shot('h5-engineer.png'));
});
