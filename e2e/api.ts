import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { currentConsent } from '../shared/src/domain/consent';
import { PASSWORD, PNG } from './helpers';
import { BASE_URL } from './playwright.config';

/**
 * What the journeys do over the API to set the scene (sign in, book, dispatch) before the screens are looked at.
 * One client for every journey: a failed call throws with its status and body, so a broken setup names itself.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
// Journeys read answers loosely; the server tests check every answer against the contract.
type Json = any;

/** A customer's sign-in answer: what the H5 app keeps as its session. */
export interface CustomerSession {
  accessToken: string;
  user: { id: string };
}

/** Calls /api/v1 through a Playwright request context (its cookies and base URL). */
export function apiClient(request: APIRequestContext) {
  async function call<T = Json>(method: Method, url: string, token?: string, data?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await request.fetch(`${BASE_URL}/api/v1${url}`, { method, data, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    const body = await res.text();
    if (!res.ok()) throw new Error(`${method} ${url} → ${res.status()} ${body}`);
    return (body ? JSON.parse(body) : undefined) as T;
  }
  const customer = async (phone: string): Promise<CustomerSession> => {
    const sent = await call<{ devCode: string }>('POST', '/auth/otp/send', undefined, { phone });
    return call<CustomerSession>('POST', '/auth/otp/login', undefined, { phone, code: sent.devCode, consent: currentConsent() });
  };
  return {
    get: <T = Json>(url: string, token?: string) => call<T>('GET', url, token),
    post: <T = Json>(url: string, token?: string, data?: unknown, headers?: Record<string, string>) => call<T>('POST', url, token, data ?? {}, headers),
    patch: <T = Json>(url: string, token: string, data: unknown) => call<T>('PATCH', url, token, data),
    put: <T = Json>(url: string, token: string, data: unknown) => call<T>('PUT', url, token, data),
    del: <T = Json>(url: string, token: string) => call<T>('DELETE', url, token),
    /** A staff member's access token (every demo account shares PASSWORD). */
    staff: async (username: string) => (await call<{ accessToken: string }>('POST', '/auth/staff/login', undefined, { username, password: PASSWORD })).accessToken,
    /** Signs a customer in by SMS code (the development code comes back in the answer), agreeing to the current documents. */
    customer,
    customerToken: async (phone: string) => (await customer(phone)).accessToken,
    /** Uploads an image for an order (a 1 × 1 PNG unless given). */
    upload: async (token: string, kind: string, orderId: string, buffer: Buffer = PNG) => {
      const res = await request.post(`${BASE_URL}/api/v1/uploads`, {
        headers: { authorization: `Bearer ${token}` },
        multipart: { kind, orderId, file: { name: `${kind}.png`, mimeType: 'image/png', buffer } },
      });
      expect(res.status()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
  };
}

/** The same calls without a Playwright context (Node's fetch), for journeys that set up from `beforeAll`. */
export async function api<T = Json>(method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await fetch(`${BASE_URL}/api/v1${url}`, {
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
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(body?.error ?? body)}`);
  return body as T;
}

/** Signs the H5 app in as this customer the way the app itself keeps a session (Taro's `{ data }` in localStorage). */
export async function useSession(page: Page, session: unknown): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem('fangxin.session', JSON.stringify({ data: value })), JSON.stringify(session));
}

type ApiClient = ReturnType<typeof apiClient>;

/**
 * Books a repair for a customer of 西湖区 in the first bookable window of the next week (the latest first when asked:
 * other journeys take the earliest ones) where the engineer is free, and dispatches it to him through the outlet
 * manager. An engineer takes one order per window, so an order booked in one of his busy windows is cancelled and the
 * next window is tried.
 */
export async function bookForEngineer(
  api: ApiClient,
  booking: { token: string; addressId: string; applianceId: string; category?: string; fault: string; keyPrefix: string; latestFirst?: boolean },
  engineer = { name: '赵明', manager: 'manager.xihu' },
): Promise<{ id: string; orderNo: string }> {
  const category = booking.category ?? 'tv';
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const last = new Date(Date.now() + 8 * 3600_000 + 6 * 86400_000).toISOString().slice(0, 10);
  const availability = await api.get<{ days: Array<{ day: string; windows: Array<{ window: string; bookable: boolean }> }> }>(
    `/slots/availability?districtCode=330106&category=${category}&from=${today}&to=${last}`,
  );
  const slots = availability.days.flatMap((d) => d.windows.filter((w) => w.bookable).map((w) => ({ day: d.day, window: w.window })));
  if (booking.latestFirst) slots.reverse();
  const manager = await api.staff(engineer.manager);
  for (const slot of slots) {
    const booked = await api.post<{ id: string; orderNo: string }>(
      '/orders',
      booking.token,
      { category, serviceType: 'repair', addressId: booking.addressId, applianceId: booking.applianceId, faultDescription: booking.fault, slot },
      { 'idempotency-key': `${booking.keyPrefix}-${Date.now()}-${slot.day}-${slot.window}` },
    );
    const candidates = await api.get<{ items: Array<{ engineerId: string; name: string; eligible: boolean }> }>(`/orders/${booked.id}/candidates`, manager);
    const chosen = candidates.items.find((c) => c.name === engineer.name && c.eligible);
    if (chosen) {
      await api.post(`/orders/${booked.id}/dispatch`, manager, { engineerId: chosen.engineerId });
      return booked;
    }
    await api.post(`/orders/${booked.id}/cancel`, booking.token, { reason: '换个时间' });
  }
  throw new Error(`${engineer.name} has no free window in the next week`);
}
