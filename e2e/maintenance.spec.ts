import { expect } from '@playwright/test';
import { addMonths } from '../shared/src/domain/maintenance';
import { addDays } from '../shared/src/domain/slots';
import { button, fullPageShot, shot, signInAdmin, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { apiClient, useSession } from './api';

/**
 * Issue 20.3, maintenance reminders, and issue 20.1's wasted-trip fee at booking, in the H5 build and the admin
 * against the real server (its reminder job looks every 10 s here, MAINTENANCE_REMINDERS_EVERY_MS in e2e/server.mjs):
 * - 我的家电 says when each appliance is next due for care, with a reminder switch; a water purifier whose filter is
 *   due gets one reminder in 消息通知, and tapping it opens the booking page with the purifier and 保养 chosen.
 * - The booking review states what a no-show costs — the catalogue's 空跑费 for air conditioners (¥30.00), none for
 *   a purifier — and the booking carries exactly the fee shown.
 * - The platform admin edits the rules on the settings page; a wrong one is refused naming the rule.
 */

const made: Array<{ id: string; token: string }> = [];
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

test.afterAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: BASE_URL });
  for (const o of made) await api.post(`/api/v1/orders/${o.id}/cancel`, { headers: { authorization: `Bearer ${o.token}` }, data: { reason: '测试结束，取消' } });
  await api.dispose();
});

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test('a due filter change is reminded once and books from the reminder; the review states the wasted-trip fee', async ({ page, request }) => {
  test.setTimeout(180_000);
  const api = apiClient(request);
  const phone = `136${String(Date.now()).slice(-8)}`;
  const session = await api.customer(phone);
  const C = session.accessToken;
  await api.post('/me/addresses', C, { contactName: '吴阿姨', phone, districtCode: '330106', detail: '西湖区文三路 220 号 3 单元 402', isDefault: true });
  // A purifier whose first filter change is due in 3 days (reminded 7 days ahead: now), an air conditioner bought last month.
  const purifier = await api.post<{ id: string }>('/me/appliances', C, { category: 'water_purifier', brand: '美的', model: 'MRO1791', purchaseDate: addMonths(addDays(today(), 3), -6) });
  await api.post('/me/appliances', C, { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: addMonths(today(), -1) });
  await useSession(page, session);

  // 我的家电: the next care of each, in words, with the reminder switch; the purifier's is due: 预约保养 and 稍后提醒.
  await page.goto('/h5/#/packages/customer/pages/appliances/index');
  const purifierRow = page.locator('.manage__item', { hasText: '美的 MRO1791' }).getByTestId('maintenance-row');
  await expect(purifierRow).toContainText('净水器换滤芯');
  await expect(purifierRow).toContainText(/下次保养 \d{4}年\d{1,2}月\d{1,2}日/);
  await expect(purifierRow.getByText('预约保养')).toBeVisible();
  await expect(purifierRow.getByText('稍后提醒')).toBeVisible();
  await expect(page.locator('.manage__item', { hasText: '格力 KFR-35GW' }).getByTestId('maintenance-row')).toContainText('空调清洗');
  await page.screenshot(shot('miniapp-appliances-maintenance.png'));

  // The reminder job sends the purifier's reminder once.
  const reminders = async () => (await api.get<{ items: Array<{ type: string; title: string; link: string | null }> }>('/notifications?pageSize=50', C)).items.filter((n) => n.type === 'maintenance_due');
  await expect.poll(async () => (await reminders()).length, { timeout: 60_000, intervals: [3_000] }).toBe(1);
  const [reminder] = await reminders();
  expect(reminder!.title).toBe('保养提醒：净水器换滤芯');

  // 消息通知: the reminder opens the booking page with the purifier and 保养 chosen.
  await page.goto('/h5/#/packages/customer/pages/notifications/index');
  await page.locator('.manage__item', { hasText: '保养提醒：净水器换滤芯' }).click();
  await expect(page).toHaveURL(new RegExp(`booking/index\\?applianceId=${purifier.id}&category=water_purifier&serviceType=maintenance`));
  await expect(page.locator('.nut-radio', { hasText: /^保养$/ }).locator('.nut-radio-button-active, [class*=active]').first()).toBeVisible();
  await expect(page.locator('.booking__appliance', { hasText: '美的 MRO1791' }).locator('[class*=checked], [class*=active]').first()).toBeVisible();
  await page.screenshot(shot('miniapp-booking-from-reminder.png'));

  // Still one reminder after more runs of the job.
  await page.waitForTimeout(12_000);
  expect(await reminders()).toHaveLength(1);

  // The purifier's review: its price list publishes no wasted-trip fee.
  await toReview(page, '滤芯用了半年，该换了');
  await expect(page.getByTestId('no-show-terms')).toContainText('不收取空跑费');

  // An air conditioner's review states the catalogue's ¥30.00, and the booking carries exactly it.
  await page.goto('/h5/#/packages/customer/pages/appliances/index');
  await page.locator('.manage__item', { hasText: '格力 KFR-35GW' }).locator('taro-button-core', { hasText: '预约服务' }).click();
  await page.locator('.nut-radio', { hasText: /^维修$/ }).click();
  await page.locator('.booking__appliance', { hasText: '格力 KFR-35GW' }).click();
  await button(page, '下一步').click();
  await toReview(page, '空调不制冷，外机不转');
  const terms = page.getByTestId('no-show-terms');
  await expect(terms).toContainText('家中无人怎么办');
  await expect(terms).toContainText(/工程师上门时如家中无人应答，会等待 \d+ 分钟；仍无人应答视为上门未遇，将收取空跑费 ¥30\.00，您可以重新预约。/);
  await page.screenshot(shot('miniapp-booking-no-show-fee.png'));
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/orders')),
    button(page, '提交预约').click(),
  ]);
  expect(sent.postDataJSON()).toMatchObject({ category: 'air_conditioner', noShowFeeShownFen: 3000 });
  await expect(page).toHaveURL(/pages\/order\/index\?id=/);
  const id = new URL(page.url().replace('/#', '')).searchParams.get('id')!;
  made.push({ id, token: C });
});

