import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { button, fullPageShot, PNG, signInAdmin, tag, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { apiClient, useSession, bookForEngineer } from './api';

/**
 * Issue 20.3, an appliance over its life, in the H5 build and the admin against the real server: a customer whose TV
 * had its power board replaced (set up through the API: booked, dispatched, visited, quoted, confirmed, reported with
 * the new board's serial, paid in cash, completed, accepted) opens 我的家电 → the TV's 维修记录, sees the repair, the
 * part with its serial and its warranty, taps 再次报修, is offered the free second visit on the booking page, books
 * it, and the new order says 免费二次上门 with the first order named. The outlet manager opens the TV's history from
 * the new order's drawer.
 */

const SERIAL = `PB-${String(Date.now()).slice(-8)}`;
const PART = 'TV-P-001'; // 电源板, 180 days of warranty in the demo price list

/** A customer with a closed TV repair by 赵明 (eng.xihu.3): the power board replaced with a serialised part. */
async function repairedTv(request: APIRequestContext) {
  const api = apiClient(request);
  const phone = `136${String(Date.now()).slice(-8)}`;
  const session = await api.customer(phone);
  const C = session.accessToken;
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '钱阿姨', phone, districtCode: '330106', detail: '西湖区文三路 388 号 2 单元 601', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'tv', brand: '创维', model: '55A3', purchaseDate: '2019-03-08' });
  const order = await bookForEngineer(api, { token: C, addressId: address.id, applianceId: appliance.id, fault: '电视开机没反应，指示灯不亮', keyPrefix: 'e2e-life' });
  const E = await api.staff('eng.xihu.3');
  await api.post(`/orders/${order.id}/accept`, E);
  await api.post(`/orders/${order.id}/depart`, E);
  const code = await api.post<{ serviceCode: string }>(`/orders/${order.id}/service-code`, C);
  await api.post(`/orders/${order.id}/check-in`, E, { serviceCode: code.serviceCode });
  const quoted = await api.post<{ quotes: Array<{ no: number; totalFen: number }> }>(`/orders/${order.id}/quotes`, E, { items: [{ code: PART, quantity: 1 }] });
  const quote = quoted.quotes.at(-1)!;
  await api.post(`/orders/${order.id}/quotes/${quote.no}/confirm`, C);
  await api.post(`/orders/${order.id}/start`, E);
  const photo = await api.upload(E, 'report_photo', order.id, PNG);
  const oldPart = await api.upload(E, 'old_part_photo', order.id, PNG);
  const signature = await api.upload(E, 'signature', order.id, PNG);
  await api.post(`/orders/${order.id}/report`, E, {
    diagnosis: '电源板保险管烧断，电源板损坏',
    actions: '更换电源板，通电试机正常',
    partsUsed: [{ code: PART, quantity: 1, newSerialNo: SERIAL, oldPartPhotoId: oldPart }],
    photoIds: [photo],
    signatureId: signature,
  });
  await api.post(`/orders/${order.id}/payment`, E, { method: 'cash', amountFen: quote.totalFen });
  await api.post(`/orders/${order.id}/complete`, E);
  await api.post(`/orders/${order.id}/accept-work`, C);
  return { session, order, appliance };
}

