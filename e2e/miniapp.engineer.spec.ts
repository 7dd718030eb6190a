import { expect } from '@playwright/test';
import { button, input, PNG, shot, sign, signInEngineer, tag, test } from './helpers';
import { apiClient } from './api';

/**
 * Issue 5, the engineer's journey in the mini-program's H5 build, against the real server: sign in to engineer mode,
 * show the e-work card (QR code and countdown), accept a dispatched order, set off, check in with the customer's
 * service code (typed: the H5 fallback for scanning), quote from the catalogue, start once the customer confirmed,
 * report with photo uploads, an old-part photo and the customer's signature, record the payment and complete.
 * The customer and the outlet manager play their parts through the API.
 */

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

test('miniapp engineer: card, accept, check in, quote, report with photos and signature, payment', async ({ page, request }) => {
  test.setTimeout(240_000);
  const api = apiClient(request);

  // A customer books (API) and the outlet manager dispatches to 陈建国 (eng.xihu.1).
  const phone = `139${String(Date.now()).slice(-8)}`;
  const C = await api.customerToken(phone);
  const address = await api.post<{ id: string }>('/me/addresses', C, { contactName: '赵先生', phone, districtCode: '330106', detail: '西湖区文三路 100 号 2 单元 301', isDefault: true });
  const appliance = await api.post<{ id: string }>('/me/appliances', C, { category: 'air_conditioner', brand: '美的', model: 'KFR-26GW', purchaseDate: '2018-04-01' });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const last = new Date(Date.now() + 8 * 3600_000 + 6 * 86400_000).toISOString().slice(0, 10);
  const availability = await api.get<{ days: Array<{ day: string; windows: Array<{ window: string; bookable: boolean }> }> }>(
    `/slots/availability?districtCode=330106&category=air_conditioner&from=${today}&to=${last}`,
  );
  const slot = availability.days.flatMap((d) => d.windows.filter((w) => w.bookable).map((w) => ({ day: d.day, window: w.window })))[0]!;
  const order = await api.post<{ id: string; orderNo: string }>(
    '/orders',
    C,
    { category: 'air_conditioner', serviceType: 'repair', addressId: address.id, applianceId: appliance.id, faultDescription: '空调漏水，制冷差', slot },
    { 'idempotency-key': `e2e-eng-${Date.now()}` },
  );
  const M = await api.staff('manager.xihu');
  const candidates = await api.get<{ items: Array<{ engineerId: string; name: string; eligible: boolean }> }>(`/orders/${order.id}/candidates`, M);
  await api.post(`/orders/${order.id}/dispatch`, M, { engineerId: candidates.items.find((c) => c.name === '陈建国' && c.eligible)!.engineerId });

  // Engineer mode: sign in.
  await signInEngineer(page, 'eng.xihu.1');
  await expect(page.getByText('陈建国')).toBeVisible();

  // The e-work card: photo (initials), details, a QR code and its countdown; it refreshes before it expires.
  await button(page, '出示电子工作证').click();
  await expect(page.getByText('放心服务 · 电子工作证')).toBeVisible();
  await expect(page.locator('.work-card__qr')).toBeVisible();
  expect(await page.locator('.work-card__qr img').getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
  await expect(page.getByText(/有效期剩余 00:5\d|有效期剩余 01:00/)).toBeVisible();
  await expect(page.getByText(/\d+ 秒后自动刷新/)).toBeVisible();
  await expect(page.getByText('制冷与空调作业证')).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-card.png'));
  const firstToken = await page.locator('.work-card__token').textContent();
  await button(page, '立即刷新').click();
  await expect(page.locator('.work-card__token')).not.toHaveText(firstToken!);

  // Tasks: the dispatched order waits under 今日 or 待上门, by its day.
  await page.goto('/h5/#/packages/engineer/pages/home/index');
  await page.locator('.nut-tabs-titles-item', { hasText: slot.day === today ? '今日' : '待上门' }).click();
  const task = page.locator('.task-card', { hasText: order.orderNo });
  await expect(task).toBeVisible();
  await expect(task.locator('.nut-tag', { hasText: '已派单' })).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-tasks.png'));
  await task.click();

  // Accept, depart.
  await expect(page.getByText('订单号 ' + order.orderNo)).toBeVisible();
  await expect(button(page, '拒单')).toBeVisible();
  await button(page, /^\s*接单\s*$/).click();
  await expect(button(page, '出发上门')).toBeVisible();
  await expect(page.getByText('赵先生 ' + phone)).toBeVisible();
  await button(page, '出发上门').click();

  // Check in with the customer's six-digit service code, typed in; a short one and a wrong one are refused first.
  await expect(page.getByText('到达签到')).toBeVisible();
  await input(page, '输入 6 位服务码').fill('12345');
  await button(page, /^\s*签到\s*$/).click();
  await expect(page.getByText('格式不对（请输入 6 位数字）')).toBeVisible();
  const code = await api.post<{ serviceCode: string }>(`/orders/${order.id}/service-code`, C);
  await input(page, '输入 6 位服务码').fill(code.serviceCode === '000000' ? '000001' : '000000');
  await button(page, /^\s*签到\s*$/).click();
  await expect(page.getByText('服务码不正确（还可尝试 4 次）')).toBeVisible();
  await input(page, '输入 6 位服务码').fill(code.serviceCode);
  await page.screenshot(shot('miniapp-engineer-check-in.png'));
  await button(page, /^\s*签到\s*$/).click();
  await expect(tag(page, '工程师已到达')).toBeVisible();

  // Quote from the catalogue: search, add, quantities; an off-catalogue item needs a reason.
  await button(page, '按价目表报价').click();
  await expect(page.getByText('上门检测费')).toBeVisible();
  await page.locator('.catalogue-item', { hasText: '上门检测费' }).locator('taro-button-core').click();
  await page.locator('input[placeholder="搜索项目名称或编码"]').fill('冷媒');
  await page.locator('input[placeholder="搜索项目名称或编码"]').press('Enter');
  await expect(page.locator('.catalogue-item')).toHaveCount(1);
  await page.locator('.catalogue-item', { hasText: '冷媒' }).locator('taro-button-core').click();
  await button(page, '添加价目表外项目').click();
  await input(page, '如 进口电机轴承').fill('排水管加长');
  await page.locator('.off-form .nut-radio', { hasText: /^附加费$/ }).click();
  await input(page, '单价（元）').fill('25');
  await page.locator('.off-form textarea').fill('缺');
  await button(page, '加入报价').click();
  await expect(page.getByText('价目表外项目必须说明原因')).toBeVisible();
  await page.locator('.off-form textarea').fill('原排水管过短导致漏水');
  await button(page, '加入报价').click();
  await expect(page.getByText(/价目表外 · 原排水管过短导致漏水/)).toBeVisible();
  await expect(page.getByText('¥175.00')).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-quote.png'));
  await button(page, '发送报价给客户').click();
  await expect(page.getByText('等待客户在手机上确认报价，确认后才能开始服务。')).toBeVisible();
  await expect(button(page, '开始服务')).toHaveCount(0);

  // The customer confirms; the engineer starts.
  const quoted = await api.get<{ quotes: Array<{ no: number; totalFen: number }> }>(`/orders/${order.id}`, C);
  const quote = quoted.quotes.at(-1)!;
  expect(quote.totalFen).toBe(17500);
  await api.post(`/orders/${order.id}/quotes/${quote.no}/confirm`, C);
  await page.reload();
  await button(page, '开始服务').click();
  await expect(tag(page, '服务中')).toBeVisible();

  // The report: diagnosis, actions, site photo, the replaced part's serial and old-part photo, the signature.
  await button(page, '填写服务报告').click();
  await page.locator('textarea[placeholder="检查发现的问题"]').fill('冷媒不足，排水管过短');
  await page.locator('textarea[placeholder="做了哪些维修或服务"]').fill('补充冷媒 R32，加长排水管，试机正常');
  const [site] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.nut-uploader-upload').first().click()]);
  await site.setFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG });
  // Issue 18: 冷媒 R32 补充 is a consumable in the catalogue: no new serial and no old-part photo are asked for it.
  await expect(page.locator('.report__part')).toHaveCount(0);
  await expect(page.getByText('冷媒 R32 补充的新配件序列号')).toHaveCount(0);
  await expect(page.locator('.nut-uploader-preview')).toHaveCount(1);
  await expect(page.getByText(/上传中/)).toHaveCount(0);
  await sign(page);
  await button(page, '确认签名').click();
  await expect(page.getByText('✓ 客户已签名')).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-report.png'));
  await button(page, '提交服务报告').click();

  // Back on the order: record the payment (exactly the confirmed total), then complete.
  await expect(page.getByText('服务报告已提交')).toBeVisible();
  await expect(page.getByText('登记收款')).toBeVisible();
  await expect(button(page, '确认收款 ¥175.00')).toBeVisible();
  await input(page, '微信支付单号或转账流水号').fill('WXENG0000001');
  await button(page, '确认收款 ¥175.00').click();
  // Issue 18: the confirmation sheet lists the confirmed quote's lines, the total, the method and the voucher.
  await expect(page.getByText('收款方式：微信支付，凭证号 WXENG0000001')).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-payment-sheet.png'));
  await button(page, '确认已收款 ¥175.00').click();
  await expect(page.getByText('已收 ¥175.00（微信支付），凭证号 WXENG0000001')).toBeVisible();
  await button(page, /^\s*完工\s*$/).click();
  await page.screenshot(shot('miniapp-engineer-complete-sheet.png'));
  await button(page, '确认完工（已收 ¥175.00）').click();
  await expect(tag(page, '已完工')).toBeVisible();
  await page.screenshot(shot('miniapp-engineer-completed.png'));

  const done = await api.get<{ status: string; report: { photoIds: string[]; partsUsed: Array<{ newSerialNo: string }> }; payment: { amountFen: number } }>(`/orders/${order.id}`, C);
  expect(done).toMatchObject({ status: 'completed', payment: { amountFen: 17500 } });
  expect(done.report.photoIds).toHaveLength(1);
  expect(done.report.partsUsed).toEqual([]); // the refrigerant is a consumable: charged, not reported as a swapped part
});
