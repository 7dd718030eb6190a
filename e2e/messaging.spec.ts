import { expect } from '@playwright/test';
import { DEMO_ENGINEERS, DEMO_PASSWORD } from '../server/src/seed/data';
import { currentConsent } from '../shared/src/domain/consent';
import { DELIVERY_OUTCOME_LABELS } from '../shared/src/domain/messaging';
import { fullPageShot, quiet, shot as shotOptions, signInAdmin, signInCustomer, test } from './helpers';
import { api } from './api';

/**
 * Issue 19.1, messages that reach people. H5 cannot ask for WeChat subscribe consent (requestSubscribeMessage exists
 * only in the mini-program; its call is unit-tested), so the journey covers what H5 customers and staff see: the
 * customer picks channels in 我的 → 消息通知方式 (SMS on or off; WeChat unavailable without a WeChat sign-in), and the
 * outlet manager reads an order's messages in the order drawer — the SMS sent when the engineer set off, and the one
 * not sent once the customer turned SMS off.
 */

type Json = any;

const staffToken = async (username: string) => (await api('POST', '/auth/staff/login', { body: { username, password: DEMO_PASSWORD } })).accessToken as string;
let seq = 0;
const newPhone = () => `135${String(Date.now() % 1e6).padStart(6, '0')}${String(seq++ % 100).padStart(2, '0')}`;

test.describe('on the phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

  test('messages: the customer chooses channels in 我的 — SMS off and on again, WeChat needs a WeChat sign-in', async ({ page }) => {
    await signInCustomer(page, newPhone());
    await expect(page.getByText(/您好，/)).toBeVisible();
    await page.goto('/h5/#/pages/profile/index');
    const group = page.locator('.nut-cell-group', { hasText: '消息通知方式' });
    await expect(group.getByText('应用内消息')).toBeVisible();
    await expect(group.getByText('始终开启')).toBeVisible();
    await expect(group.getByText('用微信登录小程序后可以开启')).toBeVisible();
    const smsCell = group.locator('.nut-cell', { hasText: '短信通知' });
    const smsSwitch = smsCell.locator('.nut-switch');
    await expect(smsSwitch).not.toHaveClass(/nut-switch-close/);
    await smsCell.scrollIntoViewIfNeeded();
    await fullPageShot(page, 'miniapp-message-channels.png');

    await smsSwitch.click();
    await expect(page.getByText('已保存')).toBeVisible();
    await expect(smsSwitch).toHaveClass(/nut-switch-close/);
    // Kept on the server: it still reads off after a reload.
    await page.reload();
    await expect(page.locator('.nut-cell', { hasText: '短信通知' }).locator('.nut-switch')).toHaveClass(/nut-switch-close/);

    await page.setViewportSize({ width: 320, height: 640 });
    await fullPageShot(page, 'miniapp-message-channels-320.png');
    await page.locator('.nut-cell', { hasText: '长辈模式（大字体）' }).locator('.nut-switch').click();
    await expect(page.locator('.fx-elder')).toHaveCount(1);
    await fullPageShot(page, 'miniapp-message-channels-elder-320.png');
    await page.locator('.nut-cell', { hasText: '长辈模式（大字体）' }).locator('.nut-switch').click();

    await page.locator('.nut-cell', { hasText: '短信通知' }).locator('.nut-switch').click();
    await expect(page.locator('.nut-cell', { hasText: '短信通知' }).locator('.nut-switch')).not.toHaveClass(/nut-switch-close/);
  });
});

test.describe('in the admin', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('messages: the outlet manager sees the order’s SMS — sent when the engineer set off, not sent once the customer turned SMS off', async ({ page }) => {
    // A customer of the Xihu outlet books; the manager dispatches; the engineer accepts and sets off.
    const phone = newPhone();
    const sent = await api('POST', '/auth/otp/send', { body: { phone } });
    const customer = (await api('POST', '/auth/otp/login', { body: { phone, code: sent.devCode, consent: currentConsent() } })).accessToken as string;
    const address = await api('POST', '/me/addresses', { token: customer, body: { contactName: '丁阿姨', phone, districtCode: '330106', detail: '西湖区文三路 398 号 6 幢 201 室', isDefault: true } });
    const appliance = await api('POST', '/me/appliances', { token: customer, body: { category: 'air_conditioner', brand: '海尔', model: 'KFR-26GW', purchaseDate: '2024-04-01' } });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const last = new Date(Date.now() + 8 * 3600_000 + 9 * 86400_000).toISOString().slice(0, 10);
    const availability = await api('GET', `/slots/availability?districtCode=330106&category=air_conditioner&from=${today}&to=${last}`);
    const slot = availability.days.flatMap((d: Json) => d.windows.filter((w: Json) => w.bookable).map((w: Json) => ({ day: d.day, window: w.window }))).at(-2);
    const order = await api('POST', '/orders', {
      token: customer,
      headers: { 'idempotency-key': `e2e-messaging-${Date.now()}` },
      body: { category: 'air_conditioner', serviceType: 'repair', addressId: address.id, applianceId: appliance.id, faultDescription: '空调开机几分钟就停，遥控没反应', slot },
    });
    const manager = await staffToken('manager.xihu');
    const best = (await api('GET', `/orders/${order.id}/candidates`, { token: manager })).items.find((c: Json) => c.eligible);
    await api('POST', `/orders/${order.id}/dispatch`, { token: manager, body: { engineerId: best.engineerId } });
    const engineer = await staffToken(DEMO_ENGINEERS.find((e) => e.employeeNo === best.employeeNo)!.username);
    await api('POST', `/orders/${order.id}/accept`, { token: engineer });
    await api('POST', `/orders/${order.id}/depart`, { token: engineer });

    // The customer turns SMS off; the quote that follows is not texted, and the record says why.
    await api('PUT', '/me/message-channels', { token: customer, body: { sms: false } });
    const code = await api('POST', `/orders/${order.id}/service-code`, { token: customer });
    await api('POST', `/orders/${order.id}/check-in`, { token: engineer, body: { serviceCode: code.qrText } });
    const priceList = await api('GET', '/catalog/price-list?category=air_conditioner&serviceType=repair');
    const labour = (priceList.groups.flatMap((g: Json) => g.items) as Json[]).find((i) => i.kind === 'labour');
    await api('POST', `/orders/${order.id}/quotes`, { token: engineer, body: { items: [{ code: labour.code, quantity: 1 }] } });

    await signInAdmin(page, 'manager.xihu');
    await page.goto(`/admin/orders?order=${order.id}`);
    const drawer = page.getByRole('dialog', { name: `订单 ${order.orderNo}` });
    await drawer.getByRole('tab', { name: '消息记录' }).click();
    const table = drawer.locator('.order-messages');
    const onTheWay = table.getByRole('row', { name: /工程师已出发/ });
    await expect(onTheWay).toContainText('短信');
    await expect(onTheWay).toContainText(DELIVERY_OUTCOME_LABELS.sent);
    await expect(onTheWay).toContainText('（客户）');
    const quoted = table.getByRole('row', { name: /请确认报价/ });
    await expect(quoted).toContainText(DELIVERY_OUTCOME_LABELS.channel_off);
    // Nothing on screen in codes or keys.
    await expect(table.getByText(/channel_off|order_on_the_way|wechat_subscribe|\d{4}-\d{2}-\d{2}T/)).toHaveCount(0);
    await quiet(page);
    await page.screenshot(shotOptions('admin-order-messages.png', false));
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(quoted).toBeVisible();
    await page.screenshot(shotOptions('admin-order-messages-1280.png', false));
  });
});
