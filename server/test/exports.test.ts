import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotBounds, type Role } from '@fangxin/shared';
import { signAccessToken } from '../src/lib/accessToken';
import { AuditEntry } from '../src/modules/audit/model';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Order } from '../src/modules/orders/model';
import { User } from '../src/modules/users/model';
import { randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const uid = () => crypto.randomBytes(4).toString('hex');

interface Person {
  id: string;
  role: Role;
  outletId: string | null;
}

const tokenOf = (p: Person) => signAccessToken(t.config.JWT_SECRET, { sub: p.id, role: p.role, oid: p.outletId }, t.clock.now()).token;

async function person(role: Role, outletId: string | null = null): Promise<Person> {
  const user = await User.create({ role, name: `测试${role}`, ...(role === 'customer' ? { phone: randomPhone() } : { username: `${role}.${uid()}` }), outletId });
  return { id: String(user._id), role, outletId };
}

async function makeOutlet(name = `导出网点${uid()}`) {
  const outlet = await Outlet.create({ code: `X-${uid()}`, name, city: '杭州市', districtCodes: ['330109'], address: '测试路 3 号', phone: '0571-00000003' });
  const id = String(outlet._id);
  const engineerUser = await person('engineer', id);
  const engineer = await Engineer.create({ userId: engineerUser.id, outletId: id, employeeNo: `E-${uid()}`, name: '赵师傅', phone: randomPhone(), level: 2 });
  return { id, name, manager: await person('outlet_manager', id), engineerUser, engineer: { id: String(engineer._id), employeeNo: engineer.employeeNo } };
}
type TestOutlet = Awaited<ReturnType<typeof makeOutlet>>;

/** An order document as the booking flow stores it, written straight to the collection (no validation, no hooks). */
function orderDoc(outlet: TestOutlet, createdAt: Date, extra: Record<string, unknown> = {}) {
  const outletId = new Types.ObjectId(outlet.id);
  const { startAt, endAt } = slotBounds('2025-03-02', '14-16');
  return {
    _id: new Types.ObjectId(),
    orderNo: `FXE${uid()}${uid()}`,
    customerId: new Types.ObjectId(),
    outletId,
    category: 'air_conditioner',
    serviceType: 'repair',
    parentOrderId: null,
    fault: { description: '不制冷', photoIds: [] },
    contact: { name: '张女士', phone: '13812345678', districtCode: '330109', detail: '文三路 398 号 2 幢 1201 室' },
    slot: { outletId, day: '2025-03-02', window: '14-16', startAt, endAt },
    status: 'pending',
    engineerId: null,
    engineerUserId: null,
    catalogVersion: 1,
    quotes: [],
    confirmedQuoteNo: null,
    payment: null,
    cancellation: null,
    times: {},
    createdDay: '2025-03-01',
    timeline: [],
    timelineHead: '0'.repeat(64),
    createdAt,
    updatedAt: createdAt,
    ...extra,
  };
}

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

async function exportCsv(who: Person, qs: Record<string, string>) {
  const res = await fetch(`${t.url}/api/v1/admin/exports/orders.csv?${new URLSearchParams(qs)}`, { headers: { authorization: `Bearer ${tokenOf(who)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

const rowsOf = (text: string) => parseCsv(text.replace(/^\uFEFF/, ''));

describe('GET /admin/exports/orders.csv — the file', () => {
  it('starts with a BOM and a Chinese header with English in parentheses, then one row per order with masked phones', async () => {
    const outlet = await makeOutlet('西湖一号网点');
    const admin = await person('platform_admin');
    const closed = orderDoc(outlet, new Date('2025-03-01T02:03:04Z'), {
      status: 'closed',
      engineerId: new Types.ObjectId(outlet.engineer.id),
      engineerUserId: new Types.ObjectId(outlet.engineerUser.id),
      quotes: [
        { no: 1, items: [], totalFen: 9999, status: 'rejected' },
        { no: 2, items: [], totalFen: 12345, status: 'confirmed' },
      ],
      confirmedQuoteNo: 2,
      payment: { method: 'wechat', amountFen: 12345, receiptNo: 'WX1', paidAt: new Date('2025-03-02T07:30:00Z') },
      times: { closedAt: new Date('2025-03-03T16:30:00Z') },
    });
    await Order.collection.insertMany([closed]);

    const res = await exportCsv(admin, { from: '2025-03-01', to: '2025-03-01', outletId: outlet.id });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fangxin-orders-2025-03-01_2025-03-01-\d{8}\.csv"$/);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(res.text);
    expect(rows[0]).toEqual([
      '订单号 (Order No.)',
      '下单时间 (Created At, Asia/Shanghai)',
      '状态 (Status)',
      '品类 (Category)',
      '服务类型 (Service Type)',
      '网点 (Outlet)',
      '工程师 (Engineer)',
      '工号 (Employee No.)',
      '区县代码 (District Code)',
      '客户电话 (Customer Phone, masked)',
      '预约时段 (Slot)',
      '确认金额（元） (Confirmed Total, CNY)',
      '支付时间 (Paid At)',
      '关闭时间 (Closed At)',
      '取消原因 (Cancel Reason)',
    ]);
    expect(rows.slice(1)).toEqual([
      [closed.orderNo, '2025-03-01 10:03:04', '已关闭', '空调', '维修', '西湖一号网点', '赵师傅', outlet.engineer.employeeNo, '330109', '138****5678', '2025-03-02 14:00-16:00', '123.45', '2025-03-02 15:30:00', '2025-03-04 00:30:00', ''],
    ]);
    expect(res.text).not.toContain('13812345678');
    expect(res.text).not.toContain('张女士');
    expect(res.text).not.toContain('文三路');
  });

  it('quotes a cancel reason holding a comma, quotes and a line break, and defuses one that looks like a formula', async () => {
    const outlet = await makeOutlet();
    const reasons = ['客户说，"不需要了", 改天再约', '第一行\n第二行', '=HYPERLINK("http://evil.example","点我")'];
    await Order.collection.insertMany(
      reasons.map((reason, i) =>
        orderDoc(outlet, new Date(Date.UTC(2025, 3, 1, 1, i)), { status: 'cancelled', cancellation: { by: 'customer', reason, at: new Date('2025-04-01T05:00:00Z') } }),
      ),
    );
    const res = await exportCsv(outlet.manager, { from: '2025-04-01', to: '2025-04-01' });
    expect(res.text).toContain('"客户说，""不需要了"", 改天再约"\r\n');
    expect(res.text).toContain('"第一行\n第二行"\r\n');
    const rows = rowsOf(res.text);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r[14])).toEqual([reasons[0], reasons[1], `'${reasons[2]}`]);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['已取消', '已取消', '已取消']);
  });
});

describe('GET /admin/exports/orders.csv — who exports what', () => {
  it('gives an outlet manager their own outlet only, and 404 for another outlet', async () => {
    const [mine, theirs] = [await makeOutlet(), await makeOutlet()];
    await Order.collection.insertMany([orderDoc(mine, new Date('2025-05-01T03:00:00Z')), orderDoc(theirs, new Date('2025-05-01T04:00:00Z'))]);
    const own = await exportCsv(mine.manager, { from: '2025-05-01', to: '2025-05-01' });
    expect(rowsOf(own.text).slice(1).map((r) => r[5])).toEqual([mine.name]);
    const explicit = await exportCsv(mine.manager, { from: '2025-05-01', to: '2025-05-01', outletId: mine.id });
    expect(rowsOf(explicit.text)).toHaveLength(2);
    const other = await exportCsv(mine.manager, { from: '2025-05-01', to: '2025-05-01', outletId: theirs.id });
    expect(other.status).toBe(404);
    expect(JSON.parse(other.text).error.id).toBe('not_found');
  });

  it('gives a platform admin every outlet or one, filtered by status and by Shanghai day', async () => {
    const [a, b] = [await makeOutlet(), await makeOutlet()];
    const admin = await person('platform_admin');
    await Order.collection.insertMany([
      orderDoc(a, new Date('2025-05-31T16:00:00Z'), { orderNo: `A1-${uid()}` }), // 2025-06-01 00:00 in Shanghai
      orderDoc(b, new Date('2025-06-01T08:00:00Z'), { orderNo: `B1-${uid()}`, status: 'closed' }),
      orderDoc(a, new Date('2025-06-01T15:59:59Z'), { orderNo: `A2-${uid()}`, status: 'closed' }), // 23:59:59 in Shanghai
      orderDoc(a, new Date('2025-06-01T16:00:00Z'), { orderNo: `A3-${uid()}` }), // the next day in Shanghai
    ]);
    const all = rowsOf((await exportCsv(admin, { from: '2025-06-01', to: '2025-06-01' })).text).slice(1);
    expect(all.map((r) => r[0]!.slice(0, 2))).toEqual(['A1', 'B1', 'A2']);
    const oneOutlet = rowsOf((await exportCsv(admin, { from: '2025-06-01', to: '2025-06-02', outletId: a.id })).text).slice(1);
    expect(oneOutlet.map((r) => r[0]!.slice(0, 2))).toEqual(['A1', 'A2', 'A3']);
    const closedOnly = rowsOf((await exportCsv(admin, { from: '2025-06-01', to: '2025-06-01', status: 'closed' })).text).slice(1);
    expect(closedOnly.map((r) => r[0]!.slice(0, 2))).toEqual(['B1', 'A2']);
  });

  it('logs every export in the audit log with the caller, the outlet and the filter', async () => {
    const outlet = await makeOutlet();
    const res = await exportCsv(outlet.manager, { from: '2025-07-01', to: '2025-07-31', status: 'closed' });
    expect(res.status).toBe(200);
    const entries = await AuditEntry.find({ action: 'export.orders_csv', actorId: new Types.ObjectId(outlet.manager.id) }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorRole: 'outlet_manager', outletId: new Types.ObjectId(outlet.id), data: { from: '2025-07-01', to: '2025-07-31', status: 'closed' } });
  });

  it('refuses engineers and customers with 403 and bad periods with 400', async () => {
    const outlet = await makeOutlet();
    for (const who of [outlet.engineerUser, await person('customer')]) {
      expect((await exportCsv(who, { from: '2025-01-01', to: '2025-01-02' })).status).toBe(403);
    }
    const periods: Array<Record<string, string>> = [{ to: '2025-01-02' }, { from: '2025-01-03', to: '2025-01-02' }, { from: '2024-01-01', to: '2025-01-02' }, { from: '2025-01-01', to: '2025-01-02', status: 'lost' }];
    for (const qs of periods) {
      const res = await exportCsv(outlet.manager, qs);
      expect(res.status, JSON.stringify(qs)).toBe(400);
    }
    expect(await AuditEntry.countDocuments({ action: 'export.orders_csv', actorId: new Types.ObjectId(outlet.manager.id) })).toBe(0);
  });
});

describe('GET /admin/exports/orders.csv — streaming', () => {
  it('streams a few hundred orders from a cursor (chunked, no length), every row present and in order', async () => {
    const outlet = await makeOutlet();
    const base = Date.UTC(2025, 7, 1, 1, 0, 0);
    const docs = Array.from({ length: 450 }, (_, i) => orderDoc(outlet, new Date(base + i * 1000), { orderNo: `S${String(i).padStart(4, '0')}-${uid()}` }));
    await Order.collection.insertMany(docs);
    const res = await exportCsv(outlet.manager, { from: '2025-08-01', to: '2025-08-01' });
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const rows = rowsOf(res.text).slice(1);
    expect(rows).toHaveLength(450);
    expect(rows.map((r) => r[0])).toEqual(docs.map((d) => d.orderNo));
    expect(rows.every((r) => r.length === 15 && r[9] === '138****5678')).toBe(true);
  });
});
