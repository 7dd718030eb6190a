import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/**
 * What the browser journeys share: where screenshots go, how to find NutUI/Taro elements in the miniapp H5 build,
 * and how each kind of person signs in through the UI.
 */

export const PASSWORD = 'Fangxin@2026';
/** A 1×1 PNG: the smallest photo the upload endpoint accepts. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Screenshot options: README screenshots land in docs/screenshots/, wherever the runner was started from. */
export const shot = (name: string, fullPage = true) => ({
  path: path.join(import.meta.dirname, '..', 'docs', 'screenshots', name),
  animations: 'disabled' as const,
  fullPage,
});

/**
 * A screenshot of everything on the page. Taro H5 pages and the admin layout scroll inside a container, so
 * Playwright's `fullPage` alone sees one screen: the window grows by what the tallest visible scroller hides, for the
 * shot only. Waits for passing toasts (Taro's and Element Plus's) first, so the shot shows the page.
 */
export async function fullPageShot(page: Page, name: string): Promise<string> {
  await expect(page.locator('.taro__toast > div, .el-message').filter({ visible: true })).toHaveCount(0, { timeout: 10_000 });
  const size = page.viewportSize()!;
  const hidden = await page.evaluate(() => {
    let most = 0;
    for (const el of Array.from(document.querySelectorAll('*'))) {
      if (el.clientHeight === 0 || !/auto|scroll/.test(getComputedStyle(el).overflowY)) continue;
      most = Math.max(most, el.scrollHeight - el.clientHeight);
    }
    return most;
  });
  const options = shot(name);
  if (hidden > 0) {
    await page.setViewportSize({ width: size.width, height: Math.min(size.height + hidden, 8000) });
    await page.waitForTimeout(300); // layouts and charts settle to the new size
  }
  await page.screenshot(options);
  if (hidden > 0) await page.setViewportSize(size);
  return options.path;
}

// ---- Miniapp H5 (Taro + NutUI) -----------------------------------------------------------------------------------

/** Taro's H5 input puts the placeholder on its wrapper element too; target the real <input>. */
export const input = (page: Page, placeholder: string) => page.locator(`input[placeholder="${placeholder}"]`);
/**
 * NutUI buttons are <taro-button-core> elements whose label spans do not take clicks: click the button itself. Only
 * visible ones: Taro H5 keeps the pages below in the stack in the document, hidden, with their buttons.
 */
export const button = (page: Page, label: string | RegExp) => page.locator('taro-button-core', { hasText: label }).filter({ visible: true }).first();
/** A status tag on the page shown (the same words may also be in a toast). */
export const tag = (page: Page, text: string) => page.locator('.nut-tag', { hasText: text }).filter({ visible: true }).first();

/** Signs a customer in to the H5 app with phone and one-time code (the development server shows the code). */
export async function signInCustomer(page: Page, phone: string) {
  await page.goto('/h5/#/pages/login/index');
  await input(page, '请输入手机号').fill(phone);
  await button(page, '获取验证码').click();
  const hint = page.getByText(/开发环境验证码：\d{6}/);
  await expect(hint).toBeVisible();
  await input(page, '6 位验证码').fill(/(\d{6})/.exec((await hint.textContent()) ?? '')![1]!);
  await button(page, /^\s*登录\s*$/).click();
}

/** Signs an engineer in to engineer mode of the H5 app. */
export async function signInEngineer(page: Page, username: string) {
  await page.goto('/h5/#/packages/engineer/pages/home/index');
  await input(page, '请输入用户名').fill(username);
  await input(page, '请输入密码').fill(PASSWORD);
  await button(page, /^\s*登录\s*$/).click();
}

/** Chooses a file for the NutUI uploader `trigger` opens (H5 has no camera: a file chooser stands in). */
export async function choosePhoto(page: Page, trigger: ReturnType<Page['locator']>, name: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger.click()]);
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: PNG });
}

/** Draws a signature stroke on the canvas with touch events (how a customer signs on the engineer's phone). */
export async function sign(page: Page) {
  const canvas = page.locator('.signature-pad canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await canvas.evaluate((el, b) => {
    const touch = (x: number, y: number) => new Touch({ identifier: 1, target: el, clientX: x, clientY: y });
    const fire = (type: string, x: number, y: number) =>
      el.dispatchEvent(new TouchEvent(type, { bubbles: true, cancelable: true, touches: type === 'touchend' ? [] : [touch(x, y)], changedTouches: [touch(x, y)] }));
    fire('touchstart', b.x + 20, b.y + b.height / 2);
    for (let i = 1; i <= 24; i++) fire('touchmove', b.x + 20 + (i * (b.width - 40)) / 24, b.y + b.height / 2 + Math.sin(i / 3) * (b.height / 3));
    fire('touchend', b.x + b.width - 20, b.y + b.height / 2);
  }, box);
}

// ---- Admin (Vue + Element Plus) ----------------------------------------------------------------------------------

/** Signs a staff member in to the admin and waits for the dashboard. */
export async function signInAdmin(page: Page, username: string) {
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/dashboard/);
}

/** Toasts fade out after a few seconds; screenshots wait for them so they show the page, not the messages. */
export async function quiet(page: Page) {
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 });
}

/** The open Element Plus dialog whose title is `title`. */
export const dialog = (page: Page, title: string | RegExp) => page.getByRole('dialog', { name: title });
