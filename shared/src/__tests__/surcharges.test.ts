import { describe, expect, it } from 'vitest';
import {
  ALL_WINDOWS,
  EVENING_WINDOWS,
  SLOT_WINDOWS,
  defaultCondition,
  describeCondition,
  engineerLevelName,
  isNightWindow,
  levelShortfall,
  outletWindows,
  slotBounds,
  surchargeRefusals,
  type SurchargeContext,
  type SurchargeLine,
} from '../index';

const ctx = (over: Partial<SurchargeContext> = {}): SurchargeContext => ({
  window: '14-16',
  urgent: false,
  districtCode: '330106',
  districtRemote: false,
  heightWork: null,
  certificates: [{ type: 'high_altitude', expiresAt: '2027-01-01T00:00:00Z' }],
  validUntil: '2026-12-10T08:00:00Z',
  ...over,
});

const fee = (name: string, kind: Parameters<typeof defaultCondition>[0]): SurchargeLine => ({ code: `F-${kind}`, name, kind: 'fee', offCatalogue: false, condition: defaultCondition(kind) });
const NIGHT = fee('夜间服务费', 'night_window');
const REMOTE = fee('远程上门费', 'remote_district');
const URGENT = fee('加急服务费', 'urgent');
const HEIGHT = fee('高空作业费', 'height_work');
const INSPECTION: SurchargeLine = { code: 'L-1', name: '上门检测费', kind: 'labour', offCatalogue: false, condition: null, waivedWithRepair: true };
const REPAIR: SurchargeLine = { code: 'L-2', name: '制冷系统维修', kind: 'labour', offCatalogue: false, condition: null };
const PART: SurchargeLine = { code: 'P-1', name: '启动电容', kind: 'part', offCatalogue: false, condition: null };

describe('night windows', () => {
  it('no day window is a night window; every evening window is', () => {
    expect(SLOT_WINDOWS.filter((w) => isNightWindow(w.code))).toEqual([]);
    expect(EVENING_WINDOWS.every((w) => isNightWindow(w.code))).toBe(true);
    expect(isNightWindow('nonsense')).toBe(false);
  });

  it('an outlet offers every day window and only the evening windows it opened, in time order', () => {
    expect(outletWindows([])).toEqual(SLOT_WINDOWS.map((w) => w.code));
    expect(outletWindows(undefined)).toEqual(SLOT_WINDOWS.map((w) => w.code));
    expect(outletWindows(['19-21'])).toEqual([...SLOT_WINDOWS.map((w) => w.code), '19-21']);
    expect(outletWindows(['19-21', '18-20'])).toEqual(ALL_WINDOWS.map((w) => w.code));
  });

  it('evening windows have Beijing-time bounds like the day windows', () => {
    const { startAt, endAt } = slotBounds('2026-12-10', '19-21');
    expect(startAt.toISOString()).toBe('2026-12-10T11:00:00.000Z');
    expect(endAt.toISOString()).toBe('2026-12-10T13:00:00.000Z');
  });
});

describe('surchargeRefusals', () => {
  it('the night fee only in a night window, with the booked window named', () => {
    const [refusal] = surchargeRefusals([NIGHT], ctx());
    expect(refusal).toMatchObject({ index: 0, code: 'F-night_window' });
    expect(refusal!.reason).toBe('夜间服务费只在晚间时段收取：本单预约的是 14:00-16:00，不是晚间时段');
    expect(surchargeRefusals([NIGHT], ctx({ window: '18-20' }))).toEqual([]);
    expect(surchargeRefusals([NIGHT], ctx({ window: '19-21' }))).toEqual([]);
  });

  it('the remote fee only in a remote district, the urgent fee only on an urgent order', () => {
    expect(surchargeRefusals([REMOTE], ctx())[0]!.reason).toBe('远程上门费只在远郊区县收取：本单地址所在的西湖区不是平台标注的远郊区县');
    expect(surchargeRefusals([REMOTE], ctx({ districtRemote: true }))).toEqual([]);
    expect(surchargeRefusals([URGENT], ctx())[0]!.reason).toBe('加急服务费只在加急订单收取：客户下单时没有选择加急');
    expect(surchargeRefusals([URGENT], ctx({ urgent: true }))).toEqual([]);
  });

  it('the height-work fee needs the height-work mark with a photo and a certificate valid on the service day', () => {
    expect(surchargeRefusals([HEIGHT], ctx())[0]!.reason).toMatch(/请先拍现场照片/);
    expect(surchargeRefusals([HEIGHT], ctx({ heightWork: { photo: false } }))[0]!.reason).toMatch(/需要现场照片/);
    expect(surchargeRefusals([HEIGHT], ctx({ heightWork: { photo: true }, certificates: [] }))[0]!.reason).toMatch(/高处作业证.*您没有登记该证书/);
    expect(surchargeRefusals([HEIGHT], ctx({ heightWork: { photo: true }, certificates: [{ type: 'high_altitude', expiresAt: '2026-12-01T00:00:00Z' }] }))[0]!.reason).toMatch(
      /已于 2026-12-01 过期/,
    );
    expect(surchargeRefusals([HEIGHT], ctx({ heightWork: { photo: true } }))).toEqual([]);
  });

  it('the inspection fee is waived with repair labour, not with parts alone', () => {
    const refused = surchargeRefusals([INSPECTION, PART, REPAIR], ctx());
    expect(refused).toEqual([{ index: 0, code: 'L-1', reason: '上门检测费在维修时免收：本次报价已含维修人工费“制冷系统维修”，请删去上门检测费' }]);
    expect(surchargeRefusals([INSPECTION, PART], ctx())).toEqual([]);
    expect(surchargeRefusals([INSPECTION], ctx())).toEqual([]);
  });

  it('lines without a condition and lines outside the price list pass; every refused line is listed', () => {
    const offList: SurchargeLine = { code: null, name: '排水管加长', kind: 'fee', offCatalogue: true };
    expect(surchargeRefusals([PART, offList], ctx())).toEqual([]);
    expect(surchargeRefusals([NIGHT, PART, URGENT], ctx()).map((r) => r.index)).toEqual([0, 2]);
  });

  it('each condition reads as a plain sentence', () => {
    for (const kind of ['night_window', 'height_work', 'remote_district', 'urgent'] as const) {
      expect(describeCondition(defaultCondition(kind))).toMatch(/^仅在/);
    }
    expect(describeCondition(defaultCondition('height_work'))).toContain('高处作业证');
  });
});

describe('engineer levels', () => {
  it('names every level and says why a level is too low', () => {
    expect(engineerLevelName(3)).toBe('中级工程师');
    expect(levelShortfall(2, 3)).toBe('此服务需中级工程师（3 级）及以上，该工程师为初级工程师（2 级）');
    expect(levelShortfall(3, 3)).toBeNull();
    expect(levelShortfall(1, null)).toBeNull();
  });
});
