import { expect, type APIRequestContext } from '@playwright/test';
import { shot, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { apiClient, useSession, bookForEngineer } from './api';

/**
 * Issue 19.7, the offline card check, in the H5 build against the real server: the customer opens the verify page
 * online (the app keeps the platform's public keys), the network drops, she checks the engineer's card — the phone
 * verifies its signature itself and says plainly it checked offline; back online the check is sent and the order's
 * timeline shows it as 离线核验（联网后补记）.
 */

const made: Array<{ id: string; token: string }> = [];

/** A customer with an order on the way, its engineer 赵明 (eng.xihu.3) assigned, in the latest window he is free. */
async function orderOnTheWay(request: APIRequestContext) {
  const api = apiClient(request);
  const phone = `136${String(Date.now()).slice(-8)}`;
  const session = await api.customer(phone);
  const C = session.accessToken;
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '钱阿姨', phone, districtCode: '330106', detail: '西湖区文三路 210 号 2 单元 301', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'tv', brand: '海信', model: 'HZ55E3D', purchaseDate: '2019-05-01' });
  const order = await bookForEngineer(api, { token: C, addressId: address.id, applianceId: appliance.id, fault: '电视开机黑屏，有声音', keyPrefix: 'e2e-offline', latestFirst: true });
  made.push({ id: order.id, token: C });
  const E = await api.staff('eng.xihu.3');
  await api.post(`/orders/${order.id}/accept`, E);
  await api.post(`/orders/${order.id}/depart`, E);
  const events = async (type: string) => (await api.get<{ events: Array<{ type: string; data: Record<string, unknown> }> }>(`/orders/${order.id}/timeline`, C)).events.filter((e) => e.type === type);
  const freshCard = async () => (await api.get<{ qr: { token: string; verifyUrl: string } }>('/me/card', E)).qr;
  return { session, order, events, freshCard };
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test.afterAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: BASE_URL });
  for (const o of made) await api.post(`/api/v1/orders/${o.id}/cancel`, { headers: { authorization: `Bearer ${o.token}` }, data: { reason: '测试结束，取消' } });
  await api.dispose();
});

test('no network at the door: the phone checks the card with the saved key, says so, and records it once back online', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const { session, order, events, freshCard } = await orderOnTheWay(request);
  await useSession(page, session);
  await page.goto(`/h5/#/packages/customer/pages/verify/index?orderId=${order.id}`);
  const field = page.locator('textarea[placeholder="或粘贴工作证二维码的链接"]');
  await expect(field).toBeVisible();
  // Online, the page keeps the platform's public keys on the phone.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('fangxin.cardKeys'))).toContain('kid');

  const card = await freshCard();
  await context.setOffline(true);
  await field.fill(card.verifyUrl);
  await page.locator('taro-button-core', { hasText: /^核验$/ }).filter({ visible: true }).first().click();
  const verdict = page.getByTestId('verify-offline');
  await expect(verdict.getByText('工作证真实有效', { exact: true })).toBeVisible();
  await expect(verdict.getByText('离线核验', { exact: true })).toBeVisible();
  await expect(verdict.getByText('网络不通，已用本机保存的平台公钥离线核验：工作证真实有效（未能确认是否为您订单的当前工程师，联网后自动补记）。')).toBeVisible();
  await expect(verdict.getByText(/联网后自动补记到订单/)).toBeVisible();
  await page.screenshot(shot('offline-card-verdict.png'));
  expect(await events('card_verified_offline')).toHaveLength(0);

  // Back online: the kept check is sent, the server checks the token itself and records it on the order.
  await context.setOffline(false);
  await expect(verdict.getByText(`已补记到订单 ${order.orderNo}`)).toBeVisible({ timeout: 20_000 });
  const recorded = await events('card_verified_offline');
  expect(recorded).toHaveLength(1);
  expect(recorded[0]!.data).toMatchObject({ verdict: 'genuine', validAtCheck: true, assignedToThisOrder: true });
  await page.screenshot(shot('offline-card-recorded.png'));

  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await expect(page.getByText('离线核验（联网后补记）')).toBeVisible();
  await expect(page.getByText(/离线核验：工作证真实有效，为本单工程师/)).toBeVisible();
  await page.getByText('离线核验（联网后补记）').scrollIntoViewIfNeeded();
  await page.screenshot(shot('offline-card-order-timeline.png', false));
});
