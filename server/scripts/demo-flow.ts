/**
 * `pnpm --filter @fangxin/server demo:flow [baseUrl]`: drives one order from booking to closed against a running
 * server (default http://127.0.0.1:3000, seeded with the demo data), through the public API only, and prints each
 * step. Exits non-zero at the first step that fails, with the server's error.
 */
import { DEMO_ENGINEERS, DEMO_PASSWORD } from '../src/seed/data';
import { currentConsent } from '@fangxin/shared';

const BASE = (process.argv[2] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
let stepNo = 0;

async function api<T = any>(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(BASE + path, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(body?.error ?? body)}`);
  return body as T;
}

async function uploadImage(token: string, fields: Record<string, string>): Promise<string> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(PNG_1x1)], { type: 'image/png' }), 'photo.png');
  const res = await fetch(`${BASE}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { id: string; error?: unknown };
  if (!res.ok) throw new Error(`upload → ${res.status} ${JSON.stringify(body.error)}`);
  return body.id;
}

function step(who: string, what: string, detail = '') {
  stepNo++;
  console.log(`${String(stepNo).padStart(2)}. [${who}] ${what}${detail ? ` — ${detail}` : ''}`);
}

async function staffLogin(username: string) {
  return (await api('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_PASSWORD } })).accessToken as string;
}

async function main() {
  console.log(`demo:flow against ${BASE}\n`);
  await api('GET', '/readyz');

  const phone = `139${String(Date.now()).slice(-8)}`;
  const sent = await api('POST', '/api/v1/auth/otp/send', { body: { phone } });
  if (!sent.devCode) throw new Error('the server does not use the development SMS channel; demo:flow needs SMS_PROVIDER=console');
  const customer = await api('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.devCode, consent: currentConsent() } });
  const C = customer.accessToken as string;
  step('客户', '手机号验证码登录', `${customer.user.phoneMasked}`);

  const address = await api('POST', '/api/v1/me/addresses', { token: C, body: { contactName: '演示客户', phone, districtCode: '330106', detail: '西湖区文三路 398 号 3 幢 501 室', isDefault: true } });
  const appliance = await api('POST', '/api/v1/me/appliances', { token: C, body: { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW/NhGd1B', purchaseDate: '2023-06-18' } });
  step('客户', '保存地址和家电', `${address.districtName ?? address.districtCode}，空调保修：${appliance.warranty.inWarranty ? '保内' : '已过保'}`);

  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const last = new Date(Date.now() + 8 * 3600_000 + 7 * 86400_000).toISOString().slice(0, 10);
  const availability = await api('GET', `/api/v1/slots/availability?districtCode=330106&category=air_conditioner&from=${today}&to=${last}`);
  const free = availability.days.flatMap((d: { day: string; windows: Array<{ window: string; bookable: boolean; remaining: number }> }) => d.windows.filter((x) => x.bookable).map((x) => ({ day: d.day, ...x })))[0];
  if (!free) throw new Error('no bookable window in the next 7 days');
  step('客户', '查看可预约时段', `最早 ${free.day} ${free.window}，剩余 ${free.remaining}`);

  const key = `demo-${Date.now()}`;
  const body = { category: 'air_conditioner', serviceType: 'repair', addressId: address.id, applianceId: appliance.id, faultDescription: '空调不制冷，外机不转', slot: { day: free.day, window: free.window } };
  const order = await api('POST', '/api/v1/orders', { token: C, body, headers: { 'idempotency-key': key } });
  const retry = await api('POST', '/api/v1/orders', { token: C, body, headers: { 'idempotency-key': key } });
  step('客户', '提交预约', `订单 ${order.orderNo}（${order.statusLabel}）；同一 Idempotency-Key 重试返回同一订单：${retry.id === order.id}`);

  const M = await staffLogin('manager.xihu');
  const candidates = await api('GET', `/api/v1/orders/${order.id}/candidates`, { token: M });
  const best = candidates.items.find((c: { eligible: boolean }) => c.eligible);
  if (!best) throw new Error('no eligible engineer');
  step('网点经理', '查看派单建议', `首选 ${best.name}（${best.reasons.join('；')}）；排除 ${candidates.items.filter((c: { eligible: boolean }) => !c.eligible).length} 人`);
  await api('POST', `/api/v1/orders/${order.id}/dispatch`, { token: M, body: { engineerId: best.engineerId } });
  step('网点经理', '派单', best.name);

  const username = DEMO_ENGINEERS.find((e) => e.employeeNo === best.employeeNo)!.username;
  const E = await staffLogin(username);
  await api('POST', `/api/v1/orders/${order.id}/accept`, { token: E });
  step('工程师', '接单', username);
  await api('POST', `/api/v1/orders/${order.id}/depart`, { token: E });
  step('工程师', '出发');

  const code = await api('POST', `/api/v1/orders/${order.id}/service-code`, { token: C });
  const arrived = await api('POST', `/api/v1/orders/${order.id}/check-in`, { token: E, body: { serviceCode: code.qrText } });
  step('工程师', '扫描客户服务码签到', arrived.statusLabel);

  const card = await api('GET', '/api/v1/me/card', { token: E });
  const verdict = await api('POST', '/api/v1/cards/verify', { token: C, body: { token: card.qr.token } });
  const match = verdict.orders.find((o: { orderId: string }) => o.orderId === order.id);
  step('客户', '扫码核验工作证', `${verdict.label}；本单指派：${match?.assignedToThisOrder}，时间窗口内：${match?.inTimeWindow}，具备资质：${match?.qualifiedForCategory}`);

  const priceList = await api('GET', '/api/v1/catalog/price-list?category=air_conditioner&serviceType=repair');
  const items = priceList.groups.flatMap((g: { items: unknown[] }) => g.items) as Array<{ code: string; kind: string; name: string; priceFen: number }>;
  const labour = items.find((i) => i.kind === 'labour')!;
  const part = items.find((i) => i.kind === 'part')!;
  const quoted = await api('POST', `/api/v1/orders/${order.id}/quotes`, { token: E, body: { items: [{ code: labour.code, quantity: 1 }, { code: part.code, quantity: 1 }] } });
  const quote = quoted.quotes.at(-1);
  step('工程师', '按价目表报价', `${quote.items.map((i: { name: string; chargedUnitFen: number; coveredBy: string | null }) => `${i.name} ${yuan(i.chargedUnitFen)}${i.coveredBy ? '（保内免费）' : ''}`).join('，')}；合计 ${yuan(quote.totalFen)}`);

  await api('POST', `/api/v1/orders/${order.id}/quotes/${quote.no}/confirm`, { token: C });
  step('客户', '确认报价');
  await api('POST', `/api/v1/orders/${order.id}/start`, { token: E });
  step('工程师', '开始服务');

  const photo = await uploadImage(E, { kind: 'report_photo', orderId: order.id });
  const oldPart = await uploadImage(E, { kind: 'old_part_photo', orderId: order.id });
  const signature = await uploadImage(E, { kind: 'signature', orderId: order.id });
  await api('POST', `/api/v1/orders/${order.id}/report`, {
    token: E,
    body: { diagnosis: '启动电容失效', actions: '更换启动电容，试机正常', partsUsed: [{ code: part.code, quantity: 1, newSerialNo: `SN-${Date.now()}`, oldPartPhotoId: oldPart }], photoIds: [photo], signatureId: signature },
  });
  step('工程师', '提交服务报告', '现场照片、旧件照片、新件序列号、客户签名');
  await api('POST', `/api/v1/orders/${order.id}/payment`, { token: E, body: { method: 'wechat', amountFen: quote.totalFen, receiptNo: `WX${Date.now()}` } });
  step('工程师', '登记收款', yuan(quote.totalFen));
  await api('POST', `/api/v1/orders/${order.id}/complete`, { token: E });
  step('工程师', '完工');

  const closed = await api('POST', `/api/v1/orders/${order.id}/accept-work`, { token: C });
  step('客户', '确认完成', closed.statusLabel);

  const receipt = await api('GET', `/api/v1/orders/${order.id}/receipt`, { token: C });
  step('客户', '电子收据', `${receipt.items.length} 项，合计 ${yuan(receipt.totalFen)}，收据号 ${receipt.receiptNo}`);
  const chain = await api('GET', `/api/v1/orders/${order.id}/timeline/verify`, { token: C });
  step('系统', '校验时间线哈希链', `${chain.valid ? '完整' : '已被篡改'}，${chain.events} 个事件`);
  console.log(`\ndone: order ${order.orderNo} went from booking to ${closed.status}`);
}

main().catch((err) => {
  console.error(`\ndemo:flow failed at step ${stepNo + 1}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
