import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { button, checkBeforeScreenshots, fullPageShot, PASSWORD, quiet, shot, signInAdmin, test } from './helpers';
import { BASE_URL } from './playwright.config';
import { apiClient, useSession, bookForEngineer } from './api';

/**
 * Issue 20.2, an appeal upheld, through both apps against the real server: a customer complains about a closed
 * order of 赵明 (eng.xihu.3); in the H5 engineer mode he appeals the complaint from the order — the reason, two
 * entries of the order's timeline and a site photo as evidence; the platform admin opens it on 申诉审核 in the
 * admin, sees the evidence in words and the photo, and upholds it with a reason; the engineer reads 申诉成立 and his
 * quality score says the complaint no longer counts.
 */

/** A closed tv repair of 赵明, done through the API as people do it, with the customer's complaint about it. */
async function complainedOrder(request: APIRequestContext) {
  const api = apiClient(request);
  const phone = `136${String(Date.now()).slice(-8)}`;
  const C = await api.customerToken(phone);
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '钱阿姨', phone, districtCode: '330106', detail: '西湖区教工路 88 号 2 单元 301', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'tv', brand: '创维', model: '55A3', purchaseDate: '2020-03-01' });
  const order = await bookForEngineer(api, { token: C, addressId: address.id, applianceId: appliance.id, fault: '电视开机黑屏，有声音没图像', keyPrefix: 'e2e-appeal' });
  const E = await api.staff('eng.xihu.3');
  const step = (path: string, token: string, body?: unknown) => api.post(`/orders/${order!.id}/${path}`, token, body);
  await step('accept', E);
  await step('depart', E);
  const code = await step('service-code', C);
  await step('check-in', E, { serviceCode: code.qrText });
  const priceList = await api.get('/catalog/price-list?category=tv&serviceType=repair');
  const labour = (priceList.groups.flatMap((g: { items: unknown[] }) => g.items) as Array<{ code: string; kind: string; condition?: unknown }>).find((i) => i.kind === 'labour' && !i.condition)!;
  const quoted = await step('quotes', E, { items: [{ code: labour.code, quantity: 1 }] });
  const quote = quoted.quotes.at(-1);
  await step(`quotes/${quote.no}/confirm`, C);
  await step('start', E);
  const photo = await api.upload(E, 'report_photo', order.id);
  const signature = await api.upload(E, 'signature', order.id);
  await step('report', E, { diagnosis: '主板电源模块虚焊', actions: '补焊电源模块，通电试机画面正常', partsUsed: [], photoIds: [photo], signatureId: signature });
  await step('payment', E, { method: 'cash', amountFen: quote.totalFen, receiptNo: `CASH-${Date.now()}` });
  await step('complete', E);
  await step('accept-work', C);
  await step('complaints', C, { category: 'quality', text: '修好第二天电视又黑屏了，师傅说是电源问题，我觉得没修好' });
  const staffSession = await request.fetch(`${BASE_URL}/api/v1/auth/staff/login`, { method: 'POST', data: { username: 'eng.xihu.3', password: PASSWORD } }).then((r) => r.json());
  return { api, E, order, staffSession };
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

async function phonePage(browser: import('@playwright/test').Browser, session: unknown): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  checkBeforeScreenshots(page);
  await useSession(page, session);
  return page;
}

