/**
 * The service report's evidence rule (S5, evidence before completion): every replaced serialised part of the confirmed
 * quote, in the price list or not, is reported with the new part's serial number and a photo of the old part.
 * Consumables (冷媒 R32 补充, filters, pipe by the metre) are parts the catalogue marks as not serialised: they are
 * charged like any part but carry no serial and leave no old part (issue 18). A part outside the price list is
 * always serialised: the engineer cannot exempt his own line from evidence. A price-list
 * part is named by its code, a part outside the price list by its line in the confirmed quote (1-based).
 * One rule for the server (which refuses a report that does not match) and the engineer's report form.
 */
export interface QuoteLineForReport {
  code: string | null;
  kind: 'labour' | 'part' | 'fee';
  name: string;
  quantity: number;
  offCatalogue: boolean;
  /** From the catalogue item when quoted; absent on quotes written before the flag existed (a part then counts as serialised). */
  serialised?: boolean;
}

/** Whether a quote line needs a new serial and an old-part photo in the report. */
export const isSerialisedPart = (it: { kind: string; serialised?: boolean }): boolean => it.kind === 'part' && it.serialised !== false;

export interface PartToReport {
  /** The price-list code, or null for a part outside the price list. */
  code: string | null;
  /** The 1-based line in the confirmed quote, for a part outside the price list (null for a price-list part). */
  line: number | null;
  name: string;
  quantity: number;
}

/** The parts a report must account for, in quote order. */
export function partsToReport(items: readonly QuoteLineForReport[]): PartToReport[] {
  return items.flatMap((it, i) =>
    isSerialisedPart(it) ? [{ code: it.offCatalogue ? null : it.code, line: it.offCatalogue ? i + 1 : null, name: it.name, quantity: it.quantity }] : [],
  );
}

/** One reported part's identity: its code, or `#<line>` for a part outside the price list. */
export const reportedPartKey = (p: { code?: string | null; line?: number | null }): string => (p.line ? `#${p.line}` : (p.code ?? ''));

/** The parts and quantities, canonical (sorted, quantities summed per part): equal keys mean the same parts. */
export function partsSummary(parts: ReadonlyArray<{ code?: string | null; line?: number | null; quantity: number }>): string {
  const totals = new Map<string, number>();
  for (const p of parts) {
    const key = reportedPartKey(p);
    totals.set(key, (totals.get(key) ?? 0) + p.quantity);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, q]) => `${k}×${q}`)
    .join(',');
}
