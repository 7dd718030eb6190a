import { Day, shanghaiDay, type ReconciliationView } from '@fangxin/shared';

/** Issue 20.4, the daily reconciliation (对账): the day it opens on, and how its rows are told apart. */

/** Today in Asia/Shanghai, whatever the browser's own zone. */
export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDay(now);
}

/** The day named in the address (?day=2026-12-07) when it is a real day, else today in Shanghai. */
export function dayFromQuery(value: unknown, now: Date = new Date()): string {
  return typeof value === 'string' && Day.safeParse(value).success ? value : todayInShanghai(now);
}

/** The date picker offers no day after today (Shanghai): nothing can have been paid yet. */
export function isFutureDay(date: Date, now: Date = new Date()): boolean {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return day > todayInShanghai(now);
}

export type PaymentRow = ReconciliationView['payments'][number] & { payment: NonNullable<ReconciliationView['payments'][number]['payment']> };
export type RefundRow = ReconciliationView['refunds'][number] & { refund: NonNullable<ReconciliationView['refunds'][number]['refund']> };

/** The payment rows (each carries its payment) and the refund rows (each carries its refund). */
export function splitRows(view: ReconciliationView): { payments: PaymentRow[]; refunds: RefundRow[] } {
  return {
    payments: view.payments.filter((r): r is PaymentRow => r.payment !== null),
    refunds: view.refunds.filter((r): r is RefundRow => r.refund !== null),
  };
}

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const PAYMENT_STATE_TAG: Record<PaymentRow['payment']['state'], TagType> = { open: 'warning', paid: 'success', closed: 'info', mismatch: 'danger' };
export const REFUND_STATE_TAG: Record<RefundRow['refund']['state'], TagType> = {
  queued: 'warning',
  processing: 'warning',
  success: 'success',
  failed: 'danger',
  owed_cash: 'primary',
};
