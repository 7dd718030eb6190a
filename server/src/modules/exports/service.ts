import { Readable } from 'node:stream';
import { Types } from 'mongoose';
import { addDays, categoryName, maskPhone, ORDER_STATUS_LABELS, serviceTypeName, shanghaiDay, shanghaiDayStart, slotLabel, type OrdersExportQuery } from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { outletScope } from '../../lib/scope';
import { recordAudit } from '../audit/service';
import { engineerNames, outletNames, scopedOutletOr404 } from '../network/reads';
import type { OrderRecord } from '../orders/model';
import { confirmedQuote, orderExportCursor } from '../orders/reads';
import { csvLine, renderInBatches, shanghaiDateTime, UTF8_BOM, yuan } from './csv';

/** Column headers: Chinese for the people who read the file, English in parentheses for the systems that import it. */
export const ORDER_CSV_HEADER = [
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
];

/** Only what the file shows: no timeline, report, fault text or full address is read. */
const PROJECTION = {
  orderNo: 1,
  createdAt: 1,
  status: 1,
  category: 1,
  serviceType: 1,
  outletId: 1,
  engineerId: 1,
  'contact.districtCode': 1,
  'contact.phone': 1,
  'slot.day': 1,
  'slot.window': 1,
  quotes: 1,
  confirmedQuoteNo: 1,
  'payment.paidAt': 1,
  'times.closedAt': 1,
  'cancellation.reason': 1,
} as const;

const BATCH = 200;

type Row = Pick<OrderRecord, '_id' | 'orderNo' | 'createdAt' | 'status' | 'category' | 'serviceType' | 'outletId' | 'engineerId' | 'contact' | 'slot' | 'quotes' | 'confirmedQuoteNo' | 'payment' | 'times' | 'cancellation'>;

/**
 * S10: an export never carries full personal data: the phone is masked, the name and address are left out.
 * Outlet and engineer names are looked up once per batch of rows, then cached for the rest of the file.
 */
async function* orderLines(filter: Record<string, unknown>): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(ORDER_CSV_HEADER);
  const outlets = new Map<string, string>();
  const engineers = new Map<string, { name: string; employeeNo: string }>();

  async function render(batch: Row[]): Promise<string> {
    const missingOutlets = [...new Set(batch.map((o) => String(o.outletId)))].filter((id) => !outlets.has(id));
    const missingEngineers = [...new Set(batch.flatMap((o) => (o.engineerId ? [String(o.engineerId)] : [])))].filter((id) => !engineers.has(id));
    const [outletDocs, engineerDocs] = await Promise.all([
      missingOutlets.length ? outletNames(missingOutlets) : [],
      missingEngineers.length ? engineerNames(missingEngineers) : [],
    ]);
    for (const id of missingOutlets) outlets.set(id, '');
    for (const d of outletDocs) outlets.set(String(d._id), d.name);
    for (const d of engineerDocs) engineers.set(String(d._id), { name: d.name, employeeNo: d.employeeNo });
    return batch
      .map((o) => {
        const engineer = o.engineerId ? engineers.get(String(o.engineerId)) : undefined;
        return csvLine([
          o.orderNo,
          shanghaiDateTime(o.createdAt),
          ORDER_STATUS_LABELS[o.status] ?? o.status,
          categoryName(o.category),
          serviceTypeName(o.serviceType),
          outlets.get(String(o.outletId)) ?? '',
          engineer?.name ?? '',
          engineer?.employeeNo ?? '',
          o.contact?.districtCode ?? '',
          o.contact?.phone ? maskPhone(o.contact.phone) : '',
          o.slot?.day ? slotLabel(o.slot.day, o.slot.window) : '',
          yuan(confirmedQuote(o)?.totalFen ?? null),
          shanghaiDateTime(o.payment?.paidAt),
          shanghaiDateTime(o.times?.closedAt),
          o.cancellation?.reason ?? '',
        ]);
      })
      .join('');
  }

  // A cursor streams the orders in batches: memory stays flat however many rows the period holds.
  yield* renderInBatches(orderExportCursor<Row>(filter, PROJECTION, BATCH), BATCH, render);
}

export interface ExportMeta {
  ip: string;
  requestId: string;
}

/**
 * Orders created in [from, to] (Asia/Shanghai days) as CSV, streamed. Outlet managers export their own outlet only
 * (another outlet's id is 404, as everywhere); platform admins one outlet or all. Every export is audit-logged.
 */
export async function exportOrdersCsv(clock: Clock, user: AuthUser, query: OrdersExportQuery, meta: ExportMeta): Promise<{ filename: string; stream: Readable }> {
  if (query.outletId) await scopedOutletOr404(user, query.outletId, { _id: 1 });
  const scope = outletScope(user);
  const filter: Record<string, unknown> = {
    ...scope,
    ...(query.outletId ? { outletId: new Types.ObjectId(query.outletId) } : {}),
    ...(query.status ? { status: query.status } : {}),
    createdAt: { $gte: shanghaiDayStart(query.from), $lt: shanghaiDayStart(addDays(query.to, 1)) },
  };
  const outletId = query.outletId ?? (scope.outletId ? String(scope.outletId) : null);
  await recordAudit(clock, {
    action: 'export.orders_csv',
    actorId: user.id,
    actorRole: user.role,
    outletId,
    target: outletId ? `outlet:${outletId}` : 'outlet:*',
    ip: meta.ip,
    requestId: meta.requestId,
    data: { from: query.from, to: query.to, status: query.status ?? null },
  });
  const exportedOn = shanghaiDay(clock.now()).replace(/-/g, '');
  return { filename: `fangxin-orders-${query.from}_${query.to}-${exportedOn}.csv`, stream: Readable.from(orderLines(filter)) };
}
