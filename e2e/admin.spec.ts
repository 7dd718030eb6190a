import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { DEMO_ENGINEERS, DEMO_PASSWORD } from '../server/src/seed/data';
import { dialog, PNG, quiet, shot as shotOptions, signInAdmin, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { currentConsent } from '../shared/src/domain/consent';
import { api } from './api';

/**
 * Issue 6: the admin dashboard against the real server (fresh seeded database). Orders, complaints and surveys are
 * created through the public API exactly as the mini-program would (see server/scripts/demo-flow.ts), then an
 * outlet manager or a platform admin works them in the browser.
 */

/** The window as it is: the layout scrolls inside its main pane (see tallShot). */
const shot = (name: string) => shotOptions(name, false);

// ---- API set-up (customer, engineer and staff calls through the public API) --------------------------------------

type Json = any;

const staffToken = async (username: string) => (await api('POST', '/auth/staff/login', { body: { username, password: DEMO_PASSWORD } })).accessToken as string;

let phoneSeq = 0;
/** A new customer with an address in Xihu district (served by the Xihu outlet) and an air conditioner. */
async function newCustomer() {
  const phone = `137${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneSeq++ % 100).padStart(2, '0')}`;
  const sent = await api('POST', '/auth/otp/send', { body: { phone } });
  const token = (await api('POST', '/auth/otp/login', { body: { phone, code: sent.devCode, consent: currentConsent() } })).accessToken as string;
  const address = await api('POST', '/me/addresses', { token, body: { contactName: '测试客户', phone, districtCode: '330106', detail: '西湖区文三路 398 号 3 幢 501 室', isDefault: true } });
  const appliance = await api('POST', '/me/appliances', { token, body: { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW/NhGd1B', purchaseDate: '2023-06-18' } });
  return { token, addressId: address.id as string, applianceId: appliance.id as string };
}

let bookings = 0;
/**
 * A pending order. Each booking takes the next bookable window counting back from a week ahead, so every order has
 * engineers free in its slot (an engineer busy in a window is excluded from dispatch there), and the mini-program
 * journeys, which take the earliest windows on the same server, never find their engineer busy with ours.
 */
async function bookOrder(fault = '空调不制冷，外机不转') {
  const customer = await newCustomer();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const last = new Date(Date.now() + 8 * 3600_000 + 7 * 86400_000).toISOString().slice(0, 10);
  const availability = await api('GET', `/slots/availability?districtCode=330106&category=air_conditioner&from=${today}&to=${last}`);
  const bookable = availability.days.flatMap((d: Json) => d.windows.filter((w: Json) => w.bookable).map((w: Json) => ({ day: d.day, window: w.window }))).reverse();
  const free = bookable[bookings++ % bookable.length];
  const order = await api('POST', '/orders', {
    token: customer.token,
    headers: { 'idempotency-key': `e2e-${Date.now()}-${phoneSeq}` },
    body: { category: 'air_conditioner', serviceType: 'repair', addressId: customer.addressId, applianceId: customer.applianceId, faultDescription: fault, slot: free },
  });
  return { order, customer };
}

/** Dispatches through the API to the top suggestion, and that engineer accepts. */
async function dispatchAndAccept(orderId: string, manager: string) {
  const candidates = await api('GET', `/orders/${orderId}/candidates`, { token: manager });
  const best = candidates.items.find((c: Json) => c.eligible);
  await api('POST', `/orders/${orderId}/dispatch`, { token: manager, body: { engineerId: best.engineerId } });
  const username = DEMO_ENGINEERS.find((e) => e.employeeNo === best.employeeNo)!.username;
  const engineer = await staffToken(username);
  await api('POST', `/orders/${orderId}/accept`, { token: engineer });
  return { engineer, engineerName: best.name as string };
}

async function upload(token: string, kind: string, orderId: string): Promise<string> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('orderId', orderId);
  form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'photo.png');
  const res = await fetch(`${BASE_URL}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as Json;
  if (!res.ok) throw new Error(`upload → ${res.status} ${JSON.stringify(body.error)}`);
  return body.id;
}

/** Booking to closed (the demo flow), then a survey: low scores open a return-visit task (S7). */
async function closedOrderWithSurvey(manager: string, scores: number) {
  const { order, customer } = await bookOrder('空调制冷效果差，有异响');
  const { engineer } = await dispatchAndAccept(order.id, manager);
  await api('POST', `/orders/${order.id}/depart`, { token: engineer });
  const code = await api('POST', `/orders/${order.id}/service-code`, { token: customer.token });
  await api('POST', `/orders/${order.id}/check-in`, { token: engineer, body: { serviceCode: code.qrText } });
  const priceList = await api('GET', '/catalog/price-list?category=air_conditioner&serviceType=repair');
  const items = priceList.groups.flatMap((g: Json) => g.items) as Json[];
  const labour = items.find((i) => i.kind === 'labour');
  const part = items.find((i) => i.kind === 'part');
  const quoted = await api('POST', `/orders/${order.id}/quotes`, { token: engineer, body: { items: [{ code: labour.code, quantity: 1 }, { code: part.code, quantity: 1 }] } });
  const quote = quoted.quotes.at(-1);
  await api('POST', `/orders/${order.id}/quotes/${quote.no}/confirm`, { token: customer.token });
  await api('POST', `/orders/${order.id}/start`, { token: engineer });
  const photo = await upload(engineer, 'report_photo', order.id);
  const oldPart = await upload(engineer, 'old_part_photo', order.id);
  const signature = await upload(engineer, 'signature', order.id);
  await api('POST', `/orders/${order.id}/report`, {
    token: engineer,
    body: { diagnosis: '启动电容失效', actions: '更换启动电容，试机正常', partsUsed: [{ code: part.code, quantity: 1, newSerialNo: `SN-${Date.now()}`, oldPartPhotoId: oldPart }], photoIds: [photo], signatureId: signature },
  });
  await api('POST', `/orders/${order.id}/payment`, { token: engineer, body: { method: 'wechat', amountFen: quote.totalFen, receiptNo: `WX${Date.now()}` } });
  await api('POST', `/orders/${order.id}/complete`, { token: engineer });
  await api('POST', `/orders/${order.id}/accept-work`, { token: customer.token });
  const keys = ['punctuality', 'appearance', 'explanation', 'transparent_charges', 'diagnosis', 'problem_solved', 'clean_site', 'courtesy', 'overall'];
  await api('POST', `/orders/${order.id}/survey`, {
    token: customer.token,
    body: { scores: Object.fromEntries(keys.map((k) => [k, scores])), problemSolved: scores >= 3, recommendation: scores * 2, comment: scores >= 4 ? '师傅很专业，准时上门' : '等了很久，收费说明不清楚' },
  });
  return order;
}

// ---- Browser helpers ---------------------------------------------------------------------------------------------

/** The layout scrolls inside its main pane, so a tall page is captured with a tall window rather than `fullPage`. */
async function tallShot(page: Page, name: string, height = 1500) {
  await page.setViewportSize({ width: 1440, height });
  await page.waitForTimeout(300); // charts and tables re-layout to the new size
  await page.screenshot(shot(name));
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Serious and critical axe findings (WCAG 2 A/AA) on what the page shows now, once transitions have finished (a half-faded drawer would read as low contrast). */
async function accessibilityProblems(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'));
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

// ---- Journeys ----------------------------------------------------------------------------------------------------

test.use({ viewport: { width: 1440, height: 900 } });

test('dispatch: the manager dispatches a new order to the top suggestion, seeing why each engineer ranks or is excluded', async ({ page }) => {
  const { order } = await bookOrder();
  await signInAdmin(page, 'manager.xihu');
  await page.goto('/admin/orders?status=pending');
  await page.getByRole('button', { name: order.orderNo }).click();
  const drawer = page.getByRole('dialog', { name: `订单 ${order.orderNo}` });
  await expect(drawer.getByText('待派单', { exact: true })).toBeVisible();
  // Only what the state machine allows a manager on a pending order.
  await expect(drawer.getByRole('group', { name: '操作' }).getByRole('button')).toHaveText(['派单', '抢单模式', '取消订单', '下载证据包']);
  await drawer.getByRole('button', { name: '派单', exact: true }).click();

  const dispatch = dialog(page, `派单：${order.orderNo}`);
  await expect(dispatch.getByText('推荐工程师（按排名）')).toBeVisible();
  await expect(dispatch.getByText('该时段空闲').first()).toBeVisible();
  await expect(dispatch.getByText('不符合条件的工程师')).toBeVisible();
  await expect(dispatch.getByText('缺少制冷与空调作业证').first()).toBeVisible();
  const submit = dispatch.getByRole('button', { name: /^派单给 / });
  const top = ((await submit.textContent()) ?? '').replace('派单给', '').trim();
  await page.screenshot(shot('admin-dispatch.png'));
  expect(await accessibilityProblems(page)).toEqual([]);
  await submit.click();

  await expect(drawer.locator('[data-test="order-status"]')).toHaveText('已派单');
  await expect(page.getByText(`已派单给 ${top}`)).toBeVisible();
  await expect(drawer.getByRole('group', { name: '操作' }).getByRole('button')).toHaveText(['改派', '取消订单', '下载证据包']);
  await drawer.getByRole('tab', { name: '时间线' }).click();
  await expect(drawer.locator('[data-test="chain-valid"]')).toHaveText(/记录完整，没有被改动过/);
  await expect(drawer.getByText(`工程师：${top}`)).toBeVisible();
  await quiet(page);
  await page.screenshot(shot('admin-order-timeline.png'));
});

test('engineer card: the manager revokes a card with a reason and the preview shows it revoked', async ({ page }) => {
  const manager = await staffToken('manager.xihu');
  // 刘伟: no other journey sends him work (the door journey needs 赵明's card valid).
  const engineers = await api('GET', '/engineers?q=FX-XH-002', { token: manager });
  const engineer = engineers.items[0];
  await signInAdmin(page, 'manager.xihu');
  await page.goto('/admin/engineers');
  await page.getByRole('link', { name: engineer.name, exact: true }).click();
  await expect(page.getByRole('heading', { name: new RegExp(engineer.name) }).first()).toBeVisible();
  await expect(page.locator('[data-test="card-verdict"]')).toHaveText('真实有效');
  const serial = (await page.locator('[data-test="active-serial"]').textContent())!.trim();

  // Keyboard: the dialog opens with the focus in the reason box, and Esc closes it.
  await page.getByRole('button', { name: '吊销', exact: true }).click();
  const revoke = dialog(page, `吊销工作证 ${serial}`);
  await expect(revoke.getByLabel('吊销原因')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(revoke).toBeHidden();
  await page.getByRole('button', { name: '吊销', exact: true }).click();
  await revoke.getByRole('button', { name: '吊销' }).click();
  await expect(revoke.getByText('吊销原因至少 2 个字符')).toBeVisible();
  await revoke.getByLabel('吊销原因').fill('工作证遗失，已报备');
  await revoke.getByRole('button', { name: '吊销' }).click();

  await expect(page.getByText(`工作证 ${serial} 已吊销`)).toBeVisible();
  await expect(page.locator('[data-test="card-verdict"]')).toHaveText('工作证已吊销');
  await expect(page.getByRole('cell', { name: /工作证遗失，已报备/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '签发工作证' })).toBeVisible();
  // The server agrees: the card is revoked.
  const cards = await api('GET', `/engineers/${engineer.id}/cards`, { token: manager });
  expect(cards.active).toBeNull();
  expect(cards.items[0]).toMatchObject({ serial, status: 'revoked', revokeReason: '工作证遗失，已报备' });
  await quiet(page);
  await tallShot(page, 'admin-engineer-card.png', 1700);
});

test('catalogue: the platform admin edits a price, reviews the diff and publishes a new version', async ({ page }) => {
  // A water-purifier item: no other journey quotes that category, so the new version changes no one else's totals.
  const before = await api('GET', '/catalog/versions/current');
  await signInAdmin(page, 'admin');
  await page.goto('/admin/catalog');
  await page.getByLabel('名称或编码').fill('WP-L-001');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('cell', { name: 'WP-L-001', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '编辑 WP-L-001' }).click();
  const edit = dialog(page, '编辑 WP-L-001');
  const price = edit.getByLabel('价格（元）');
  const oldPrice = Number(await price.inputValue());
  const newPrice = oldPrice + 5;
  await price.fill(String(newPrice));
  await price.blur();
  // The item dialog is a field list on the shared form dialog (SchemaFormDialog): at both admin widths.
  await page.screenshot(shot('admin-catalog-item-dialog.png'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot(shot('admin-catalog-item-dialog-1280.png'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('WP-L-001 已保存到草稿')).toBeVisible();

  await page.getByRole('tab', { name: '发布' }).click();
  await expect(page.getByText('草稿与已发布版本的差异')).toBeVisible();
  const row = page.getByRole('row', { name: /WP-L-001/ });
  await expect(row.locator('del')).toHaveText(`¥${oldPrice.toFixed(2)}`);
  await expect(row.locator('ins')).toHaveText(`¥${newPrice.toFixed(2)}`);
  await quiet(page);
  await page.screenshot(shot('admin-catalog-diff.png'));
  await page.getByRole('button', { name: `发布新版本 v${before.version + 1}` }).click();
  await page.getByRole('dialog', { name: '发布新版本' }).getByRole('button', { name: '发布新版本' }).click();

  await expect(page.getByText(`已发布 v${before.version + 1}`)).toBeVisible();
  await expect(page.getByText('草稿与已发布版本一致，没有需要发布的修改')).toBeVisible();
  const after = await api('GET', '/catalog/versions/current');
  expect(after.version).toBe(before.version + 1);
  expect(after.items.find((i: Json) => i.code === 'WP-L-001').priceFen).toBe(Math.round(newPrice * 100));
});

test('complaint: the manager acknowledges, investigates and resolves with compensation, with the history kept', async ({ page }) => {
  const manager = await staffToken('manager.xihu');
  const { order, customer } = await bookOrder('空调漏水');
  await dispatchAndAccept(order.id, manager);
  await api('POST', `/orders/${order.id}/complaints`, { token: customer.token, body: { category: 'attitude', text: '工程师电话里态度很差，还催我加钱' } });

  await signInAdmin(page, 'manager.xihu');
  await page.goto('/admin/complaints');
  await page.getByRole('button', { name: order.orderNo }).click();
  const drawer = page.getByRole('dialog', { name: `投诉 · 订单 ${order.orderNo}` });
  await expect(drawer.locator('[data-test="complaint-status"]')).toHaveText('待受理');
  await expect(drawer.getByText(/剩余 /).first()).toBeVisible();

  await drawer.getByRole('button', { name: '受理' }).click();
  await expect(drawer.locator('[data-test="complaint-status"]')).toHaveText('已受理');
  await drawer.getByLabel('内部备注').fill('已电话联系工程师核实情况');
  await drawer.getByRole('button', { name: '添加备注' }).click();
  await expect(page.getByText('备注已添加')).toBeVisible();
  await drawer.getByRole('button', { name: '开始调查' }).click();
  await expect(drawer.locator('[data-test="complaint-status"]')).toHaveText('调查处理中');

  await drawer.getByRole('button', { name: '提交处理结果' }).click();
  const resolve = dialog(page, '提交处理结果');
  await resolve.getByLabel('处理结果').fill('已对工程师进行批评教育，并向客户致歉，补偿 50 元');
  await resolve.getByLabel('补偿金额（元）').fill('50');
  await expect(resolve.locator('[data-test="compensation-cap"]')).toContainText('单笔赔偿上限 ¥500.00');
  await resolve.getByRole('button', { name: '提交处理结果' }).click();
  // Issue 18: the amount is confirmed in figures and in words before it is promised.
  await expect(resolve.getByText('大写：伍拾元整')).toBeVisible();
  await resolve.getByRole('button', { name: '确认赔偿 ¥50.00 并提交' }).click();
  await expect(drawer.locator('[data-test="complaint-status"]')).toHaveText('已处理待确认');
  // The resolution states the compensation, and (issue 20.4) how it is paid back: this order was not paid online.
  await expect(drawer.getByText(/补偿.*¥50\.00/).first()).toBeVisible();
  await expect(drawer.locator('[data-test="complaint-refund"]')).toContainText('¥50.00');
  await expect(drawer.getByText('已电话联系工程师核实情况')).toBeVisible();
  await quiet(page);
  await page.screenshot(shot('admin-complaint.png'));
  expect(await accessibilityProblems(page)).toEqual([]);

  const complaints = await api('GET', `/orders/${order.id}/complaints`, { token: manager });
  const complaint = await api('GET', `/complaints/${complaints.items[0].id}`, { token: manager });
  expect(complaint).toMatchObject({ status: 'resolved', resolution: { compensationFen: 5000 } });
  expect(complaint.history.map((h: Json) => h.type)).toEqual(expect.arrayContaining(['filed', 'acknowledged', 'note', 'investigating', 'resolved']));
});

test('complaint: compensation above the cap waits for a platform admin, who approves it from the pending list', async ({ page }) => {
  const manager = await staffToken('manager.xihu');
  const { order, customer } = await bookOrder('空调外机坠落');
  await dispatchAndAccept(order.id, manager);
  const filed = await api('POST', `/orders/${order.id}/complaints`, { token: customer.token, body: { category: 'damage', text: '师傅搬动外机时砸坏了阳台的玻璃门，要求赔偿' } });
  await api('POST', `/complaints/${filed.id}/acknowledge`, { token: manager });
  await api('POST', `/complaints/${filed.id}/investigate`, { token: manager });

  await signInAdmin(page, 'manager.xihu');
  await page.goto(`/admin/complaints?complaint=${filed.id}`);
  const drawer = page.getByRole('dialog', { name: `投诉 · 订单 ${order.orderNo}` });
  await drawer.getByRole('button', { name: '提交处理结果' }).click();
  const resolve = dialog(page, '提交处理结果');
  await resolve.getByLabel('处理结果').fill('经核实属实，赔偿玻璃门更换费用并向客户致歉');
  await resolve.getByLabel('补偿金额（元）').fill('5000');
  await resolve.getByLabel('补偿金额（元）').blur();
  await expect(resolve.locator('[data-test="compensation-cap"]')).toContainText('超过单笔赔偿上限 ¥500.00');
  await resolve.getByRole('button', { name: '提交处理结果' }).click();
  await expect(resolve.getByText('大写：伍仟元整')).toBeVisible();
  await expect(resolve.locator('.complaint__confirm-amount')).toHaveText('¥5,000.00');
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot(shot(`admin-complaint-confirm-${width}.png`));
  }
  await resolve.getByRole('button', { name: '确认 ¥5,000.00，提交平台审批' }).click();
  await expect(drawer.locator('[data-test="complaint-status"]')).toHaveText('待平台审批');
  // The customer sees no compensation while it awaits approval.
  const seen = await api('GET', `/complaints/${filed.id}`, { token: customer.token });
  expect(seen).toMatchObject({ status: 'awaiting_approval', resolution: null });

  await page.evaluate(() => localStorage.clear());
  await signInAdmin(page, 'admin');
  await page.goto('/admin/complaints');
  await page.locator('[data-test="pending-approvals"]').click();
  await page.getByRole('button', { name: order.orderNo }).click();
  const adminDrawer = page.getByRole('dialog', { name: `投诉 · 订单 ${order.orderNo}` });
  await expect(adminDrawer.locator('[data-test="complaint-approval"]')).toContainText('¥5,000.00');
  await quiet(page);
  await page.screenshot(shot('admin-complaint-approval.png'));
  await adminDrawer.getByRole('button', { name: '批准赔偿' }).click();
  await page.getByRole('button', { name: '批准赔偿 ¥5,000.00' }).click();
  await expect(adminDrawer.locator('[data-test="complaint-status"]')).toHaveText('已处理待确认');
  expect(await api('GET', `/complaints/${filed.id}`, { token: customer.token })).toMatchObject({ status: 'resolved', resolution: { compensationFen: 500_000 } });
});

test('return visit: the manager records the outcome of a call opened by a low survey', async ({ page }) => {
  const manager = await staffToken('manager.xihu');
  const order = await closedOrderWithSurvey(manager, 2);
  await closedOrderWithSurvey(manager, 5);
  const tasks = await api('GET', `/return-visits?orderId=${order.id}`, { token: manager });
  expect(tasks.items[0]).toMatchObject({ reason: 'low_survey', status: 'open' });

  await signInAdmin(page, 'manager.xihu');
  await page.goto('/admin/return-visits?view=all');
  const row = page.getByRole('row', { name: new RegExp(order.orderNo) });
  await expect(row.getByText('低分评价回访')).toBeVisible();
  await row.getByRole('button', { name: '记录结果' }).click();
  const record = dialog(page, `记录回访结果 · ${order.orderNo}`);
  await record.getByRole('button', { name: '记录结果' }).click();
  await expect(record.getByText('请选择是否联系到客户')).toBeVisible();
  await record.getByRole('radio', { name: '是' }).check({ force: true });
  await record.getByRole('radio', { name: '不满意' }).check({ force: true });
  await record.getByLabel('回访记录').fill('客户认为等待时间太长，已道歉并承诺改进排班');
  await record.getByRole('button', { name: '记录结果' }).click();
  await expect(page.getByText('回访结果已记录')).toBeVisible();
  await expect(row.getByText('不满意 · 客户认为等待时间太长')).toBeVisible();
  await quiet(page);
  await page.screenshot(shot('admin-return-visits.png'));

  const task = await api('GET', `/return-visits/${tasks.items[0].id}`, { token: manager });
  expect(task).toMatchObject({ status: 'done', outcome: { reached: true, satisfied: false } });

  await page.goto('/admin/surveys');
  await expect(page.locator('[data-test="survey-summary"]')).toContainText('评价数');
  await expect(page.getByRole('row', { name: new RegExp(order.orderNo) }).getByText('低分', { exact: true })).toBeVisible();
  await tallShot(page, 'admin-surveys.png', 1100);
});

/** Words that must never be on a screen of history: an internal key (snake_case) or an ISO timestamp (UTC, so the wrong day). */
const RAW = /\b[a-z]+_[a-z_]+\b|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|api\.(get|post|put|patch|delete)|totalFen|expiresAt/;

test('words: the order timeline, the audit log and the return-visit dialog read as sentences, in Chinese and English', async ({ page }) => {
  test.setTimeout(180_000);
  const manager = await staffToken('manager.xihu');
  const order = await closedOrderWithSurvey(manager, 2);

  await signInAdmin(page, 'manager.xihu');
  // The return call beside the order: contact behind 显示电话 (audited), the survey, the confirmed quote, the timeline.
  await page.goto('/admin/return-visits?view=all');
  const row = page.getByRole('row', { name: new RegExp(order.orderNo) });
  await row.getByRole('button', { name: '记录结果' }).click();
  const record = dialog(page, `记录回访结果 · ${order.orderNo}`);
  const context = record.locator('[data-test="order-context"]');
  await expect(context.locator('[data-test="order-context-survey"]')).toContainText('总体满意度');
  await expect(context.locator('[data-test="order-context-quote"]')).toContainText('合计');
  await expect(context.locator('[data-test="order-context-contact"]')).toContainText('****');
  await context.getByRole('button', { name: '显示电话' }).click();
  await expect(context.getByText('完整联系方式（已记录审计）')).toBeVisible();
  await expect(context.locator('[data-test="order-context-contact"]')).not.toContainText('****');
  await context.getByRole('button', { name: '服务记录' }).click();
  await expect(context.getByText('客户提交评价')).toBeVisible();
  expect(await context.innerText()).not.toMatch(RAW);
  await quiet(page);
  for (const width of [1440, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot(shot(`admin-return-visit-context-${width}.png`));
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await record.getByRole('button', { name: '取消' }).click();

  // The order's timeline: every event a sentence, times in Beijing time, the chain check in plain words.
  await page.goto(`/admin/orders?order=${order.id}`);
  const drawer = page.getByRole('dialog', { name: `订单 ${order.orderNo}` });
  await drawer.getByRole('tab', { name: '时间线' }).click();
  await expect(drawer.locator('[data-test="chain-valid"]')).toHaveText(/记录完整，没有被改动过/);
  await expect(drawer.getByText('总体评分 2 星')).toBeVisible();
  expect(await drawer.locator('.timeline').innerText()).not.toMatch(RAW);

  // The audit log: who did what to which order, no routes or raw data.
  await page.goto('/admin/audit');
  await expect(page.getByText(new RegExp(`查看客户完整电话和地址：订单 ${order.orderNo}`)).first()).toBeVisible();
  expect(await page.locator('.el-table__body').innerText()).not.toMatch(RAW);
  await quiet(page);
  await page.screenshot(shot('admin-audit.png'));

  // One quality score, explained in plain words; engineers without orders show 暂无评分 and come last, unranked.
  await page.goto('/admin/quality');
  await expect(page.getByText(/单数少时向全平台平均分靠拢/)).toBeVisible();
  await expect(page.locator('.el-table__body')).not.toBeEmpty();
  expect(await page.locator('.el-card').innerText()).not.toMatch(/贝叶斯|k = 5|平滑/);
  await quiet(page);
  await page.screenshot(shot('admin-quality-engineers.png'));

  // The same in English.
  await page.getByRole('button', { name: '切换语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByText(/With few orders it leans toward the platform average/)).toBeVisible();
  await page.screenshot(shot('admin-quality-engineers-en.png'));
  await page.goto('/admin/audit');
  await expect(page.getByText(new RegExp(`viewed the customer’s full phone and address: order ${order.orderNo}`)).first()).toBeVisible();
  expect(await page.locator('.el-table__body').innerText()).not.toMatch(RAW);
  await page.screenshot(shot('admin-audit-en.png'));
  await page.goto(`/admin/orders?order=${order.id}`);
  const drawerEn = page.getByRole('dialog', { name: new RegExp(order.orderNo) });
  await drawerEn.getByRole('tab', { name: 'Timeline' }).click();
  await expect(drawerEn.locator('[data-test="chain-valid"]')).toHaveText(/Record complete and unaltered/);
  await expect(drawerEn.getByText('Overall 2 of 5 stars')).toBeVisible();
  expect(await drawerEn.locator('.timeline').innerText()).not.toMatch(RAW);
  await quiet(page);
  await page.screenshot(shot('admin-order-timeline-en.png'));
});

test('outlets: the admin adds a district with the picker; the manager sets a day’s slot capacity', async ({ page }) => {
  await signInAdmin(page, 'admin');
  await page.goto('/admin/outlets');
  await page.getByRole('row', { name: /杭州西湖网点/ }).getByRole('button', { name: '覆盖区县' }).click();
  const coverage = dialog(page, '杭州西湖网点 的覆盖区县');
  const picker = coverage.getByRole('textbox', { name: '选择区县（可多选，可搜索）' });
  await picker.click();
  await picker.fill('富阳');
  await page.locator('.el-cascader__suggestion-item', { hasText: '富阳区' }).click();
  await expect(coverage.getByText('富阳区').first()).toBeVisible();
  await coverage.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('杭州西湖网点 的覆盖区县已更新')).toBeVisible();
  await expect(page.getByRole('row', { name: /杭州西湖网点/ }).getByText('富阳区')).toBeVisible();
  const admin = await staffToken('admin');
  const outlets = await api('GET', '/outlets', { token: admin });
  expect(outlets.items.find((o: Json) => o.code === 'HZ-XH').districtCodes).toEqual(expect.arrayContaining(['330106', '330102', '330111']));
  await page.getByRole('button', { name: '退出登录' }).click();

  await signInAdmin(page, 'manager.xihu');
  await page.goto('/admin/outlets');
  await page.getByRole('tab', { name: '时段容量' }).click();
  const day = new Date(Date.now() + 8 * 3600_000 + 3 * 86400_000).toISOString().slice(0, 10);
  await page.getByRole('row', { name: new RegExp(day) }).getByRole('button', { name: '调整容量' }).click();
  const edit = dialog(page, `调整 ${day} 容量`);
  await edit.getByRole('spinbutton', { name: /上午 09:00-11:00 容量/ }).fill('5');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(`${day} 的容量已更新`)).toBeVisible();
  await expect(page.getByText(/上午 09:00-11:00 容量 5，已约 \d+/)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(day) }).getByText(/剩余 [45]/).first()).toBeVisible();
  await quiet(page);
  await page.screenshot(shot('admin-slots.png'));
});

test('a manager sees only their outlet; platform pages are closed to them', async ({ page }) => {
  await signInAdmin(page, 'manager.xihu');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await expect(menu.getByRole('menuitem')).toHaveText(['工作台', '订单', '工程师', '网点与时段', '投诉', '对账', '回访', '满意度评价', '质量排名', '整改与奖惩', '申诉审核', '审计日志']);
  await page.goto('/admin/catalog');
  await expect(page.getByText('你的角色不能查看此页面。')).toBeVisible();
  await page.goto('/admin/outlets');
  await expect(page.getByRole('cell', { name: '杭州西湖网点' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '杭州滨江网点' })).toHaveCount(0);
});

// ---- Accessibility: every main screen, as a manager and as a platform admin --------------------------------------

const MANAGER_SCREENS = ['/dashboard', '/orders', '/engineers', '/outlets', '/complaints', '/return-visits', '/surveys', '/quality', '/governance', '/audit'];
const ADMIN_SCREENS = ['/catalog', '/users', '/settings'];

test('accessibility: no serious or critical axe violations on the main screens', async ({ page }) => {
  test.setTimeout(180_000);
  await bookOrder('空调遥控器失灵'); // an order to open, whatever ran before
  const problems: Record<string, string[]> = {};
  const check = async (name: string) => {
    const found = await accessibilityProblems(page);
    if (found.length) problems[name] = found;
  };
  const open = async (screen: string) => {
    await page.goto(`/admin${screen}`);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  };

  await page.goto('/admin/login');
  await check('/login');
  await signInAdmin(page, 'manager.xihu');
  for (const screen of MANAGER_SCREENS) {
    await open(screen);
    await check(screen);
  }
  // The order drawer, the dispatch dialog and an engineer's page with the card preview.
  await open('/orders');
  await page.locator('.orders__table .el-button.is-link').first().click();
  await expect(page.locator('[data-test="order-status"]')).toBeVisible();
  await check('/orders (drawer)');
  await page.screenshot(shot('admin-orders.png'));
  await open('/engineers');
  await page.locator('.engineers__link').first().click();
  await expect(page.locator('[data-test="card-verdict"]')).toBeVisible();
  await check('/engineers/:id');
  await page.getByRole('button', { name: '退出登录' }).click();

  await signInAdmin(page, 'admin');
  for (const screen of ADMIN_SCREENS) {
    await open(screen);
    await check(screen);
  }
  await open('/quality');
  await page.screenshot(shot('admin-quality.png'));
  await open('/catalog');
  await page.getByRole('tab', { name: '发布' }).click();
  await check('/catalog (publish)');
  expect(problems, JSON.stringify(problems, null, 2)).toEqual({});
});

test('dashboard and language: KPI cards and charts for the outlet, and the whole admin switches to English', async ({ page }) => {
  // The dashboard reads the statistics the server's rollup job refreshes every minute.
  test.setTimeout(180_000);
  await signInAdmin(page, 'manager.xihu');
  await expect(async () => {
    await page.getByRole('button', { name: '刷新' }).click();
    await expect(page.locator('[data-test="kpi-todayOrders"]')).not.toHaveText('0', { timeout: 2000 });
  }).toPass({ timeout: 120_000, intervals: [5000] });
  await expect(page.getByRole('img', { name: '每日订单量' }).first()).toBeVisible();
  await expect(page.getByRole('img', { name: '各评价项平均分' }).first()).toBeVisible();
  await tallShot(page, 'admin-dashboard-kpis.png', 1600);

  await page.getByRole('button', { name: '切换语言' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText("Today's orders")).toBeVisible();
  await page.goto('/admin/orders');
  await expect(page.getByRole('columnheader', { name: 'Order no.' })).toBeVisible();
  await page.getByRole('button', { name: 'Change language' }).click();
  await page.getByRole('menuitem', { name: '简体中文' }).click();
  await expect(page.getByRole('columnheader', { name: '订单号' })).toBeVisible();
});