test('an appeal upheld: the engineer contests a complaint with evidence, the platform upholds it, his score excludes it', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const { api, E, order, staffSession } = await complainedOrder(request);

  // The engineer, on his order: 申诉 → the complaint, his reason, two entries of the timeline and the site photo.
  const engineer = await phonePage(browser, staffSession);
  await engineer.goto(`/h5/#/packages/engineer/pages/order/index?id=${order.id}`);
  await button(engineer, '对本单投诉或超时记录申诉').click();
  await expect(engineer.getByText('投诉（维修质量）').first()).toBeVisible();
  await engineer.locator('.nut-radio', { hasText: '申诉：投诉（维修质量）' }).click();
  await engineer.locator('textarea').first().fill('试机时画面正常，客户在场确认并签字；第二天黑屏是家里电压不稳，和维修无关。');
  await engineer.locator('.nut-checkbox', { hasText: '工程师到达签到' }).click();
  await engineer.locator('.nut-checkbox', { hasText: '提交服务报告' }).click();
  await engineer.locator('.appeal__photo', { hasText: '现场照片' }).first().click();
  await expect(engineer.locator('.appeal__photo--on')).toHaveCount(1);
  await fullPageShot(engineer, 'miniapp-appeal-form.png');
  await button(engineer, '提交申诉').click();
  await expect(engineer.locator('.nut-tag', { hasText: '审核中' }).filter({ visible: true })).toBeVisible();
  await expect(engineer.getByText('平台正在审核，有结果会通知您。')).toBeVisible();
  const [appeal] = (await api.get<{ items: Array<{ id: string; orderNo: string; state: string }> }>('/appeals', E)).items.filter((a) => a.orderNo === order.orderNo);
  expect(appeal?.state).toBe('submitted');

  // The platform admin: 申诉审核, the evidence in words and the photo, upheld with a reason (confirmed in a dialog).
  const adminContext = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const admin = await adminContext.newPage();
  checkBeforeScreenshots(admin);
  await signInAdmin(admin, 'admin');
  await admin.goto('/admin/appeals');
  await admin.locator(`[data-test="appeal-open-${order.orderNo}"]`).click();
  const drawer = admin.locator('.el-drawer');
  await expect(drawer.getByText('工程师到达签到')).toBeVisible();
  await expect(drawer.getByText('提交服务报告')).toBeVisible();
  await expect(drawer.locator('.appeals__photo img')).toHaveCount(1);
  await expect(drawer.getByText('试机时画面正常')).toBeVisible();
  await admin.screenshot(shot('admin-appeal-review.png', false));
  await drawer.locator('[data-test="appeal-uphold"]').click();
  const confirm = admin.getByRole('dialog', { name: '确认申诉成立' });
  await confirm.locator('textarea').fill('签到、试机记录和现场照片证明维修完成，黑屏与维修无关');
  await confirm.getByRole('button', { name: '申诉成立' }).click();
  await expect(drawer.locator('.el-tag', { hasText: '申诉成立' })).toBeVisible();
  await expect(drawer.getByText('申诉成立：签到、试机记录和现场照片证明维修完成，黑屏与维修无关')).toBeVisible();
  await quiet(admin);
  await admin.screenshot(shot('admin-appeal-upheld.png', false));
  await adminContext.close();

  // The engineer reads the decision, and his score says the complaint no longer counts.
  await engineer.reload();
  await expect(engineer.getByText('申诉成立，已不计入质量分')).toBeVisible();
  await expect(engineer.getByText('说明：签到、试机记录和现场照片证明维修完成，黑屏与维修无关')).toBeVisible();
  await fullPageShot(engineer, 'miniapp-appeal-upheld.png');
  const quality = await api.get<{ terms: Array<{ key: string; detail: string }> }>('/quality/me', E);
  expect(quality.terms.find((t) => t.key === 'complaints')?.detail).toContain('申诉成立，已不计入：投诉');
  await engineer.goto('/h5/#/packages/engineer/pages/home/index');
  await expect(engineer.getByText(/申诉成立，已不计入：投诉 \d+ 起/)).toBeVisible();
  await button(engineer, '退出登录').scrollIntoViewIfNeeded();
  await fullPageShot(engineer, 'miniapp-engineer-quality-appeal.png');
  await engineer.goto('/h5/#/packages/engineer/pages/appeals/index');
  await expect(engineer.locator('.appeals__item', { hasText: order.orderNo })).toContainText('申诉成立');
  await fullPageShot(engineer, 'miniapp-engineer-appeals.png');
  await engineer.context().close();
});
