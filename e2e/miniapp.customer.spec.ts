import zlib from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';
import { button, fullPageShot, input, shot, signInAdmin, signInCustomer, tag, test } from './helpers';
import { apiClient } from './api';

/**
 * Issue 5, the customer's journey in the mini-program's H5 build, against the real server: sign in, save an address
 * and an appliance, book (double tap included), show the service code, verify the engineer's card by pasting it,
 * confirm the quote, see the payment and the e-receipt, accept the work and rate it. The outlet manager and the
 * engineer play their parts through the API, where the customer would be waiting for them.
 */

const CUSTOMER = { phone: '13800000003', name: '王阿姨' };

/** A PNG of a real photo's size drawn pixel by pixel, so the report's thumbnails and full-size views look like photos. */
function drawnPng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 3 + 1) + 1 + x * 3);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const PHOTO = drawnPng(480, 320, (x, y) => [60 + Math.round((x * 120) / 480), 130 + Math.round((y * 90) / 320), 190]);
const OLD_PART = drawnPng(400, 400, (x, y) => ((x >> 5) + (y >> 5)) % 2 ? [150, 110, 70] : [90, 70, 50]);
const SIGNATURE = drawnPng(600, 240, (x, y) => (Math.abs(y - 120 - 50 * Math.sin(x / 45)) < 4 ? [25, 25, 25] : [255, 255, 255]));

/** The customer's own token, read from the H5 app's storage (Taro keeps `{ data }` in localStorage). */
async function customerToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('fangxin.session'));
  return (JSON.parse(JSON.parse(raw!).data) as { accessToken: string }).accessToken;
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

/** The 长辈模式 switch in 我的 (a signed-in customer's profile has the message-channel switches too). */
const elderSwitch = (page: Page) => page.locator('.nut-cell', { hasText: '长辈模式（大字体）' }).locator('.nut-switch')

