import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_ENGINEERS } from '../server/src/seed/data';
import { button, fullPageShot, PASSWORD, shot, signInAdmin, tag, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { apiClient, useSession } from './api';

/**
 * Issue 20.4, online payment with a compensation refund, through the three apps against the real server and its
 * local WeChat Pay stand-in (signed requests, signed and encrypted notifications, as WeChat Pay does them): the
 * customer confirms the quote on the money sheet, pays the confirmed total online at the stand-in's H5 cashier and
 * comes back to the order, which says 支付成功 only once the server has it from WeChat Pay; the engineer sees
 * 已在线支付 and completes without recording a payment; a complaint's compensation above the cap is approved by a
 * platform admin and refunded to the customer's WeChat payment, which the customer reads on the order and the
 * receipt; the admin's 对账 page lists the payment and the refund.
 *
 * The compensation cap is lowered to ¥50 for this journey (and put back after), so a modest compensation needs the
 * platform admin's approval and is still covered by what was paid online.
 */

type Json = any;
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const CAP_FEN = 5_000;
const COMPENSATION_FEN = 8_000;
const made: Array<{ id: string; token: string }> = [];

test.use({ ...PHONE, actionTimeout: 15_000 });

test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: BASE_URL });
  const admin = await request.post('/api/v1/auth/staff/login', { data: { username: 'admin', password: PASSWORD } }).then((r) => r.json());
  await request.patch('/api/v1/admin/settings', { headers: { authorization: `Bearer ${admin.accessToken}` }, data: { complaintCompensationCapFen: 50_000 } });
  for (const o of made) await request.post(`/api/v1/orders/${o.id}/cancel`, { headers: { authorization: `Bearer ${o.token}` }, data: { reason: '测试结束，取消' } });
  await request.dispose();
});

/** Where this journey's extra pictures go (the 320 px and 长辈模式 views of a phone screen; its 390 px one is checked and taken by fullPageShot). */
const extraShot = (name: string) => path.join(import.meta.dirname, '..', 'docs', 'screenshots', name);

/**
 * A phone screen photographed at 390 px (with the layout check at 390, 320 and in 长辈模式), then at 320 px in
 * 长辈模式 with `focus` scrolled into view, for looking at.
 */
async function phoneShots(page: Page, name: string, focus?: ReturnType<Page['locator']>) {
  await fullPageShot(page, `${name}.png`);
  await page.setViewportSize({ width: 320, height: 844 });
  await page.evaluate(() => document.querySelectorAll('.page').forEach((el) => el.classList.add('fx-elder', 'fx-elder-shot')));
  await page.waitForTimeout(300); // the page re-lays out at the new size and type
  if (focus) await focus.scrollIntoViewIfNeeded();
  await page.screenshot({ path: extraShot(`${name}-elder-320.png`), animations: 'disabled' });
  await page.evaluate(() => document.querySelectorAll('.fx-elder-shot').forEach((el) => el.classList.remove('fx-elder', 'fx-elder-shot')));
  await page.setViewportSize({ width: 390, height: 844 });
}

