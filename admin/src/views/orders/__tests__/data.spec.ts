import { legalActions, type DispatchCandidate } from '@fangxin/shared';
import { describe, expect, it } from 'vitest';
import { orderButtons, orderPhotos, splitCandidates } from '../data';

const candidate = (over: Partial<DispatchCandidate>): DispatchCandidate => ({
  engineerId: 'e',
  userId: 'u',
  name: '某',
  employeeNo: 'FX',
  qualityScore: 80,
  load: 0,
  skillScore: 90,
  eligible: true,
  rank: 1,
  reasons: [],
  ...over,
});

describe('orders/data', () => {
  it('offers only what the state machine allows the manager now', () => {
    expect(orderButtons(legalActions('pending', 'outlet_manager'))).toEqual(['dispatch', 'offer', 'cancel']);
    expect(orderButtons(legalActions('accepted', 'outlet_manager'))).toEqual(['reassign', 'cancel']);
    expect(orderButtons(legalActions('in_service', 'outlet_manager'))).toEqual([]);
    expect(orderButtons(legalActions('closed', 'platform_admin'))).toEqual([]);
  });

  it('ranks eligible engineers, keeps the excluded apart, and picks the top one', () => {
    const items = [
      candidate({ engineerId: 'b', rank: 2 }),
      candidate({ engineerId: 'x', eligible: false, rank: null, reasons: ['缺少制冷与空调作业证'] }),
      candidate({ engineerId: 'a', rank: 1 }),
    ];
    const groups = splitCandidates(items);
    expect(groups.eligible.map((c) => c.engineerId)).toEqual(['a', 'b']);
    expect(groups.excluded.map((c) => c.engineerId)).toEqual(['x']);
    expect(groups.best?.engineerId).toBe('a');
  });

  it('never suggests reassigning to the engineer who has the order already', () => {
    const groups = splitCandidates([candidate({ engineerId: 'a', rank: 1 }), candidate({ engineerId: 'b', rank: 2 })], 'a');
    expect(groups.best?.engineerId).toBe('b');
    expect(groups.excluded.map((c) => c.engineerId)).toEqual(['a']);
  });

  it('collects every photo of an order by what it shows', () => {
    const part = { code: 'P1', quantity: 1, newSerialNo: 'SN-1' };
    const photos = orderPhotos({
      fault: { description: '', photoIds: ['f1'] },
      report: { diagnosis: '电容失效', actions: '更换电容', photoIds: ['r1', 'r2'], signatureId: 's1', partsUsed: [{ ...part, oldPartPhotoId: 'o1' }], submittedAt: null },
    });
    expect(photos).toEqual({ fault: ['f1'], report: ['r1', 'r2'], oldParts: ['o1'], signature: ['s1'] });
    expect(orderPhotos({ fault: { description: '', photoIds: [] }, report: null })).toEqual({ fault: [], report: [], oldParts: [], signature: [] });
  });
});
