import crypto from 'node:crypto';
import { DAY_WINDOW_CODES as SLOT_WINDOW_CODES, addDays, shanghaiDay, type SlotWindowCode, currentConsent } from '@fangxin/shared';
import { Outlet } from '../src/modules/network/model';
import { createOutlet, createStaff, PASSWORD, randomPhone } from '../test/factories';
import { publishTestCatalog } from '../test/orderKit';
import type { TestServer } from '../test/harness';
import type { Client } from './kit';

/**
 * The data a booking load needs: one outlet covering a district with room for every booking of the run, a published
 * catalogue, and signed-in customers with an address each. Records go in with the test factories (the test process
 * is connected to the same database); everything a client would do goes through the API.
 */
export interface LoadWorld {
  outletId: string;
  customers: Array<{ id: string; token: string; addressId: string }>;
}

const DISTRICT = '330106';

/** The slice of the test harness that `publishTestCatalog` uses, over this suite's own client. */
function asHarness(client: Client): TestServer {
  const request: TestServer['request'] = async (method, path, options = {}) => {
    const reply = await client.request(method, path, { body: options.body, token: options.token, headers: options.headers });
    return { status: reply.status, body: reply.body, headers: new Headers(reply.headers as Record<string, string>) };
  };
  return { request } as TestServer;
}

export async function buildLoadWorld(client: Client, customers: number): Promise<LoadWorld> {
  const outlet = await createOutlet({ districtCodes: [DISTRICT] });
  await Outlet.updateOne({ _id: outlet.id }, { $set: { slotCapacity: 1_000_000 } });
  const admin = await createStaff('platform_admin', null);
  const login = await client.request('POST', '/api/v1/auth/staff/login', { body: { username: admin.username, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${login.text}`);
  await publishTestCatalog(asHarness(client), login.body.accessToken);

  const signedIn = await Promise.all(
    Array.from({ length: customers }, async () => {
      const phone = randomPhone();
      const sent = await client.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
      const res = await client.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } });
      if (res.status !== 200) throw new Error(`customer login: ${res.status} ${res.text}`);
      const token: string = res.body.accessToken;
      const address = await client.request('POST', '/api/v1/me/addresses', {
        token,
        body: { contactName: '压测客户', phone, districtCode: DISTRICT, detail: '文三路 398 号 2 幢 1201 室', isDefault: true },
      });
      if (address.status !== 201) throw new Error(`address: ${address.status} ${address.text}`);
      return { id: res.body.user.id as string, token, addressId: address.body.id as string };
    }),
  );
  return { outletId: outlet.id, customers: signedIn };
}

/** Bookable slots (tomorrow on, 13 days × 4 windows), handed out in turn so the load spreads over many slot documents. */
export function slotCycle(): () => { day: string; window: SlotWindowCode } {
  const tomorrow = addDays(shanghaiDay(new Date()), 1);
  let n = 0;
  return () => {
    const i = n++;
    return { day: addDays(tomorrow, Math.floor(i / SLOT_WINDOW_CODES.length) % 13), window: SLOT_WINDOW_CODES[i % SLOT_WINDOW_CODES.length]! };
  };
}

export function bookingBody(world: LoadWorld, customer: LoadWorld['customers'][number], slot: { day: string; window: SlotWindowCode }, note = '') {
  return {
    category: 'air_conditioner',
    serviceType: 'repair',
    addressId: customer.addressId,
    faultDescription: `空调不制冷，外机不转 ${note}`.trim(),
    slot,
  };
}

export const newKey = (prefix: string) => `${prefix}-${crypto.randomBytes(9).toString('base64url')}`;