/** An air-conditioner repair in Xihu, dispatched to an engineer free in its window, accepted, arrived and quoted. */
async function quotedOrder(request: APIRequestContext) {
  const api = apiClient(request);
  const phone = `136${String(Date.now()).slice(-8)}`;
  const session = await api.customer(phone);
  const C = session.accessToken;
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '孙阿姨', phone, districtCode: '330106', detail: '西湖区文三路 168 号 2 幢 301 室', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'air_conditioner', brand: '美的', model: 'KFR-26GW/N8XHA1', purchaseDate: '2018-04-01' });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const last = new Date(Date.now() + 8 * 3600_000 + 6 * 86400_000).toISOString().slice(0, 10);
  const availability = await api.get<Json>(`/slots/availability?districtCode=330106&category=air_conditioner&from=${today}&to=${last}`);
  const slots = availability.days.flatMap((d: Json) => d.windows.filter((w: Json) => w.bookable).map((w: Json) => ({ day: d.day, window: w.window })));
  const M = await api.staff('manager.xihu');
  // The middle of the week: the other journeys take the earliest windows, the latest, or count back from a week ahead.
  const ordered = [...slots.slice(Math.floor(slots.length / 2)), ...slots.slice(0, Math.floor(slots.length / 2)).reverse()];
  let found: { order: { id: string; orderNo: string }; username: string } | null = null;
  for (const slot of ordered) {
    const booked = await api.post<{ id: string; orderNo: string }>(
      '/orders',
      C,
      { category: 'air_conditioner', serviceType: 'repair', addressId: address.id, applianceId: appliance.id, faultDescription: '空调制冷很弱，出风不凉', slot },
      { 'idempotency-key': `e2e-payment-${Date.now()}-${slot.day}-${slot.window}` },
    );
    const candidates = await api.get<Json>(`/orders/${booked.id}/candidates`, M);
    const best = candidates.items.find((c: Json) => c.eligible);
    if (best) {
      await api.post(`/orders/${booked.id}/dispatch`, M, { engineerId: best.engineerId });
      found = { order: booked, username: DEMO_ENGINEERS.find((e) => e.employeeNo === best.employeeNo)!.username };
      break;
    }
    await api.post(`/orders/${booked.id}/cancel`, C, { reason: '换个时间' });
  }
  if (!found) throw new Error('no engineer free for an air conditioner in Xihu this week');
  const { order, username } = found;
  made.push({ id: order.id, token: C });
  const E = await api.staff(username);
  await api.post(`/orders/${order.id}/accept`, E);
  await api.post(`/orders/${order.id}/depart`, E);
  const code = await api.post<{ qrText: string }>(`/orders/${order.id}/service-code`, C);
  await api.post(`/orders/${order.id}/check-in`, E, { serviceCode: code.qrText });
  const priceList = await api.get<Json>('/catalog/price-list?category=air_conditioner&serviceType=repair');
  const items = priceList.groups.flatMap((g: Json) => g.items) as Json[];
  const labour = items.find((i) => i.kind === 'labour');
  const part = items.find((i) => i.kind === 'part' && i.serialised);
  const quoted = await api.post<Json>(`/orders/${order.id}/quotes`, E, { items: [{ code: labour.code, quantity: 1 }, { code: part.code, quantity: 1 }] });
  const quote = quoted.quotes.at(-1);
  const staffSession = await request.fetch(`${BASE_URL}/api/v1/auth/staff/login`, { method: 'POST', data: { username, password: PASSWORD } }).then((r) => r.json());
  return { api, C, E, M, session, staffSession, order, quote, part };
}

