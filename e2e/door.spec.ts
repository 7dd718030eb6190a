import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, type APIRequestContext, type Browser } from '@playwright/test';
import { button, input, shot, signInEngineer, test } from './helpers';
import config, { BASE_URL } from './playwright.config';
import { apiClient, useSession, bookForEngineer } from './api';

/**
 * Issue 18, "at the door", in the H5 build against the real server:
 * - the customer scans the engineer's live e-work card with the phone's camera (Chromium's fake camera plays a video
 *   made from the card's real QR code), and the check is recorded on the order;
 * - the card's public page `/v/<token>`, opened by the signed-in customer, leads to the same order check; signed out
 *   it offers to sign in;
 * - a refused camera is explained, the paste field stays;
 * - the six-digit service code is read off the customer's screen and typed by the engineer, with the contacts panel.
 * The fake-camera flags are per browser launch: this file launches its own Chromium for the camera.
 */

const root = path.resolve(import.meta.dirname, '..');
// qrcode-generator belongs to the miniapp (it draws the apps' QR codes); the journey draws the card's QR with it too.
const qrcode = createRequire(path.join(root, 'miniapp', 'package.json'))('qrcode-generator') as (type: number, level: 'L' | 'M' | 'Q' | 'H') => {
  addData(text: string, mode?: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
};

/**
 * A Y4M video (the format Chromium's fake camera plays) showing a QR code of `text`, black on white, centred:
 * a plain header, then frames of YUV 4:2:0 (luma per pixel, grey chroma).
 */
function qrVideo(text: string, file: string, width = 640, height = 480, frames = 3): void {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const modules = qr.getModuleCount();
  const scale = Math.floor(Math.min(width, height) / (modules + 8));
  const size = modules * scale;
  const left = Math.floor((width - size) / 2);
  const top = Math.floor((height - size) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.isDark(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]));
}

/** The orders this file made, cancelled at the end where the rules allow, so they hold no window of the others'. */
const made: Array<{ id: string; token: string }> = [];

