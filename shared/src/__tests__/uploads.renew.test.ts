import { describe, expect, it } from 'vitest';
import { photoLinksRenewDelay } from '../domain/uploads';

describe('photoLinksRenewDelay', () => {
  const now = Date.parse('2026-12-07T05:00:00Z');
  it('asks again 30 s before the links expire', () => {
    expect(photoLinksRenewDelay('2026-12-07T05:05:00Z', now)).toBe(270_000);
  });
  it('never sooner than 30 s, even for links about to expire or already expired', () => {
    expect(photoLinksRenewDelay('2026-12-07T05:00:20Z', now)).toBe(30_000);
    expect(photoLinksRenewDelay('2026-12-07T04:00:00Z', now)).toBe(30_000);
    expect(photoLinksRenewDelay('not a time', now)).toBe(30_000);
  });
  it('never later than 10 minutes: a far-off expiry would overflow the timer and fire at once', () => {
    expect(photoLinksRenewDelay('2099-01-01T00:00:00Z', now)).toBe(600_000);
  });
});
