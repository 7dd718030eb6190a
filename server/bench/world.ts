/**
 * What the benchmarked requests need, set up through the public API the way the apps do it: customers signed in
 * with one-time codes, each with an address, an appliance and one booked order (some dispatched and accepted), the
 * Xihu manager and engineers signed in, and one window with capacity enough for the whole booking run.
 */
import { addDays, shanghaiDay, SLOT_WINDOW_CODES, type SlotWindowCode, currentConsent } from '@fangxin/shared';
import { DEMO_ENGINEERS, DEMO_PASSWORD } from '../src/seed/data';
import { Outlet } from '../src/modules/network/model';
import { Slot } from '../src/modules/orders/model';
import { slotId } from '../src/modules/orders/booking/slots';

export const DISTRICT = '330106'; // 西湖区: covered by the Xihu outlet only
/** The window the booking run books into; set far beyond what the admin API allows (100) so it never fills. */
export const BOOKING_CAPACITY = 10_000_000;
/** How many of the customers' orders are dispatched and accepted before the runs. */
const DISPATCHED = 10;

export interface Customer {
  id: string;
  token: string;
  addressId: string;
  applianceId: string;
  orderId: string;
}

export interface World {
  today: string;
  outletId: string;
  manager: { id: string; token: string };
  customers: Customer[];
  /** Xihu engineers with an active card, for fresh QR tokens. */
  engineers: Array<{ username: string; token: string }>;
  bookingSlot: { day: string; window: SlotWindowCode };
  /** How many of the customers' orders reached `accepted`. */
  accepted: number;
}

export class Api {
  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(this.base + path, {
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

  async staff(username: string): Promise<{ id: string; token: string }> {
    const res = await this.call('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_PASSWORD } });
    return { id: res.user.id, token: res.accessToken };
  }
}

async function customer(api: Api, phone: string): Promise<Omit<Customer, 'orderId'>> {
  const sent = await api.call('POST', '/api/v1/auth/otp/send', { body: { phone } });
  const login = await api.call('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.devCode, consent: currentConsent() } });
  const token = login.accessToken as string;
  const address = await api.call('POST', '/api/v1/me/addresses', { token, body: { contactName: '测试客户', phone, districtCode: DISTRICT, detail: '文三路 398 号 2 幢 1201 室', isDefault: true } });
  const appliance = await api.call('POST', '/api/v1/me/appliances', { token, body: { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: addDays(shanghaiDay(new Date()), -200) } });
  return { id: login.user.id, token, addressId: address.id, applianceId: appliance.id };
}

export function bookingBody(c: Pick<Customer, 'addressId' | 'applianceId'>, slot: { day: string; window: SlotWindowCode }) {
  return { category: 'air_conditioner', serviceType: 'repair', addressId: c.addressId, applianceId: c.applianceId, faultDescription: '空调不制冷，外机不转', slot };
}

export async function buildWorld(api: Api, customers: number): Promise<World> {
  const today = shanghaiDay(new Date());
  const outlet = (await Outlet.findOne({ code: 'HZ-XH' }, { _id: 1 }).lean())!;
  const manager = await api.staff('manager.xihu');
  const xihu = DEMO_ENGINEERS.filter((e) => e.outlet === 'HZ-XH' && e.status === 'active');
  const engineerTokens = new Map<string, string>();
  for (const e of xihu) engineerTokens.set(e.employeeNo, (await api.staff(e.username)).token);

  // Customers sign up and book ten at a time; each books its own window (tomorrow on, four a day), so no engineer
  // is ever busy in it. The first DISPATCHED orders are then dispatched and accepted (dispatch scans the orders of the
  // day, which is slow at 100,000 orders): the detail endpoint reads a mix of fresh and accepted orders.
  const list: Customer[] = [];
  for (let i = 0; i < customers; i += 10) {
    list.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, customers - i) }, async (_, k) => {
          const n = i + k;
          const c = await customer(api, `1370000${String(n).padStart(4, '0')}`);
          const slot = { day: addDays(today, 1 + (Math.floor(n / 4) % 13)), window: SLOT_WINDOW_CODES[n % 4]! };
          const order = await api.call('POST', '/api/v1/orders', { token: c.token, body: bookingBody(c, slot), headers: { 'idempotency-key': `bench-setup-${n}` } });
          return { ...c, orderId: order.id as string };
        }),
      )),
    );
  }
  let accepted = 0;
  for (const c of list.slice(0, DISPATCHED)) {
    const candidates = await api.call('GET', `/api/v1/orders/${c.orderId}/candidates`, { token: manager.token });
    const best = (candidates.items as Array<{ eligible: boolean; engineerId: string; employeeNo: string }>).find((x) => x.eligible && engineerTokens.has(x.employeeNo));
    if (!best) continue;
    await api.call('POST', `/api/v1/orders/${c.orderId}/dispatch`, { token: manager.token, body: { engineerId: best.engineerId } });
    await api.call('POST', `/api/v1/orders/${c.orderId}/accept`, { token: engineerTokens.get(best.employeeNo)! });
    accepted++;
  }

  const bookingSlot = { day: addDays(today, 14), window: '14-16' as SlotWindowCode };
  await Slot.updateOne(
    { _id: slotId(outlet._id, bookingSlot.day, bookingSlot.window) },
    { $set: { capacity: BOOKING_CAPACITY }, $setOnInsert: { outletId: outlet._id, day: bookingSlot.day, window: bookingSlot.window, booked: 0 } },
    { upsert: true },
  );

  return {
    today,
    outletId: String(outlet._id),
    manager,
    customers: list,
    engineers: xihu.map((e) => ({ username: e.username, token: engineerTokens.get(e.employeeNo)! })),
    bookingSlot,
    accepted,
  };
}