test('online payment: pay the confirmed quote at the WeChat Pay cashier, complete without recording, compensation refunded, reconciled', async ({ browser, page, request }) => {
  test.setTimeout(240_000);
  const { api, C, E, M, session, staffSession, order, quote, part } = await quotedOrder(request);
  const A = await api.staff('admin');
  await api.patch('/admin/settings', A, { complaintCompensationCapFen: CAP_FEN });
  const total = `¥${(quote.totalFen / 100).toFixed(2)}`;
  /** The admin writes amounts with thousands separators (¥1,010.00). */
  const adminTotal = `¥${(quote.totalFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const customerOrder = `/h5/#/pages/order/index?id=${order.id}`;

  // ---- The customer confirms the quote on the money sheet -----------------------------------------------------------
  await useSession(page, session);
  await page.goto(customerOrder);
  await button(page, `确认报价 ${total}`).click();
  await button(page, `确认并同意支付 ${total}`).click();
  await expect(tag(page, '客户已确认')).toBeVisible();

  // The engineer starts the work: now the confirmed total is due, and payable online.
  await api.post(`/orders/${order.id}/start`, E);
  await page.reload();
  const payment = page.getByTestId('order-payment');
  await expect(payment.getByText(`在线支付 ${total}`)).toBeVisible();
  await expect(payment.getByText('也可以当面用现金或转账付给工程师，由工程师登记收款。')).toBeVisible();
  await phoneShots(page, 'payment-order-due', payment);

  // ---- Pay: the sheet with the lines and the total, then the cashier --------------------------------------------------
  await button(page, `微信支付 ${total}`).click();
  await expect(page.locator('.confirm-sheet__line')).toHaveCount(2);
  await expect(page.locator('.confirm-sheet__total-amount')).toHaveText(total);
  await phoneShots(page, 'payment-sheet');
  await button(page, `确认支付 ${total}`).click();
  await expect(page).toHaveURL(/\/standin\/cashier\?/);
  await expect(page.getByText(total)).toBeVisible();
  await page.screenshot(shot('payment-cashier-standin.png'));
  await page.getByRole('button', { name: '确认支付' }).click();

  // Back on the order: 支付成功 once the server has it from WeChat Pay (its signed notification or its query).
  await expect(page).toHaveURL(/#\/pages\/order\/index\?id=[0-9a-f]{24}&paying=1/);
  await expect(payment.getByText('支付成功')).toBeVisible({ timeout: 20_000 });
  await expect(payment.getByText(`已支付 ${total}（在线微信支付）`)).toBeVisible();
  await expect(payment.getByText(/微信支付单号 \S+/)).toBeVisible();
  await phoneShots(page, 'payment-order-paid', payment);
  const online = await api.get<Json>(`/orders/${order.id}/payments`, C);
  expect(online.payments).toHaveLength(1);
  expect(online.payments[0]).toMatchObject({ state: 'paid', paidFen: quote.totalFen, purpose: 'service' });
  expect(online.due).toEqual([]);
  const transactionId = online.payments[0].transactionId as string;
  expect(transactionId).toMatch(/^\S{10,}$/);

  // ---- The engineer: 已在线支付, nothing to record, completes -----------------------------------------------------------
  const upload = (kind: string) => api.upload(E, kind, order.id);
  const [photo, oldPart, signature] = [await upload('report_photo'), await upload('old_part_photo'), await upload('signature')];
  await api.post(`/orders/${order.id}/report`, E, {
    diagnosis: '冷媒不足，低压管接头渗漏',
    actions: '更换接头并补充冷媒，试机制冷正常',
    partsUsed: [{ code: part.code, quantity: 1, newSerialNo: `SN-PAY-${Date.now()}`, oldPartPhotoId: oldPart }],
    photoIds: [photo],
    signatureId: signature,
  });
  const engineerContext = await browser.newContext({ ...PHONE, baseURL: BASE_URL });
  const engineer = await engineerContext.newPage();
  await useSession(engineer, staffSession);
  await engineer.goto(`/h5/#/packages/engineer/pages/order/index?id=${order.id}`);
  const status = engineer.getByTestId('payment-status');
  await expect(status.getByText(`已在线支付 ${total}（微信支付）`)).toBeVisible();
  await expect(status.getByText('客户已在手机上付款，无需登记收款。')).toBeVisible();
  await expect(engineer.getByText('登记收款', { exact: true })).toHaveCount(0);
  await phoneShots(engineer, 'payment-engineer-paid-online', status);
  await button(engineer, /^\s*完工\s*$/).click();
  await button(engineer, `确认完工（已收 ${total}）`).click();
  await expect(tag(engineer, '已完工')).toBeVisible();
  await engineerContext.close();

  // ---- A complaint: compensation above the cap, approved by a platform admin, refunded to WeChat ------------------------
  await api.post(`/orders/${order.id}/accept-work`, C);
  const filed = await api.post<Json>(`/orders/${order.id}/complaints`, C, { category: 'quality', text: '修完第二天制冷又变弱了，师傅来回跑耽误了我一天' });
  await api.post(`/complaints/${filed.id}/acknowledge`, M);
  await api.post(`/complaints/${filed.id}/investigate`, M);
  await api.post(`/complaints/${filed.id}/resolve`, M, { resolution: '安排复查并补偿客户误工 80 元', compensationFen: COMPENSATION_FEN });
  expect((await api.get<Json>(`/complaints/${filed.id}`, M)).status).toBe('awaiting_approval');

  const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const admin = await adminContext.newPage();
  await signInAdmin(admin, 'admin');
  await admin.goto(`/admin/complaints?complaint=${filed.id}`);
  const drawer = admin.getByRole('dialog', { name: `投诉 · 订单 ${order.orderNo}` });
  await expect(drawer.locator('[data-test="complaint-approval"]')).toContainText('¥80.00');
  await drawer.getByRole('button', { name: '批准赔偿' }).click();
  const approve = admin.getByRole('dialog', { name: '批准赔偿' });
  await expect(approve).toContainText(`确认后，赔偿 ¥80.00 将原路退回客户的微信支付（本单在线实付 ${adminTotal}）。`);
  for (const width of [1280, 1440]) {
    await admin.setViewportSize({ width, height: 900 });
    await admin.screenshot(shot(`payment-admin-approve-refund-${width}.png`));
  }
  await admin.getByRole('button', { name: '批准赔偿 ¥80.00' }).click();
  await expect(drawer.locator('[data-test="complaint-status"]')).toHaveText('已处理待确认');
  // The refund goes to WeChat Pay and comes back settled (its signed refund notification).
  await expect.poll(async () => (await api.get<Json>(`/orders/${order.id}/payments`, C)).refunds.map((r: Json) => `${r.reason}:${r.amountFen}:${r.state}`), { timeout: 20_000 }).toEqual([
    `complaint_compensation:${COMPENSATION_FEN}:success`,
  ]);
  await admin.reload();
  await expect(drawer.locator('[data-test="complaint-refund"]')).toContainText('投诉赔偿 ¥80.00 · 已退款');
  await expect(drawer.locator('[data-test="complaint-refund"]')).toContainText('原路退回客户微信');
  for (const width of [1280, 1440]) {
    await admin.setViewportSize({ width, height: 900 });
    await admin.screenshot(shot(`payment-admin-complaint-refunded-${width}.png`));
  }

  // ---- The customer reads the refund on the order and on the receipt ----------------------------------------------------
  await page.goto(customerOrder);
  await page.reload();
  const refunds = page.getByTestId('refunds');
  await expect(refunds.getByText('退款 ¥80.00')).toBeVisible();
  await expect(refunds.getByText('已退款')).toBeVisible();
  await expect(refunds.getByText('投诉赔偿 ¥80.00，已退回您的微信。')).toBeVisible();
  await phoneShots(page, 'payment-order-refunded', refunds);
  await button(page, '查看电子收据').click();
  await expect(page.getByText('放心服务 电子收据')).toBeVisible();
  // (Taro keeps the order page hidden below the receipt: look at the visible page only.)
  await expect(page.locator('.nut-cell', { hasText: '微信支付单号' }).filter({ visible: true })).toContainText(transactionId);
  await expect(page.getByText(/微信支付（在线支付）/).filter({ visible: true })).toBeVisible();
  await expect(page.getByTestId('refunds').filter({ visible: true }).getByText('退款 ¥80.00')).toBeVisible();
  await phoneShots(page, 'payment-receipt-refund', page.getByTestId('refunds').filter({ visible: true }));

  // ---- The admin's 对账: the day's payment and refund -------------------------------------------------------------------
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.goto('/admin/reconciliation');
  await expect(admin.locator('[data-test="recon-payments"]')).toContainText(order.orderNo);
  await expect(admin.locator('[data-test="recon-payments"]')).toContainText(transactionId);
  await expect(admin.locator('[data-test="recon-refunds"]')).toContainText(order.orderNo);
  await expect(admin.locator('[data-test="recon-refunds"]')).toContainText('投诉赔偿');
  await expect(admin.locator('[data-test="recon-totals"]')).toContainText('收款');
  for (const width of [1280, 1440]) {
    await admin.setViewportSize({ width, height: 900 });
    await fullPageShot(admin, `payment-admin-reconciliation-${width}.png`);
  }
  // Its rows lead to the order, whose drawer shows the payment and the refund.
  await admin.locator('[data-test="recon-refunds"]').getByRole('link', { name: order.orderNo }).click();
  const orderDrawer = admin.getByRole('dialog', { name: `订单 ${order.orderNo}` });
  await orderDrawer.getByRole('tab', { name: '报价与收费' }).click();
  await expect(orderDrawer.locator('[data-test="order-online-payments"]')).toContainText(transactionId);
  await expect(orderDrawer.locator('[data-test="order-refunds"]')).toContainText('¥80.00');
  await adminContext.close();
});
