import { shanghaiDateTime as shanghaiWallClock } from '@fangxin/shared';

/** CSV writing (RFC 4180) for spreadsheet users: Excel in China opens UTF-8 correctly only with a BOM. */
export const UTF8_BOM = '\uFEFF';

/**
 * One cell. Quoted when it holds a comma, a quote or a line break (quotes doubled). A cell that a spreadsheet would
 * read as a formula (=, +, -, @ first) gets a leading apostrophe, so free text typed by a customer cannot run in
 * the reader's spreadsheet.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: Array<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** `2026-11-24 14:05:09` in Asia/Shanghai (UTC+8 all year); empty for no time. */
export function shanghaiDateTime(d: Date | string | null | undefined): string {
  return d ? shanghaiWallClock(new Date(d)) : '';
}

/** Integer fen as yuan with two decimals, without floating point: 12345 → `123.45`. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Reads a cursor in batches and yields each batch rendered as text: memory stays flat however many rows a period
 * holds. The cursor is closed when the consumer stops early (the client went away mid-file).
 */
export async function* renderInBatches<T>(cursor: AsyncIterable<T> & { close(): Promise<unknown> }, size: number, render: (batch: T[]) => Promise<string>): AsyncGenerator<string> {
  let batch: T[] = [];
  try {
    for await (const row of cursor) {
      batch.push(row);
      if (batch.length >= size) {
        yield await render(batch);
        batch = [];
      }
    }
    if (batch.length) yield await render(batch);
  } finally {
    await cursor.close().catch(() => undefined);
  }
}
