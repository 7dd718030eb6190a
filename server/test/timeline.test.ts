import { describe, expect, it } from 'vitest';
import { TIMELINE_EVENT_TYPES } from '@fangxin/shared';
import { buildEvent, canonicalJson, GENESIS_HASH, verifyChain, type TimelineEvent } from '../src/modules/orders/timeline';

const actor = { id: 'u1', role: 'customer', name: '张女士' };

function chain(orderId: string, n: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push(buildEvent(orderId, events.at(-1) ?? null, { type: TIMELINE_EVENT_TYPES[i % TIMELINE_EVENT_TYPES.length]!, at: new Date(Date.UTC(2026, 10, 24, 8, i)), actor, data: { i, note: `第${i}步` } }));
  }
  return events;
}

describe('timeline hash chain', () => {
  it('links each event to the previous one from the genesis hash', () => {
    const events = chain('o1', 3);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(verifyChain('o1', events)).toEqual({ valid: true, events: 3, head: events[2]!.hash });
  });

  it('detects an edited event, a removed event, a reordered chain and a chain moved to another order', () => {
    const edited = chain('o1', 4);
    edited[1] = { ...edited[1]!, data: { i: 1, note: '改过了' } };
    expect(verifyChain('o1', edited)).toMatchObject({ valid: false, brokenAt: 2, reason: 'event content altered' });

    const removed = chain('o1', 4);
    removed.splice(1, 1);
    expect(verifyChain('o1', removed).valid).toBe(false);

    const reordered = chain('o1', 3);
    [reordered[1], reordered[2]] = [reordered[2]!, reordered[1]!];
    expect(verifyChain('o1', reordered).valid).toBe(false);

    expect(verifyChain('o2', chain('o1', 2)).valid).toBe(false);
  });

  it('hashes the same content the same way regardless of key order, and null like a missing key', () => {
    expect(canonicalJson({ b: 1, a: [new Date(0), { d: null, c: 'x' }] })).toBe(canonicalJson({ a: [new Date(0), { c: 'x' }], b: 1 }));
  });
});
