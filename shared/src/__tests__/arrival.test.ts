import { describe, expect, it } from 'vitest';
import { ARRIVAL_EARLY_MINUTES, arrivalVerdict, slotBounds } from '../index';
import { groupServiceCode, readServiceCode, SERVICE_CODE_TEXT, serviceCodeQrText } from '../domain/arrivalCode';
import { orderDeadlines } from '../domain/sla';

const DAY = '2026-06-18';
const SLOT = { day: DAY, ...slotBounds(DAY, '09-11') };
/** Beijing wall-clock time on the booked day. */
const at = (hhmm: string, day = DAY) => new Date(`${day}T${hhmm}:00+08:00`);

describe('arrivalVerdict (the one early-arrival rule)', () => {
  it('05:07 for 09:00-11:00 is early by 3 h 53 min, with what the customer may do', () => {
    const v = arrivalVerdict(SLOT, at('05:07'));
    expect(v).toMatchObject({ timing: 'early', minutes: 233, label: '提前 3 小时 53 分钟到达', withinVisit: true });
    expect(v.advice).toBe('比预约时段 09:00-11:00 早 3 小时 53 分钟。您可以请工程师按预约时间再来；如您方便，也可以同意提前开始服务。');
  });

  it(`is on time from ${ARRIVAL_EARLY_MINUTES} minutes before the window until it ends`, () => {
    expect(arrivalVerdict(SLOT, at('08:29')).timing).toBe('early');
    expect(arrivalVerdict(SLOT, at('08:30'))).toMatchObject({ timing: 'on_time', label: '按时到达', withinVisit: true });
    expect(arrivalVerdict(SLOT, at('11:00')).timing).toBe('on_time');
  });

  it('is late after the window on the booked day, and another day is not the visit', () => {
    expect(arrivalVerdict(SLOT, at('11:20'))).toMatchObject({ timing: 'late', minutes: 20, label: '迟到 20 分钟', withinVisit: true });
    expect(arrivalVerdict(SLOT, at('23:59'))).toMatchObject({ timing: 'late', label: '迟到 12 小时 59 分钟' });
    expect(arrivalVerdict(SLOT, at('09:30', '2026-06-19'))).toMatchObject({ timing: 'other_day', withinVisit: false });
    expect(arrivalVerdict(SLOT, at('23:30', '2026-06-17')).advice).toContain('6月18日 09:00-11:00');
  });

  it('makes the arrival deadline say early, not met, for an early check-in', () => {
    const sla = { respondDueAt: at('00:00'), arriveDueAt: SLOT.endAt };
    const arrive = (time: string) => orderDeadlines({ status: 'arrived', slot: SLOT, sla, times: { arrivedAt: at(time) } }, at('12:00'))[1]!.state;
    expect(arrive('05:07')).toBe('early');
    expect(arrive('08:45')).toBe('met');
    expect(arrive('11:20')).toBe('missed');
  });
});

describe('readServiceCode', () => {
  it('accepts six digits with spaces, dashes or full-width digits, and the QR text', () => {
    expect(readServiceCode('042917')).toEqual({ ok: true, code: '042917', orderNo: null });
    expect(readServiceCode(' 042 917 ')).toEqual({ ok: true, code: '042917', orderNo: null });
    expect(readServiceCode('０４２９１７')).toEqual({ ok: true, code: '042917', orderNo: null });
    expect(readServiceCode('042-917')).toEqual({ ok: true, code: '042917', orderNo: null });
    expect(readServiceCode(serviceCodeQrText('FX2026061800001', '042917'))).toEqual({ ok: true, code: '042917', orderNo: 'FX2026061800001' });
  });

  it('refuses anything else as a format error', () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', 'Xk3l0O9pQr7sT2uV', 'FXSC:garbage', 'FXSC:FX1:12ab56']) {
      expect(readServiceCode(bad), bad).toEqual({ ok: false, reason: 'format' });
    }
    expect(SERVICE_CODE_TEXT.format).toBe('格式不对（请输入 6 位数字）');
    expect(SERVICE_CODE_TEXT.wrong(3)).toBe('服务码不正确（还可尝试 3 次）');
  });

  it('groups the code in threes for reading out', () => {
    expect(groupServiceCode('042917')).toBe('042 917');
  });
});
