import { expect } from '@playwright/test';
import { button, shot, signInAdmin, signInCustomer, signInEngineer, tag, test } from './helpers';
import { apiClient } from './api';

/**
 * Issue 19 in the browser: a surcharge whose condition does not hold is refused when the engineer quotes (the night
 * fee in a day window, with the reason in plain words), the price list states each condition, and an urgent booking
 * carries its 加急 mark to the customer's order page and to the outlet manager's order list and detail. The customer,
 * the manager and the engineer's earlier steps play their parts through the API.
 */

type Api = ReturnType<typeof apiClient>;
const ENGINEER = { username: 'eng.xihu.4', name: '孙强' };

/** A new customer in 西湖区 with an out-of-warranty air conditioner (signed in through the API, or with `token`). */
async function newCustomer(api: Api, suffix: string, signedIn?: { phone: string; token: string }) {
  const phone = signedIn?.phone ?? `136${String(Date.now()).slice(-7)}${suffix}`;
  const token = signedIn?.token ?? (await api.customerToken(phone));
  const address = await api.post<{ id: string }>('/me/addresses', token, { contactName: '钱女士', phone, districtCode: '330106', detail: '西湖区文二路 88 号 1 单元 502', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', token, { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: '2017-05-01' });
  return { phone, token, address, appliance };
}

/** Books an air-conditioner repair in the first day window (4 days on) where 孙强 is free, and dispatches it to him. */
async function bookForEngineer(api: Api, who: Awaited<ReturnType<typeof newCustomer>>, manager: string, extra: Record<string, unknown> = {}) {
  const day = new Date(Date.now() + 8 * 3600_000 + 4 * 86400_000).toISOString().slice(0, 10);
  for (const window of ['16-18', '14-16', '11-13', '09-11']) {
    const order = await api.post<{ id: string; orderNo: string }>(
      '/orders',
      who.token,
      { category: 'air_conditioner', serviceType: 'repair', addressId: who.address.id, applianceId: who.appliance.id, faultDescription: '空调制冷差，外机响', slot: { day, window }, ...extra },
      { 'idempotency-key': `e2e-sc-${Date.now()}-${window}` },
    );
    const candidates = await api.get<{ items: Array<{ engineerId: string; name: string; eligible: boolean }> }>(`/orders/${order.id}/candidates`, manager);
    const engineer = candidates.items.find((c) => c.name === ENGINEER.name && c.eligible);
    if (engineer) {
      await api.post(`/orders/${order.id}/dispatch`, manager, { engineerId: engineer.engineerId });
      return { ...order, window };
    }
    await api.post(`/orders/${order.id}/cancel`, who.token, { reason: '换个时间' });
  }
  throw new Error(`${ENGINEER.name} is busy in every window of ${day}`);
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test('surcharges: the night fee is refused in a day window, with the reason in plain words', async ({ page, request }) => {
  test.setTimeout(180_000);
  const api = apiClient(request);
  const manager = await api.staff('manager.xihu');
  const who = await newCustomer(api, '1');
  const order = await bookForEngineer(api, who, manager);

  // The engineer accepts, sets off and checks in with the customer's code (through the API).
  const engineer = await api.staff(ENGINEER.username);
  await api.post(`/orders/${order.id}/accept`, engineer);
  await api.post(`/orders/${order.id}/depart`, engineer);
  const code = await api.post<{ qrText: string }>(`/orders/${order.id}/service-code`, who.token);
  await api.post(`/orders/${order.id}/check-in`, engineer, { serviceCode: code.qrText });

  // The public price list states the condition of each surcharge.
  await page.goto('/h5/#/packages/customer/pages/price-list/index?category=air_conditioner');
  const night = page.locator('.price-list__item', { hasText: '夜间服务费' });
  await expect(night.getByText('仅在晚间时段收取（18:00 以后开始或 20:00 以后结束的预约时段）')).toBeVisible();
  await expect(page.locator('.price-list__item', { hasText: '上门检测费' }).getByText('维修时免收：报价中有维修人工费时，不再收取此费用')).toBeVisible();
  await night.scrollIntoViewIfNeeded();
  await page.screenshot(shot('miniapp-price-list-conditions.png'));

  // The engineer adds the night fee to a quote for a day window: refused, with the window named; nothing is sent.
  await signInEngineer(page, ENGINEER.username);
  await expect(page.getByText(ENGINEER.name)).toBeVisible();
  await page.goto(`/h5/#/packages/engineer/pages/quote/index?id=${order.id}`);
  const item = page.locator('.catalogue-item', { hasText: '夜间服务费' });
  await expect(item.getByText('仅在晚间时段收取')).toBeVisible();
  await item.locator('taro-button-core').click();
  await page.locator('.catalogue-item', { hasText: '启动电容' }).locator('taro-button-core').click();
  await button(page, '发送报价给客户').click();
  const [start, end] = [order.window.slice(0, 2), order.window.slice(3)];
  await expect(page.getByText(`夜间服务费（晚间时段）只在晚间时段收取：本单预约的是 ${start}:00-${end}:00，不是晚间时段`)).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-quote-night-fee-refused.png'));
  const unchanged = await api.get<{ status: string; quotes: unknown[] }>(`/orders/${order.id}`, manager);
  expect(unchanged).toMatchObject({ status: 'arrived', quotes: [] });

  // Without the night fee the quote goes to the customer.
  await page.locator('.quote-builder__line', { hasText: '夜间服务费' }).getByText('删除').click();
  await button(page, '发送报价给客户').click();
  await expect(page.getByText('等待客户在手机上确认报价，确认后才能开始服务。')).toBeVisible();
});

test('urgent booking: 加急 on the customer’s order and in the outlet manager’s list and detail', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const api = apiClient(request);
  // The customer signs in on the phone (a one-time code can be sent once a minute, so the API uses this session).
  const phone = `135${String(Date.now()).slice(-8)}`;
  await signInCustomer(page, phone);
  await expect(page).not.toHaveURL(/pages\/login/);
  const raw = (await page.evaluate(() => localStorage.getItem('fangxin.session'))) ?? '';
  const who = await newCustomer(api, '2', { phone, token: /accessToken\\?":\\?"([^"\\]+)/.exec(raw)![1]! });
  const day = new Date(Date.now() + 8 * 3600_000 + 5 * 86400_000).toISOString().slice(0, 10);
  const order = await api.post<{ id: string; orderNo: string; urgent: boolean; deadlines: Array<{ clock: string; label: string }> }>(
    '/orders',
    who.token,
    { category: 'air_conditioner', serviceType: 'repair', addressId: who.address.id, applianceId: who.appliance.id, faultDescription: '空调完全不制冷，家有老人', slot: { day, window: '09-11' }, urgent: true },
    { 'idempotency-key': `e2e-urgent-${Date.now()}` },
  );
  expect(order.urgent).toBe(true);

  // The customer's order page carries the mark.
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await expect(page.getByText('订单号 ' + order.orderNo)).toBeVisible();
  await expect(tag(page, '加急')).toBeVisible();
  await page.screenshot(shot('miniapp-order-urgent.png'));

  // The outlet manager sees it marked in the order list and in the order's detail.
  const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signInAdmin(admin, 'manager.xihu');
  await admin.goto('/admin/orders');
  const row = admin.locator('.el-table__row', { hasText: order.orderNo });
  await expect(row.locator('[data-test="urgent"]')).toHaveText('加急');
  await admin.screenshot(shot('admin-orders-urgent.png'));
  await row.getByRole('button', { name: order.orderNo }).click();
  await expect(admin.locator('[data-test="order-urgent"]')).toHaveText('加急订单');
  await admin.screenshot(shot('admin-order-urgent.png'));
  await admin.close();
});

test('platform admin: charge conditions and levels in the catalogue editor, evening windows, remote districts', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signInAdmin(admin, 'admin');

  // The catalogue's items state each fee's condition, and the inspection fee's waiver.
  await admin.goto('/admin/catalog');
  // Sorted by category and code: the air conditioner's twelve items come first.
  await expect(admin.locator('.el-table__row', { hasText: '夜间服务费' }).first()).toContainText('仅晚间时段');
  await expect(admin.locator('.el-table__row', { hasText: '上门检测费' }).first()).toContainText('维修时免收');
  await admin.screenshot(shot('admin-catalog-conditions.png'));
  await admin.getByRole('tab', { name: '品类政策' }).click();
  await expect(admin.getByText('最低工程师等级')).toBeVisible();
  await admin.screenshot(shot('admin-catalog-policies-levels.png'));

  // The Binjiang outlet opened both evening windows; the settings mark 萧山区 remote.
  await admin.goto('/admin/outlets');
  await expect(admin.locator('.el-table__row', { hasText: '杭州滨江网点' })).toContainText('晚间 18:00-20:00');
  await admin.screenshot(shot('admin-outlets-evening.png'));
  await admin.goto('/admin/settings');
  await expect(admin.getByText('加急订单接单时限（小时）')).toBeVisible();
  await expect(admin.getByText('远郊区县')).toBeVisible();
  await admin.screenshot(shot('admin-settings-remote.png'));
  await admin.close();
});