/** Every image of the locator (`count` of them) has arrived and decoded: a signed link that works. */
async function expectImagesLoaded(images: Locator, count: number) {
  await expect(images).toHaveCount(count);
  for (let i = 0; i < count; i++) await expect.poll(() => images.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
}

test('miniapp customer: book, verify the engineer, confirm the quote, pay, accept and rate', async ({ page, request }) => {
  test.setTimeout(240_000);
  const api = apiClient(request);

  // Sign in with phone and one-time code (H5).
  await signInCustomer(page, CUSTOMER.phone);
  await expect(page.getByText(`您好，${CUSTOMER.name}`)).toBeVisible();
  await expect(page.getByText('免费二次上门')).toBeVisible();
  await page.screenshot(shot('miniapp-home.png'));
  const C = await customerToken(page);
  // The demo history gives this customer earlier orders (some booked for later windows): the new one is the one not
  // there before, whatever the list's order.
  const before = await api.get<{ total: number; items: Array<{ id: string }> }>('/orders/mine?pageSize=100', C);
  const ordersBefore = before.total;

  // The price list, searchable.
  await page.goto('/h5/#/packages/customer/pages/price-list/index');
  await expect(page.getByText('上门检测费')).toBeVisible();
  await page.locator('input[placeholder^="搜索项目名称或编码"]').fill('电容');
  await page.locator('input[placeholder^="搜索项目名称或编码"]').press('Enter');
  await expect(page.getByText('启动电容')).toBeVisible();
  await expect(page.getByText('上门检测费')).toHaveCount(0);
  await page.screenshot(shot('miniapp-price-list.png'));

  // A saved address (profile → 我的地址) with the province / city / district picker.
  await page.goto('/h5/#/packages/customer/pages/addresses/index');
  await button(page, '新增地址').click();
  await input(page, '联系人姓名').fill(CUSTOMER.name);
  await input(page, '联系电话').fill(CUSTOMER.phone);
  await page.getByText('选择省 / 市 / 区').click();
  await page.locator('.nut-cascader-item', { hasText: '浙江省' }).click();
  await page.locator('.nut-cascader-item', { hasText: '杭州市' }).click();
  await page.locator('.nut-cascader-item', { hasText: '西湖区' }).click();
  await input(page, '街道、小区、楼栋、门牌号').fill('文三路 398 号 3 幢 501 室');
  await button(page, '保存地址').click();
  await expect(page.getByText('浙江省 杭州市 西湖区 文三路 398 号 3 幢 501 室')).toBeVisible();

  // A saved appliance, bought long ago: out of warranty, so the quote costs money.
  await page.goto('/h5/#/packages/customer/pages/appliances/index');
  await button(page, '新增家电').click();
  await page.locator('.nut-popup .nut-radio', { hasText: '空调' }).click();
  await input(page, '如 格力、海尔').fill('格力');
  await input(page, '铭牌上的型号').fill('KFR-35GW');
  // The purchase-date picker is a styled sheet of year / month / day wheels, not a page-long list of dates.
  await page.getByText('选择购买日期').click();
  const picker = page.locator('.nut-picker').filter({ visible: true });
  await expect(picker.locator('.nut-picker-panel')).toBeVisible();
  expect((await picker.boundingBox())!.height).toBeLessThan(500);
  await page.screenshot(shot('miniapp-date-picker.png'));
  await picker.locator('.nut-picker-cancel-btn').click();
  await input(page, '或直接输入 YYYY-MM-DD').fill('2019-05-01');
  await button(page, '保存家电').click();
  await expect(page.getByText('空调 · 格力 KFR-35GW')).toBeVisible();
  await expect(page.locator('.manage__item', { hasText: '格力 KFR-35GW' }).getByText(/已过保/)).toBeVisible();

  // Booking: from the home page's category grid.
  await page.goto('/h5/#/pages/index/index');
  await page.locator('.nut-grid-item', { hasText: '空调' }).click();
  await expect(page.getByText('选择服务').first()).toBeVisible();
  // The step bar marks where the customer is.
  await expect(page.locator('.booking__step--current')).toHaveText(/选择服务/);
  await page.locator('.nut-radio', { hasText: /^维修$/ }).click();
  await page.locator('.booking__appliance', { hasText: '格力 KFR-35GW' }).click();
  await button(page, '下一步').click();

  // Step 2 insists on a description before moving on.
  await button(page, '下一步').click();
  await expect(page.getByText('请描述故障或需求')).toBeVisible();
  await page.locator('textarea').first().fill('空调不制冷，外机不转');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.nut-uploader-upload').first().click()]);
  await chooser.setFiles({ name: 'fault.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(page.locator('.nut-uploader-preview')).toHaveCount(1);
  await expect(page.getByText(/上传中/)).toHaveCount(0);
  await button(page, '下一步').click();

  // Step 3: the address just saved (the demo history gave this customer a default one elsewhere); the first window
  // with room.
  await page.locator('.booking__address', { hasText: '文三路 398 号' }).click();
  await page.locator('.slot-picker .nut-radio-button', { hasText: '剩' }).filter({ visible: true }).first().click();
  await button(page, '下一步').click();

  // Review, then a double tap on submit: one order.
  await expect(page.getByText('请核对预约信息')).toBeVisible();
  await expect(page.getByText('格力 KFR-35GW（已过保）')).toBeVisible();
  await expect(page.getByText('1 张')).toBeVisible();
  await expect(page.locator('.booking__step--current')).toHaveText(/确认提交/);
  await expect(page.locator('.booking__step--done')).toHaveCount(3);
  await page.screenshot(shot('miniapp-booking-review.png'));
  await button(page, '提交预约').dblclick();
  await expect(tag(page, '待派单')).toBeVisible();
  const mine = await api.get<{ total: number; items: Array<{ id: string; orderNo: string }> }>('/orders/mine?pageSize=100', C);
  expect(mine.total).toBe(ordersBefore + 1);
  const order = mine.items.find((o) => !before.items.some((b) => b.id === o.id))!;
  await expect(page.getByText(`订单号 ${order.orderNo}`)).toBeVisible();
  await expect(page.getByText('24 小时内接单响应')).toBeVisible();
  await page.screenshot(shot('miniapp-order.png'));

  // The outlet manager dispatches to 陈建国; he accepts and sets off.
  const M = await api.staff('manager.xihu');
  const candidates = await api.get<{ items: Array<{ engineerId: string; name: string; eligible: boolean }> }>(`/orders/${order.id}/candidates`, M);
  const chen = candidates.items.find((c) => c.name === '陈建国' && c.eligible)!;
  await api.post(`/orders/${order.id}/dispatch`, M, { engineerId: chen.engineerId });
  const E = await api.staff('eng.xihu.1');
  await api.post(`/orders/${order.id}/accept`, E);
  await api.post(`/orders/${order.id}/depart`, E);

  // The customer shows the service code; the engineer checks in with what the screen shows.
  await page.reload();
  await expect(tag(page, '工程师已出发')).toBeVisible();
  await expect(page.locator('.order-detail__engineer-name', { hasText: '陈建国' })).toBeVisible();
  await button(page, '出示服务码').click();
  await expect(page.locator('.service-code__qr')).toBeVisible();
  await expect(page.getByText(/有效期剩余 (09|10):\d\d/)).toBeVisible();
  await page.screenshot(shot('miniapp-service-code.png'));
  const code = (await page.locator('.service-code__text').textContent())!.trim();
  await api.post(`/orders/${order.id}/check-in`, E, { serviceCode: code });

  // Verify the engineer's card: in H5 the customer pastes what the card's QR code holds.
  const card = await api.get<{ qr: { verifyUrl: string } }>('/me/card', E);
  await page.reload();
  await expect(tag(page, '工程师已到达')).toBeVisible();
  await button(page, '核验工程师工作证').click();
  await page.locator('textarea[placeholder="或粘贴工作证二维码的链接"]').fill(card.qr.verifyUrl);
  await button(page, /^\s*核验\s*$/).click();
  await expect(page.getByText('✓ 是您订单当前指派的工程师')).toBeVisible();
  await expect(page.getByText('✓ 具备该品类的服务资质')).toBeVisible();
  await expect(page.getByText(/这是您订单当前指派的工程师|是您订单的工程师，但有一项不符/)).toBeVisible();
  await expect(page.getByText('工号 FX-XH-001')).toBeVisible();
  await page.screenshot(shot('miniapp-verify.png'));

  // The engineer quotes from the catalogue; the customer confirms the itemised quote.
  const prices = await api.get<{ groups: Array<{ items: Array<{ code: string; kind: string }> }> }>('/catalog/price-list?category=air_conditioner&serviceType=repair');
  const items = prices.groups.flatMap((g) => g.items);
  const labour = items.find((i) => i.kind === 'labour')!;
  const part = items.find((i) => i.code === 'AC-P-002') ?? items.find((i) => i.kind === 'part')!;
  await api.post(`/orders/${order.id}/quotes`, E, { items: [{ code: labour.code, quantity: 1 }, { code: part.code, quantity: 1 }] });
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await expect(tag(page, '待确认报价')).toBeVisible();
  await expect(page.getByText('报价单 #1')).toBeVisible();
  const confirm = button(page, /确认报价 ¥/);
  await expect(confirm).toBeVisible();
  await confirm.scrollIntoViewIfNeeded();
  await page.screenshot(shot('miniapp-quote-confirm.png'));
  // Issue 18: the confirmation sheet lists each line and the total as the server priced them, at 390 px, at 320 px
  // and in 长辈模式; nothing is confirmed until its primary button.
  const sheet = page.locator('.confirm-sheet__body').filter({ visible: true });
  const sheetButton = (text: string) => sheet.locator('taro-button-core', { hasText: text }).first();
  const openSheet = async () => {
    await button(page, /确认报价 ¥/).click();
    await expect(sheet).toBeVisible();
    await expect(sheet.locator('.confirm-sheet__line')).toHaveCount(2);
  };
  await confirm.click();
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('.confirm-sheet__line')).toHaveCount(2);
  await expect(sheetButton('确认并同意支付 ¥')).toBeVisible();
  await page.screenshot(shot('miniapp-quote-sheet.png'));
  const phone = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  await page.screenshot(shot('miniapp-quote-sheet-320.png'));
  await sheetButton('取消').click();
  await expect(sheet).toHaveCount(0);
  await page.goto('/h5/#/pages/profile/index');
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(1);
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await openSheet();
  await page.screenshot(shot('miniapp-quote-sheet-elder-320.png'));
  await sheetButton('取消').click();
  await page.goto('/h5/#/pages/profile/index');
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(0);
  await page.setViewportSize(phone);
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await openSheet();
  await sheetButton('确认并同意支付 ¥').click();
  await expect(tag(page, '客户已确认')).toBeVisible();
  await expect(button(page, '拒绝报价')).toHaveCount(0);

  // The engineer works, reports with photos and a signature, records the payment and completes.
  await api.post(`/orders/${order.id}/start`, E);
  const photo = await api.upload(E, 'report_photo', order.id, PHOTO);
  const oldPart = await api.upload(E, 'old_part_photo', order.id, OLD_PART);
  const signature = await api.upload(E, 'signature', order.id, SIGNATURE);
  await api.post(`/orders/${order.id}/report`, E, {
    diagnosis: '启动电容失效',
    actions: '更换启动电容，试机正常',
    partsUsed: [{ code: part.code, quantity: 1, newSerialNo: 'SN-E2E-0001', oldPartPhotoId: oldPart }],
    photoIds: [photo],
    signatureId: signature,
  });
  const quoted = await api.get<{ quotes: Array<{ totalFen: number }> }>(`/orders/${order.id}`, C);
  const total = quoted.quotes.at(-1)!.totalFen;
  expect(total).toBeGreaterThan(0);
  await api.post(`/orders/${order.id}/payment`, E, { method: 'wechat', amountFen: total, receiptNo: 'WXE2E000001' });
  await api.post(`/orders/${order.id}/complete`, E);

  // Payment and the e-receipt.
  await page.reload();
  await expect(tag(page, '已完工')).toBeVisible();
  const yuan = `¥${(total / 100).toFixed(2)}`;
  await expect(page.getByText(`已支付 ${yuan}（微信支付）`)).toBeVisible();

  // Issue 18: the service report on the order — diagnosis, work done, the part with its new serial, the old part, the
  // site photo and the signature — as thumbnails from short-lived signed links that open full size.
  const report = page.locator('.service-report');
  await expect(report.getByText('启动电容失效')).toBeVisible();
  await expect(report.getByText('更换启动电容，试机正常')).toBeVisible();
  await expect(report.getByText('新配件序列号：SN-E2E-0001')).toBeVisible();
  await expect(report.locator('.photo-grid__item')).toHaveCount(3);
  await expectImagesLoaded(report.locator('img'), 3);
  await report.scrollIntoViewIfNeeded();
  await page.screenshot(shot('miniapp-service-report.png'));
  await report.getByRole('button', { name: '查看现场照片大图' }).click();
  const viewer = page.locator('.preview-image');
  await expectImagesLoaded(viewer.locator('img'), 1);
  await page.screenshot(shot('miniapp-photo-full-size.png'));
  await viewer.click();
  await expect(viewer).toHaveCount(0);
  // The customer's own fault photo, from booking, opens full size too.
  await page.getByRole('button', { name: '查看故障照片大图' }).click();
  await expectImagesLoaded(viewer.locator('img'), 1);
  await viewer.click();
  await expect(viewer).toHaveCount(0);

  // The outlet's staff see the same photos in the admin's order drawer, from the same kind of link, full size on click.
  const admin = await page.context().newPage();
  await admin.setViewportSize({ width: 1280, height: 800 });
  await signInAdmin(admin, 'manager.xihu');
  await admin.goto(`/admin/orders?order=${order.id}`);
  const drawer = admin.getByRole('dialog', { name: `订单 ${order.orderNo}` });
  await drawer.getByRole('tab', { name: '照片' }).click();
  const adminPhotos = drawer.locator('.photos__image img');
  await expectImagesLoaded(adminPhotos, 4); // fault, site, old part, signature
  await admin.screenshot(shot('admin-order-photos-1280.png', false));
  await adminPhotos.nth(1).click();
  await expectImagesLoaded(admin.locator('.el-image-viewer__img'), 1);
  await admin.screenshot(shot('admin-order-photo-preview.png', false));
  await admin.keyboard.press('Escape');
  await expect(admin.locator('.el-image-viewer__wrapper')).toHaveCount(0);
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.screenshot(shot('admin-order-photos-1440.png', false));
  await admin.close();
  await button(page, '查看电子收据').click();
  await expect(page.getByText('放心服务 电子收据')).toBeVisible();
  await expect(page.getByText('WXE2E000001', { exact: true }).filter({ visible: true })).toBeVisible();
  await expect(page.getByText(/保修至 \d{4}-\d{2}-\d{2}/).first()).toBeVisible();
  await page.screenshot(shot('miniapp-receipt.png'));
  // (Taro keeps the order page below the receipt: look at the receipt's own report.)
  await expect(page.locator('.receipt .service-report').getByText('新配件序列号：SN-E2E-0001')).toBeVisible();
  await expectImagesLoaded(page.locator('.receipt .service-report img'), 3);
  await fullPageShot(page, 'miniapp-receipt-report.png');

  // Accept the finished work.
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await button(page, '确认服务完成').click();
  await page.locator('.nut-dialog taro-button-core', { hasText: '确认完成' }).click();
  await expect(tag(page, '已关闭')).toBeVisible();

  // Rate it: nine elements, problem solved, recommendation.
  await button(page, '评价本次服务').click();
  await expect(page.getByText('请为本次服务打分')).toBeVisible();
  const rates = page.locator('.survey__rate');
  await expect(rates).toHaveCount(9);
  for (let i = 0; i < 9; i++) await rates.nth(i).locator('.nut-rate-item').nth(4).click();
  await page.locator('.nut-radio', { hasText: /^已解决$/ }).click();
  await page.locator('.survey__nps .nut-radio', { hasText: /^10$/ }).click();
  await page.locator('textarea').first().fill('工程师准时专业，收费透明');
  await page.screenshot(shot('miniapp-survey.png'));
  await button(page, '提交评价').click();
  await expect(page.getByText('感谢您的评价！')).toBeVisible();
  const survey = await api.get<{ survey: { scores: Record<string, number>; problemSolved: boolean; recommendation: number } }>(`/orders/${order.id}/survey`, C);
  expect(survey.survey).toMatchObject({ problemSolved: true, recommendation: 10 });
  expect(Object.values(survey.survey.scores)).toEqual(Array(9).fill(5));
  // Once rated, the order offers the answer instead of a second survey; each answer reads on its own labelled line.
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await expect(button(page, '查看我的评价')).toBeVisible();
  await expect(button(page, '评价本次服务')).toHaveCount(0);
  await button(page, '查看我的评价').click();
  await expect(page.locator('.survey__answer', { hasText: '问题是否解决' })).toContainText('已解决');
  await expect(page.locator('.survey__answer', { hasText: '推荐给亲友的意愿' })).toContainText('10 分（满分 10 分）');
  await expect(page.locator('.survey__answer', { hasText: '您的评语' })).toContainText('工程师准时专业，收费透明');
  await fullPageShot(page, 'miniapp-survey-answered.png');

  // The closed order on a 320 px phone, then in 长辈模式: its buttons come from the server's actions (a free second
  // visit), its timeline reads in words (the slot, the engineer, the amounts; no keys or codes).
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await expect(button(page, '申请免费二次上门')).toBeVisible();
  await expect(page.getByText('工程师：陈建国').first()).toBeVisible();
  await expect(page.getByText(/[a-z]+_[a-z]+|engineerName|slot:/)).toHaveCount(0);
  await fullPageShot(page, 'miniapp-order-closed-320.png');
  await page.locator('.service-report').scrollIntoViewIfNeeded();
  await page.screenshot(shot('miniapp-service-report-320.png', false));
  await page.goto('/h5/#/pages/profile/index');
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(1);
  await page.goto(`/h5/#/pages/order/index?id=${order.id}`);
  await expect(button(page, '申请免费二次上门')).toBeVisible();
  await fullPageShot(page, 'miniapp-order-closed-elder-320.png');
  await page.locator('.service-report').scrollIntoViewIfNeeded();
  await page.screenshot(shot('miniapp-service-report-elder-320.png', false));
  await page.goto('/h5/#/pages/profile/index');
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(0);
});

test('miniapp customer: 长辈模式 makes every text larger, switched in the profile', async ({ page }) => {
  await page.goto('/h5/#/pages/profile/index');
  const title = page.locator('.nut-cell-title', { hasText: '长辈模式（大字体）' });
  const before = await title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(1);
  const after = await title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(after).toBeGreaterThan(before * 1.2);

  await page.goto('/h5/#/pages/index/index');
  await expect(page.locator('.fx-elder')).toHaveCount(1);
  await page.screenshot(shot('miniapp-elder-mode.png'));
  await page.goto('/h5/#/pages/profile/index');
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(0);
});