/** A customer with an order on the way, its engineer 赵明 (eng.xihu.3, television repairs) assigned. */
async function orderOnTheWay(request: APIRequestContext) {
  const api = apiClient(request);
  const phone = `137${String(Date.now()).slice(-8)}`;
  const session = await api.customer(phone);
  const C = session.accessToken;
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '孙阿姨', phone, districtCode: '330106', detail: '西湖区文三路 200 号 1 单元 502', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'tv', brand: '海信', model: 'HZ55E3D', purchaseDate: '2019-05-01' });
  // The latest windows first: the other journeys book the earliest ones, and this one must not fill them.
  const order = await bookForEngineer(api, { token: C, addressId: address.id, applianceId: appliance.id, fault: '电视开机黑屏，有声音', keyPrefix: 'e2e-door', latestFirst: true });
  made.push({ id: order.id, token: C });
  const E = await api.staff('eng.xihu.3');
  await api.post(`/orders/${order.id}/accept`, E);
  await api.post(`/orders/${order.id}/depart`, E);
  const cardChecks = async () => (await api.get<{ events: Array<{ type: string; data: Record<string, unknown> }> }>(`/orders/${order.id}/timeline`, C)).events.filter((e) => e.type === 'card_verified');
  const freshCard = async () => (await api.get<{ qr: { token: string; verifyUrl: string } }>('/me/card', E)).qr;
  return { api, session, C, E, order, cardChecks, freshCard };
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test.describe('at the door (H5)', () => {
  const video = path.join(os.tmpdir(), `fangxin-door-${process.pid}.y4m`);
  let camera: Browser;

  test.beforeAll(async () => {
    // A placeholder until the card's QR is known: the fake camera opens the file only when capture starts.
    qrVideo('placeholder', video);
    const launch = config.use?.launchOptions ?? {};
    camera = await chromium.launch({
      ...launch,
      args: [...(launch.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
  });
  test.afterAll(async ({ playwright }) => {
    await camera?.close();
    fs.rmSync(video, { force: true });
    const api = await playwright.request.newContext({ baseURL: BASE_URL });
    for (const o of made) await api.post(`/api/v1/orders/${o.id}/cancel`, { headers: { authorization: `Bearer ${o.token}` }, data: { reason: '测试结束，取消' } });
    await api.dispose();
  });

  test('the customer scans the engineer’s card with the phone camera; the check is recorded on the order', async ({ request }) => {
    test.setTimeout(120_000);
    const { session, order, cardChecks, freshCard } = await orderOnTheWay(request);
    const context = await camera.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await useSession(page, session);
    await page.goto(`/h5/#/packages/customer/pages/verify/index?orderId=${order.id}`);
    await expect(button(page, '用摄像头扫码')).toBeVisible();

    // The camera now "sees" the engineer's live card (valid 60 s): a video made from its real QR code.
    const card = await freshCard();
    qrVideo(card.verifyUrl, video);
    await button(page, '用摄像头扫码').click();
    await expect(page.locator('.verify__result')).toBeVisible({ timeout: 20_000 });
    // The camera is released once the code is read.
    await expect(page.locator('video')).toHaveCount(0);
    await expect(page.getByText('✓ 是您订单当前指派的工程师')).toBeVisible();
    await expect(page.getByText(`已记录到订单 ${order.orderNo}`)).toBeVisible();
    await expect(page.getByText('工号 FX-XH-003')).toBeVisible();
    await page.screenshot(shot('door-verify-camera.png'));

    const checks = await cardChecks();
    expect(checks).toHaveLength(1);
    expect(checks[0]!.data).toMatchObject({ verdict: 'genuine', assignedToThisOrder: true });
    await context.close();
  });

  test('the card’s public page, opened by the signed-in customer, checks the engineer against her order and records it', async ({ browser, request }) => {
    test.setTimeout(120_000);
    const { session, order, cardChecks, freshCard } = await orderOnTheWay(request);
    const card = await freshCard();

    // Signed out: the page says the card is genuine and offers the order check after signing in.
    const anonymous = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const outsider = await anonymous.newPage();
    await outsider.goto(`/v/${card.token}`);
    await expect(outsider.getByRole('heading', { name: '真实有效' })).toBeVisible();
    await outsider.getByText('核对是不是您订单的工程师').click();
    await expect(outsider.getByText('工作证真实有效')).toBeVisible();
    await expect(button(outsider, '登录后核对')).toBeVisible();
    await outsider.screenshot(shot('door-verify-link-signed-out.png'));
    await anonymous.close();
    expect(await cardChecks()).toHaveLength(0);

    // Signed in (the app's session on the same origin): one tap from the page to the recorded order check.
    const mine = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await mine.newPage();
    await useSession(page, session);
    const again = await freshCard(); // the card's QR lives 60 s
    await page.goto(`/v/${again.token}`);
    await expect(page.getByText(/放心服务客服 \d/)).toBeVisible();
    await page.screenshot(shot('door-verify-page.png'));
    await page.getByText('核对是不是您订单的工程师').click();
    await expect(page.getByText('✓ 是您订单当前指派的工程师')).toBeVisible();
    await expect(page.getByText(`已记录到订单 ${order.orderNo}`)).toBeVisible();
    await expect(page.getByText(/这是您订单当前指派的工程师|是您订单的工程师，但有一项不符/)).toBeVisible();
    const checks = await cardChecks();
    expect(checks).toHaveLength(1);
    expect(checks[0]!.data).toMatchObject({ verdict: 'genuine', assignedToThisOrder: true });
    await mine.close();
  });

  test('a refused camera is explained in plain words and the paste field stays', async ({ page, request }) => {
    const { session, order } = await orderOnTheWay(request);
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await useSession(page, session);
    await page.goto(`/h5/#/packages/customer/pages/verify/index?orderId=${order.id}`);
    await button(page, '用摄像头扫码').click();
    await expect(page.getByText(/没有获得摄像头权限。请在浏览器设置中允许本网站使用摄像头后重试/)).toBeVisible();
    await expect(page.locator('textarea[placeholder="或粘贴工作证二维码的链接"]')).toBeVisible();
    await page.screenshot(shot('door-verify-camera-refused.png'));
  });

  test('the six-digit service code: shown large, read out and typed; contacts on both sides', async ({ page, request }) => {
    test.setTimeout(120_000);
    const { api, session, E, order } = await orderOnTheWay(request);
    await useSession(page, session);
    await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
    await button(page, '出示服务码').click();
    const shown = (await page.locator('.service-code__text').textContent())!.trim();
    expect(shown).toMatch(/^\d{3} \d{3}$/);
    await expect(page.getByText('联系工程师')).toBeVisible();
    await expect(page.getByText('联系网点')).toBeVisible();
    await expect(page.getByText(/^400-/)).toBeVisible();
    // The code and the contacts (the page's other cards have their own journeys).
    await page.locator('.service-code').screenshot({ path: shot('door-service-code.png').path });
    await page.locator('.order-contacts').screenshot({ path: shot('door-contacts.png').path });
    await page.setViewportSize({ width: 320, height: 700 });
    await page.locator('.service-code').screenshot({ path: shot('door-service-code-320.png').path });
    await page.locator('.order-contacts').screenshot({ path: shot('door-contacts-320.png').path });

    // What the engineer types, with the customer's screen in front of him (through the API: his page is in miniapp.engineer.spec).
    const wrong = shown.replace(' ', '') === '000000' ? '000001' : '000000';
    const refused = await request.post(`${BASE_URL}/api/v1/orders/${order.id}/check-in`, { headers: { authorization: `Bearer ${E}` }, data: { serviceCode: wrong } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.message).toBe('服务码不正确（还可尝试 4 次）');
    const arrived = await api.post<{ status: string }>(`/orders/${order.id}/check-in`, E, { serviceCode: shown });
    expect(arrived.status).toBe('arrived');
  });

  test('the engineer types the code on a numeric keyboard and sees the customer’s contacts and 导航', async ({ page, request }) => {
    test.setTimeout(120_000);
    const { api, C, order } = await orderOnTheWay(request);
    await signInEngineer(page, 'eng.xihu.3');
    await expect(page.getByText('赵明')).toBeVisible();
    await page.goto(`/h5/#/packages/engineer/pages/order/index?id=${order.id}`);
    await expect(page.getByText('联系客户')).toBeVisible();
    await expect(page.getByText('导航', { exact: true })).toBeVisible();
    const field = input(page, '输入 6 位服务码');
    expect(await field.getAttribute('type')).toBe('tel');
    const code = await api.post<{ serviceCode: string }>(`/orders/${order.id}/service-code`, C);
    await field.fill(code.serviceCode);
    await page.locator('.engineer-order__check-in').screenshot({ path: shot('door-engineer-check-in.png').path });
    await page.locator('.order-contacts').screenshot({ path: shot('door-engineer-contacts.png').path });
    await button(page, /^\s*签到\s*$/).click();
    await expect(page.locator('.nut-tag', { hasText: '工程师已到达' }).first()).toBeVisible();
  });
});
