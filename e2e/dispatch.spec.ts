import { expect } from '@playwright/test';
import { DEMO_SHARED_DISTRICT } from '../server/src/seed/data';
import { currentConsent } from '../shared/src/domain/consent';
import { SLOT_WINDOWS } from '../shared/src/domain/slots';
import { DISPATCH_MODE_LABELS, rankOutletOptions, routingDecision, routingReasonText, type OutletOption } from '../shared/src/domain/routing';
import { dialog, PASSWORD, quiet, shot as shotOptions, signInAdmin, test } from './helpers';
import { api } from './api';

/**
 * Issue 19, dispatch decided by quality across outlets: 临平区 is covered by the Binjiang and Gongshu outlets. A
 * customer books there (through the public API, as the mini-program does); the booking goes to the outlet the shared
 * routing rule ranks first (quality score, then places left), and that outlet's manager sees why in the order
 * drawer, then looks at the outlet's dispatch mode on the outlets page.
 */

const shot = (name: string) => shotOptions(name, false);
type Json = any;

const staffToken = async (username: string) => (await api('POST', '/auth/staff/login', { body: { username, password: PASSWORD } })).accessToken as string;
const MANAGERS: Record<string, string> = { 'HZ-BJ': 'manager.binjiang', 'HZ-GS': 'manager.gongshu' };
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

test.use({ viewport: { width: 1440, height: 900 } });

test('routing: an urgent booking where two outlets cover the district goes to the better-scored one; its manager sees it marked 加急, and why', async ({ page }) => {
  const admin = await staffToken('admin');
  const outlets: Json[] = (await api('GET', '/outlets', { token: admin })).items.filter((o: Json) => o.districtCodes.includes(DEMO_SHARED_DISTRICT));
  expect(outlets.map((o) => o.code).sort()).toEqual(['HZ-BJ', 'HZ-GS']);

  // A new customer in 临平区 with an air conditioner.
  const phone = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
  const sent = await api('POST', '/auth/otp/send', { body: { phone } });
  const token = (await api('POST', '/auth/otp/login', { body: { phone, code: sent.devCode, consent: currentConsent() } })).accessToken as string;
  const address = await api('POST', '/me/addresses', { token, body: { contactName: '钱阿姨', phone, districtCode: DEMO_SHARED_DISTRICT, detail: '临平区人民大道 200 号 5 幢 302 室', isDefault: true } });
  const appliance = await api('POST', '/me/appliances', { token, body: { category: 'air_conditioner', brand: '美的', model: 'KFR-35GW', purchaseDate: '2024-05-01' } });

  // A window five days ahead; what the rule expects there: the stored scores and each outlet's places left.
  const from = shanghaiDay(Date.now());
  const to = shanghaiDay(Date.now() + 6 * 86400_000);
  const availability = await api('GET', `/slots/availability?districtCode=${DEMO_SHARED_DISTRICT}&category=air_conditioner&from=${from}&to=${to}`);
  // A day window (both outlets open those; evening windows only where an outlet opened them).
  const dayWindows: string[] = SLOT_WINDOWS.map((w) => w.code);
  const slot = availability.days
    .flatMap((d: Json) => d.windows.filter((w: Json) => w.bookable && dayWindows.includes(w.window)).map((w: Json) => ({ day: d.day, window: w.window })))
    .at(-1);
  const rankings = await api('GET', '/quality/rankings?scope=outlets', { token: admin });
  const options: OutletOption[] = await Promise.all(
    outlets.map(async (o) => {
      const days = (await api('GET', `/outlets/${o.id}/slots?from=${slot.day}&to=${slot.day}`, { token: admin })).days;
      const remaining = days[0].windows.find((w: Json) => w.window === slot.window)?.remaining ?? 0;
      return { id: o.id, code: o.code, name: o.name, score: rankings.items.find((r: Json) => r.id === o.id)?.score ?? null, remaining };
    }),
  );
  const expected = rankOutletOptions(options)[0]!;
  const other = options.find((o) => o.id !== expected.id)!;
  const reason = routingReasonText(routingDecision(options, expected.id).reason);

  const order = await api('POST', '/orders', {
    token,
    headers: { 'idempotency-key': `e2e-routing-${Date.now()}` },
    body: { category: 'air_conditioner', serviceType: 'repair', addressId: address.id, applianceId: appliance.id, faultDescription: '空调制热效果差，有异响', slot, urgent: true },
  });
  expect(order.outletId).toBe(expected.id);
  expect(order.urgent).toBe(true);

  // The chosen outlet's manager opens the order: the routing reason, the outlets compared, the outlet's dispatch mode.
  const expectedOutlet = outlets.find((o) => o.id === expected.id)!;
  await signInAdmin(page, MANAGERS[expectedOutlet.code]!);
  await page.goto(`/admin/orders?order=${order.id}`);
  const drawer = page.getByRole('dialog', { name: `订单 ${order.orderNo}` });
  await expect(drawer.locator('[data-test="order-urgent"]')).toHaveText('加急订单');
  const routing = drawer.locator('[data-test="order-routing"]');
  await expect(routing.getByText('分配与派单')).toBeVisible();
  await expect(routing.getByText(reason)).toBeVisible();
  await expect(routing.getByText(new RegExp(`第 2 名 · ${other.name}`))).toBeVisible();
  await expect(routing).toContainText(`网点派单方式${DISPATCH_MODE_LABELS[expectedOutlet.dispatchMode as 'offer' | 'auto'].zh}`);
  await routing.scrollIntoViewIfNeeded();
  await quiet(page);
  await page.screenshot(shot('admin-routing.png'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot(shot('admin-routing-1280.png'));
  await page.setViewportSize({ width: 1440, height: 900 });

  // The outlets page: the manager sees the mode and may change it (here changed and put back).
  await page.goto('/admin/outlets');
  const row = page.getByRole('row', { name: new RegExp(expectedOutlet.name) });
  await expect(row.locator('[data-test="dispatch-mode"]')).toContainText(DISPATCH_MODE_LABELS[expectedOutlet.dispatchMode as 'offer' | 'auto'].zh);
  await row.getByRole('button', { name: `${expectedOutlet.name} 的派单方式` }).click();
  const modeDialog = dialog(page, `${expectedOutlet.name} 的派单方式`);
  await expect(modeDialog.getByText('新订单自动派给质量分最高、该时段空闲的合格工程师')).toBeVisible();
  await page.screenshot(shot('admin-dispatch-mode.png'));
  await modeDialog.getByText(DISPATCH_MODE_LABELS.manual.zh, { exact: true }).click();
  await modeDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(`${expectedOutlet.name} 的派单方式已改为「人工派单」`)).toBeVisible();
  await expect(row.locator('[data-test="dispatch-mode"]')).toContainText('人工派单');
  const manager = await staffToken(MANAGERS[expectedOutlet.code]!);
  await api('PUT', `/outlets/${expected.id}/dispatch-mode`, { token: manager, body: { mode: expectedOutlet.dispatchMode } });
});
