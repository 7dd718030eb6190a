import crypto from 'node:crypto';
import type { TimelineEventType } from '@fangxin/shared';

/**
 * S12 evidence: an order's timeline is append-only and hash-chained. Each event's hash covers the previous hash and
 * the event's own canonical content, so editing, removing or reordering any event breaks every hash after it.
 */
export interface TimelineEvent {
  seq: number;
  type: TimelineEventType;
  at: Date;
  actor: { id: string | null; role: string; name: string };
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys and ISO dates, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof (obj as { toHexString?: unknown }).toHexString === 'function') return JSON.stringify(String(value));
    return `{${Object.keys(obj)
      // null and undefined read the same: the driver may store an undefined field as null.
      .filter((k) => obj[k] !== undefined && obj[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function hashEvent(orderId: string, event: Omit<TimelineEvent, 'hash'>): string {
  const content = canonicalJson({ orderId, seq: event.seq, type: event.type, at: event.at, actor: event.actor, data: event.data });
  return crypto.createHash('sha256').update(event.prevHash).update('\n').update(content).digest('hex');
}

export function buildEvent(
  orderId: string,
  previous: { seq: number; hash: string } | null,
  input: Pick<TimelineEvent, 'type' | 'at' | 'actor' | 'data'>,
): TimelineEvent {
  const base = { ...input, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...base, hash: hashEvent(orderId, base) };
}

export interface ChainVerdict {
  valid: boolean;
  events: number;
  /** First event whose link or hash does not match, when invalid. */
  brokenAt?: number;
  reason?: string;
  head: string;
}

export function verifyChain(orderId: string, events: TimelineEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1) return { valid: false, events: events.length, brokenAt: e.seq, reason: 'sequence gap or reorder', head: prev };
    if (e.prevHash !== prev) return { valid: false, events: events.length, brokenAt: e.seq, reason: 'link to previous event broken', head: prev };
    const { hash, ...rest } = e;
    if (hashEvent(orderId, rest) !== hash) return { valid: false, events: events.length, brokenAt: e.seq, reason: 'event content altered', head: prev };
    prev = hash;
  }
  return { valid: true, events: events.length, head: prev };
}
