import { expect, type APIRequestContext } from '@playwright/test';
import { button, choosePhoto, PASSWORD, shot, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { apiClient, useSession, bookForEngineer } from './api';

/**
 * Issue 20.1, the customer not home, in the H5 build against the real server (its own clock: the wait is set to one
 * minute for this journey and the job looks every 15 s): the engineer at the door reports nobody home with a door
 * photo and his location, the customer's order page says so with a one-tap answer; nobody answers, the wait runs
 * out, the engineer ends the visit as a no-show on his order page, and the customer reads what happened and can
 * pick a new time.
 */

const made: Array<{ id: string; token: string }> = [];

/** A customer with an order on the way, its engineer 赵明 (eng.xihu.3) assigned, in the latest window he is free. */
async function orderOnTheWay(request: APIRequestContext) {
  const api = apiClient(request);
  const phone = `135${String(Date.now()).slice(-8)}`;
  const session = await api.customer(phone);
  const C = session.accessToken;
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '周阿姨', phone, districtCode: '330106', detail: '西湖区文三路 220 号 3 单元 402', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'tv', brand: '海信', model: 'HZ55E3D', purchaseDate: '2019-05-01' });
  const order = await bookForEngineer(api, { token: C, addressId: address.id, applianceId: appliance.id, fault: '电视开机黑屏，有声音', keyPrefix: 'e2e-noshow', latestFirst: true });
  made.push({ id: order.id, token: C });
  const E = await api.staff('eng.xihu.3');
  await api.post(`/orders/${order.id}/accept`, E);
  await api.post(`/orders/${order.id}/depart`, E);
  const staffSession = await request.fetch(`${BASE_URL}/api/v1/auth/staff/login`, { method: 'POST', data: { username: 'eng.xihu.3', password: PASSWORD } }).then((r) => r.json());
  const events = async (type: string) => (await api.get<{ events: Array<{ type: string; data: Record<string, unknown> }> }>(`/orders/${order.id}/timeline`, C)).events.filter((e) => e.type === type);
  const freshCard = async () => (await api.get<{ qr: { token: string; verifyUrl: string } }>('/me/card', E)).qr;
  return { api, C, E, session, staffSession, order, events, freshCard };
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test.afterAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: BASE_URL });
  for (const o of made) await api.post(`/api/v1/orders/${o.id}/cancel`, { headers: { authorization: `Bearer ${o.token}` }, data: { reason: '测试结束，取消' } });
  const admin = await api.post('/api/v1/auth/staff/login', { data: { username: 'admin', password: PASSWORD } }).then((r) => r.json());
  await api.patch('/api/v1/admin/settings', { headers: { authorization: `Bearer ${admin.accessToken}` }, data: { noShowWaitMinutes: 20 } });
  await api.dispose();
});

test('nobody home: the engineer waits, the customer is told, the visit ends as a no-show the customer sees', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const { api, E, session, staffSession, order, events } = await orderOnTheWay(request);
  const A = await api.staff('admin');
  await api.patch('/admin/settings', A, { noShowWaitMinutes: 1 });

  // The engineer at the door: a door photo (uploaded for the order) and his location, then 已到达，无人应答.
  const engineerContext = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', permissions: ['geolocation'], geolocation: { latitude: 30.2741, longitude: 120.1551, accuracy: 20 } });
  await engineerContext.grantPermissions(['geolocation'], { origin: BASE_URL });
  await engineerContext.setGeolocation({ latitude: 30.2741, longitude: 120.1551, accuracy: 20 });
  const engineer = await engineerContext.newPage();
  await useSession(engineer, staffSession);
  await engineer.goto(`/h5/#/packages/engineer/pages/order/index?id=${order.id}`);
  const panel = engineer.getByTestId('nobody-home');
  await expect(panel).toBeVisible();
  await choosePhoto(engineer, panel.locator('.nut-uploader-upload').first(), 'door.png');
  await expect(panel.locator('img').first()).toBeVisible();
  // The button turns on once the photo is uploaded; tap until the report is on the order.
  await expect
    .poll(
      async () => {
        await button(engineer, '已到达，无人应答').click({ timeout: 2_000 }).catch(() => undefined);
        return (await events('nobody_home')).length;
      },
      { timeout: 30_000, intervals: [2_000] },
    )
    .toBe(1);
  await expect(engineer.getByText('正在等待客户')).toBeVisible();
  await expect(engineer.getByText(/还需等待 \d+:\d\d/)).toBeVisible();
  await engineer.screenshot(shot('no-show-engineer-waiting.png'));

  // The customer's order page says so, with a one-tap answer.
  const customerContext = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const customer = await customerContext.newPage();
  await useSession(customer, session);
  await customer.goto(`/h5/#/pages/order/index?id=${order.id}`);
  const notice = customer.getByTestId('no-show-notice');
  await expect(notice.getByText(/工程师已到达您家门口，但无人应答。他会等到 \d\d:\d\d/)).toBeVisible();
  await expect(button(customer, '我在家，马上开门')).toBeVisible();
  await notice.screenshot({ path: shot('no-show-customer-waiting.png').path });

  // Nobody answers: the job marks the wait over (one minute here), the engineer ends the visit.
  await expect.poll(async () => (await events('no_show_wait_over')).length, { timeout: 150_000, intervals: [5_000] }).toBe(1);
  await engineer.reload();
  await button(engineer, '记为上门未遇').click();
  await expect(engineer.getByText('本次记为上门未遇')).toBeVisible();
  await engineer.screenshot(shot('no-show-engineer-ended.png'));

  await customer.reload();
  await expect(notice.getByText('工程师按约上门，但家中无人应答，本次记为上门未遇，不收取空跑费。请重新选择上门时间。')).toBeVisible();
  await expect(button(customer, '确认新的上门时间')).toBeVisible();
  await customer.screenshot(shot('no-show-customer-ended.png'));
  const stored = await api.get<{ status: string; deadlines: Array<{ clock: string; state: string }> }>(`/orders/${order.id}`, E);
  expect(stored.status).toBe('accepted');
  expect(stored.deadlines.find((d) => d.clock === 'arrive')?.state).toBe('void');
  await engineerContext.close();
  await customerContext.close();
});
