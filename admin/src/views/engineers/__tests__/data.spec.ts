import type { EngineerView } from '@fangxin/shared';
import { describe, expect, it } from 'vitest';
import {
  certificatesBody,
  certificateState,
  formToUpdate,
  rowProblems,
  sampleQrModules,
  skillsBody,
  toPublicProfile,
  worstCertificate,
} from '../data';

const NOW = Date.parse('2026-11-24T00:00:00Z');
const day = (offset: number) => new Date(NOW + offset * 86_400_000).toISOString();

const engineer: EngineerView = {
  id: '5811ac23f1b747cfbb4e9343',
  employeeNo: 'FX-XH-001',
  name: '陈建国',
  outletId: '8fa8106e77cf5c053a0bb568',
  userId: 'dd5d786f87a7b48dbb8865b4',
  level: 4,
  status: 'active',
  suspension: null,
  photoUrl: null,
  qualityScore: 80,
  skills: [
    { category: 'air_conditioner', assessedAt: day(-30), score: 92, passed: true },
    { category: 'tv', assessedAt: day(-30), score: 40, passed: false },
  ],
  certificates: [
    { type: 'refrigeration', number: 'RE1', expiresAt: day(400), valid: true, expiresInDays: 400 },
    { type: 'high_altitude', number: 'HI1', expiresAt: day(10), valid: true, expiresInDays: 10 },
  ],
  expiringSoon: true,
  phoneMasked: '139****1001',
};

describe('engineers/data', () => {
  it('flags certificates expired or expiring within the warning window', () => {
    expect(certificateState(day(-1), NOW).state).toBe('expired');
    expect(certificateState(day(10), NOW)).toEqual({ state: 'expiring', daysLeft: 10 });
    expect(certificateState(day(90), NOW).state).toBe('valid');
    expect(worstCertificate(engineer, NOW)).toBe('expiring');
  });

  it('builds the card profile a customer would see: passed skills only, no phone', () => {
    const profile = toPublicProfile(engineer, { id: engineer.outletId, name: '杭州西湖网点' }, 80, NOW);
    expect(profile.skills.map((s) => s.category)).toEqual(['air_conditioner']);
    expect(profile.certificates.every((c) => c.valid)).toBe(true);
    expect(profile).toMatchObject({ initials: '陈', outlet: { name: '杭州西湖网点' }, rating: 80, ratingKnown: true });
    expect(JSON.stringify(profile)).not.toContain('139');
  });

  it('draws the same sample QR for the same serial, with the three finder squares', () => {
    const a = sampleQrModules('FXC-HZ-XH-GU3UIE');
    expect(sampleQrModules('FXC-HZ-XH-GU3UIE')).toEqual(a);
    expect(sampleQrModules('FXC-HZ-XH-AAAAAA')).not.toEqual(a);
    for (const [r, c] of [[0, 0], [0, 24], [24, 0], [3, 3], [3, 21], [21, 3]] as const) expect(a[r]![c]).toBe(true);
    expect(a[1]![1]).toBe(false);
  });

  it('sends only what an edit changed; an empty phone keeps the number', () => {
    const form = { username: '', password: '', name: '陈建国', phone: '', employeeNo: 'FX-XH-001', level: 4, outletId: engineer.outletId, photoUrl: null };
    expect(formToUpdate(engineer, form, false)).toBeNull();
    expect(formToUpdate(engineer, { ...form, level: 5, phone: '13900001111' }, false)).toEqual({ level: 5, phone: '13900001111' });
    expect(formToUpdate(engineer, { ...form, outletId: 'a6731865d80a667690334fd5' }, false)).toBeNull();
    expect(formToUpdate(engineer, { ...form, outletId: 'a6731865d80a667690334fd5' }, true)).toEqual({ outletId: 'a6731865d80a667690334fd5' });
  });

  it('sends picked days as Shanghai instants and catches blank or repeated rows', () => {
    expect(skillsBody([{ category: 'tv', day: '2026-11-01', score: 75 }])).toEqual({
      skills: [{ category: 'tv', assessedAt: '2026-10-31T16:00:00.000Z', score: 75 }],
    });
    expect(certificatesBody([{ type: 'electrician', number: ' EL9 ', day: '2027-01-31' }])).toEqual({
      certificates: [{ type: 'electrician', number: 'EL9', expiresAt: '2027-01-31T15:59:59.000Z' }],
    });
    expect(rowProblems([{ category: 'tv', day: '' }], 'category', ['category', 'day'])).toBe('请填写完整每一行');
    expect(rowProblems([{ category: 'tv' }, { category: 'tv' }], 'category', ['category'])).toMatch(/只能登记一条/);
    expect(rowProblems([{ category: 'tv' }, { category: 'dishwasher' }], 'category', ['category'])).toBeNull();
  });
});