/** From the service step (its choices made) to the review: a description, the default address, the first free window. */
async function toReview(page: import('@playwright/test').Page, fault: string) {
  if (await page.locator('.booking__step--current', { hasText: '选择服务' }).isVisible()) await button(page, '下一步').click();
  await page.locator('textarea').first().fill(fault);
  await button(page, '下一步').click();
  await page.locator('.slot-picker .nut-radio-button', { hasText: '剩' }).filter({ visible: true }).first().click();
  await button(page, '下一步').click();
  await expect(page.getByText('请核对预约信息')).toBeVisible();
}

test('the platform admin edits the maintenance rules; a wrong one is refused naming the rule', async ({ browser, request }) => {
  const api = apiClient(request);
  const A = await api.staff('admin');
  const before = (await api.get<{ maintenanceReminders: unknown }>('/settings', A)).maintenanceReminders;
  const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signInAdmin(admin, 'admin');
  await admin.goto('/admin/settings');
  const table = admin.getByTestId('maintenance-rules');
  await expect(table).toContainText('空调清洗');
  await expect(table).toContainText('净水器换滤芯');
  await fullPageShot(admin, 'admin-settings-maintenance.png');

  // 油烟机清洗 every month, 30 days ahead: refused before it is sent, naming the rule; nothing stored.
  const row = table.locator('.el-table__row', { hasText: '油烟机清洗' });
  await row.locator('.el-input-number input').nth(0).fill('1');
  await row.locator('.el-input-number input').nth(0).blur();
  await row.locator('.el-input-number input').nth(1).fill('30');
  await row.locator('.el-input-number input').nth(1).blur();
  await admin.getByRole('button', { name: '保存' }).click();
  await expect(admin.getByText('油烟机清洗：提前天数要少于提醒间隔')).toBeVisible();
  await expect(admin.getByText('已保存')).toHaveCount(0);
  expect((await api.get<{ maintenanceReminders: unknown }>('/settings', A)).maintenanceReminders).toEqual(before);

  // A sound change is saved.
  await row.locator('.el-input-number input').nth(1).fill('7');
  await row.locator('.el-input-number input').nth(1).blur();
  await admin.getByRole('button', { name: '保存' }).click();
  await expect.poll(async () => (await api.get<{ maintenanceReminders: Array<{ rule: string; intervalMonths: number; leadDays: number }> }>('/settings', A)).maintenanceReminders.find((r) => r.rule === 'range_hood_cleaning')).toMatchObject({ intervalMonths: 1, leadDays: 7 });
  await api.patch('/admin/settings', A, { maintenanceReminders: before });
  await admin.close();
});