/** Picks the first window with room on the rework page's slot picker. */
async function pickAnySlot(page: Page) {
  await page.locator('.slot-picker .nut-radio-button', { hasText: '剩' }).filter({ visible: true }).first().click();
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test('a second visit offered from the appliance’s history', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const { session, order, appliance } = await repairedTv(request);

  // 我的家电 → the TV's 维修记录: the repair, the part with its serial, the warranty still running.
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const customer = await context.newPage();
  await useSession(customer, session);
  await customer.goto('/h5/#/packages/customer/pages/appliances/index');
  const item = customer.locator('.manage__item', { hasText: '创维 55A3' });
  await item.locator('taro-button-core', { hasText: '维修记录' }).click();
  await expect(customer.locator('.life__title').filter({ visible: true })).toHaveText('电视 · 创维 55A3');
  const history = customer.getByTestId('life-order').filter({ visible: true });
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText(order.orderNo);
  await expect(history.first()).toContainText('已关闭');
  await expect(history.first()).toContainText('工程师 赵明');
  const part = customer.getByTestId('life-part').filter({ visible: true });
  await expect(part).toContainText('电源板 × 1');
  await expect(part).toContainText(`新配件序列号 ${SERIAL}`);
  await expect(part).toContainText(/保修至 \d{4}年\d{1,2}月\d{1,2}日/);
  await expect(customer.getByTestId('life-warranty').filter({ visible: true }).first()).toContainText(/电源板.*保修至 \d{4}年\d{1,2}月\d{1,2}日（还剩 1[78]\d 天）/);
  await fullPageShot(customer, 'miniapp-appliance-life.png');
  // The same page on a 320 px phone in 长辈模式 (large text), for a look (the layout check runs at every size anyway).
  await customer.setViewportSize({ width: 320, height: 700 });
  await customer.evaluate(() => document.querySelectorAll('.page').forEach((el) => el.classList.add('fx-elder')));
  await fullPageShot(customer, 'miniapp-appliance-life-320-elder.png');
  await customer.evaluate(() => document.querySelectorAll('.page').forEach((el) => el.classList.remove('fx-elder')));
  await customer.setViewportSize({ width: 390, height: 844 });

  // 再次报修 → the booking, this TV preselected, offers the free second visit linked to the first order.
  await button(customer, '再次报修').click();
  await expect(customer.locator('.booking__step--current')).toHaveText(/选择服务/);
  const offer = customer.getByTestId('second-visit-offer').filter({ visible: true });
  await expect(offer).toContainText('免费二次上门（保修期内）');
  await expect(offer).toContainText(`订单 ${order.orderNo}`);
  await expect(offer).toContainText('按普通订单预约');
  await fullPageShot(customer, 'miniapp-booking-second-visit.png');

  // Books it: the existing second-visit request, linked to the first order, at no charge.
  await offer.locator('taro-button-core', { hasText: '申请免费二次上门' }).click();
  await expect(customer.getByText(`订单 ${order.orderNo}`).filter({ visible: true })).toBeVisible();
  await customer.locator('textarea[placeholder="同一故障又出现了吗？请描述现在的情况"]').fill('电视又开不了机了，和上次一样');
  await pickAnySlot(customer);
  await button(customer, '提交二次上门申请').click();
  await expect(tag(customer, '免费二次上门')).toBeVisible();
  const origin = customer.getByTestId('order-origin').filter({ visible: true });
  await expect(origin).toContainText(`原订单 ${order.orderNo}`);
  const reworkId = new URL(customer.url().replace('/#/', '/')).searchParams.get('id')!;
  await fullPageShot(customer, 'miniapp-second-visit-linked.png');

  // The TV's life now lists the second visit beside the repair, marked.
  await customer.goto(`/h5/#/packages/customer/pages/appliance/index?id=${appliance.id}`);
  await expect(customer.getByTestId('life-order').filter({ visible: true })).toHaveCount(2);
  await expect(customer.getByTestId('life-order').filter({ visible: true }).first()).toContainText(`原订单 ${order.orderNo}`);
  await context.close();

  // The outlet manager opens the TV's history from the second visit's drawer.
  const adminContext = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const manager = await adminContext.newPage();
  await signInAdmin(manager, 'manager.xihu');
  await manager.goto(`/admin/orders?order=${reworkId}`);
  await manager.locator('[data-test="open-appliance-life"]').click();
  const life = manager.getByRole('dialog', { name: '家电维修档案' });
  await expect(life.getByText(SERIAL)).toBeVisible();
  await expect(life.locator('[data-test="appliance-life-order"]')).toHaveCount(2);
  await expect(life.getByText(`二次上门 · 原订单 ${order.orderNo}`)).toBeVisible();
  await fullPageShot(manager, 'admin-appliance-life.png');

  // 重复维修率 on the quality page, with its definition.
  await manager.keyboard.press('Escape');
  await manager.goto('/admin/quality');
  await expect(manager.locator('[data-test="repeat-repairs"]')).toContainText('重复维修率');
  await fullPageShot(manager, 'admin-repeat-repairs.png');
  await adminContext.close();
});
