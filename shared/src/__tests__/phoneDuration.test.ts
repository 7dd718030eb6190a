import { describe, expect, it } from 'vitest';
import { Phone } from '../schemas/common';
import { phoneProblem } from '../domain/phone';
import { durationText, timeLeftText } from '../domain/duration';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('phone numbers', () => {
  it('accepts mainland mobile numbers and tells a wrong length from a number that is not a mobile', () => {
    expect(phoneProblem('13800000001')).toBeNull();
    expect(phoneProblem(' 19912345678 ')).toBeNull();
    expect(phoneProblem('1380000000')).toBe('请输入 11 位手机号');
    expect(phoneProblem('138000000012')).toBe('请输入 11 位手机号');
    expect(phoneProblem('')).toBe('请输入 11 位手机号');
    expect(phoneProblem('23800000001')).toMatch(/^手机号应以 1 开头/);
    expect(phoneProblem('12800000001')).toMatch(/^手机号应以 1 开头/);
  });

  it('gives the schema the same messages, one issue each', () => {
    const wrongStart = Phone.safeParse('23800000001');
    expect(wrongStart.success).toBe(false);
    expect(wrongStart.error!.issues.map((i) => i.message)).toEqual([phoneProblem('23800000001')]);
    expect(Phone.safeParse('1380000').error!.issues.map((i) => i.message)).toEqual(['请输入 11 位手机号']);
    expect(Phone.parse(' 13800000001 ')).toBe('13800000001');
  });
});

describe('time left before a deadline', () => {
  it('reads in days, hours and minutes, two units at most', () => {
    expect(timeLeftText(2 * DAY + 23 * HOUR + 58 * MIN + 44_000)).toBe('剩余 2 天 23 小时');
    expect(timeLeftText(3 * DAY + 10 * MIN)).toBe('剩余 3 天');
    expect(timeLeftText(5 * HOUR + 2 * MIN)).toBe('剩余 5 小时 2 分钟');
    expect(timeLeftText(HOUR)).toBe('剩余 1 小时');
    expect(timeLeftText(58 * MIN + 59_000)).toBe('剩余 58 分钟');
    expect(timeLeftText(30_000)).toBe('剩余不到 1 分钟');
    expect(durationText(30_000)).toBe('不到 1 分钟');
  });

  it('says how long ago it passed once overdue', () => {
    expect(timeLeftText(-(3 * HOUR + 5 * MIN))).toBe('已超时 3 小时 5 分钟');
    expect(timeLeftText(-2 * DAY)).toBe('已超时 2 天');
    expect(timeLeftText(-20_000)).toBe('刚刚超时');
    expect(durationText(-15 * MIN)).toBe('15 分钟');
  });
});
