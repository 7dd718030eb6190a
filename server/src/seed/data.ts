import type { CategoryCode, CertificateType } from '@fangxin/shared';

/** Demo data: one city (Hangzhou), three outlets in different districts, twelve engineers, staff and customers. */
export const DEMO_PASSWORD = 'Fangxin@2026';

export const DEMO_OUTLETS = [
  { code: 'HZ-XH', name: '杭州西湖网点', city: '杭州市', districtCodes: ['330106', '330102'], address: '西湖区文三路 398 号', phone: '0571-88001001' },
  // Issue 19: the Binjiang outlet opened both evening windows.
  { code: 'HZ-BJ', name: '杭州滨江网点', city: '杭州市', districtCodes: ['330108', '330109'], address: '滨江区江南大道 588 号', phone: '0571-88001002', eveningWindows: ['18-20', '19-21'] },
  { code: 'HZ-GS', name: '杭州拱墅网点', city: '杭州市', districtCodes: ['330105', '330110'], address: '拱墅区莫干山路 1118 号', phone: '0571-88001003' },
] as const;

type OutletCode = (typeof DEMO_OUTLETS)[number]['code'];

/**
 * Issue 19: how each demo outlet dispatches, and 临平区 (330113), covered by both Binjiang and Gongshu, so a booking
 * there goes to the one with the better quality score and the admin shows why. The shared district is kept out of
 * DEMO_OUTLETS' districts, where the demo history's customers live (their orders stay with their own outlet).
 */
export const DEMO_SHARED_DISTRICT = '330113';
export const DEMO_DISPATCH: Record<OutletCode, { mode: 'manual' | 'offer' | 'auto'; alsoCovers: string[] }> = {
  'HZ-XH': { mode: 'manual', alsoCovers: [] },
  'HZ-BJ': { mode: 'offer', alsoCovers: [DEMO_SHARED_DISTRICT] },
  'HZ-GS': { mode: 'auto', alsoCovers: [DEMO_SHARED_DISTRICT] },
};

export interface DemoEngineer {
  username: string;
  employeeNo: string;
  name: string;
  phone: string;
  outlet: OutletCode;
  level: number;
  status: 'active' | 'suspended';
  skills: CategoryCode[];
  certificates: Array<{ type: CertificateType; validYears: number }>;
}

const E = (
  username: string,
  employeeNo: string,
  name: string,
  phone: string,
  outlet: OutletCode,
  level: number,
  skills: CategoryCode[],
  certificates: DemoEngineer['certificates'],
  status: DemoEngineer['status'] = 'active',
): DemoEngineer => ({ username, employeeNo, name, phone, outlet, level, status, skills, certificates });

/** validYears < 0 makes an expired certificate (the engineer must not get work that needs it). */
export const DEMO_ENGINEERS: DemoEngineer[] = [
  E('eng.xihu.1', 'FX-XH-001', '陈建国', '13900001001', 'HZ-XH', 4, ['air_conditioner', 'refrigerator', 'washing_machine'], [{ type: 'refrigeration', validYears: 2 }, { type: 'high_altitude', validYears: 1 }, { type: 'electrician', validYears: 3 }]),
  E('eng.xihu.2', 'FX-XH-002', '刘伟', '13900001002', 'HZ-XH', 3, ['water_heater', 'gas_stove', 'range_hood'], [{ type: 'gas_appliance', validYears: 2 }, { type: 'electrician', validYears: 1 }]),
  E('eng.xihu.3', 'FX-XH-003', '赵明', '13900001003', 'HZ-XH', 2, ['tv', 'dishwasher', 'water_purifier'], [{ type: 'electrician', validYears: 2 }]),
  E('eng.xihu.4', 'FX-XH-004', '孙强', '13900001004', 'HZ-XH', 3, ['air_conditioner', 'washing_machine'], [{ type: 'refrigeration', validYears: 1 }, { type: 'high_altitude', validYears: -1 }]),
  E('eng.binjiang.1', 'FX-BJ-001', '周磊', '13900002001', 'HZ-BJ', 5, ['air_conditioner', 'refrigerator', 'water_heater'], [{ type: 'refrigeration', validYears: 3 }, { type: 'high_altitude', validYears: 2 }, { type: 'electrician', validYears: 2 }]),
  E('eng.binjiang.2', 'FX-BJ-002', '吴俊', '13900002002', 'HZ-BJ', 3, ['washing_machine', 'dishwasher', 'tv'], [{ type: 'electrician', validYears: 1 }]),
  E('eng.binjiang.3', 'FX-BJ-003', '郑浩', '13900002003', 'HZ-BJ', 2, ['gas_stove', 'range_hood', 'water_heater'], [{ type: 'gas_appliance', validYears: 1 }]),
  E('eng.binjiang.4', 'FX-BJ-004', '王芳', '13900002004', 'HZ-BJ', 3, ['water_purifier', 'refrigerator'], [{ type: 'electrician', validYears: 2 }], 'suspended'),
  E('eng.gongshu.1', 'FX-GS-001', '冯涛', '13900003001', 'HZ-GS', 4, ['air_conditioner', 'water_heater', 'gas_stove'], [{ type: 'refrigeration', validYears: 2 }, { type: 'high_altitude', validYears: 2 }, { type: 'gas_appliance', validYears: 1 }]),
  E('eng.gongshu.2', 'FX-GS-002', '何静', '13900003002', 'HZ-GS', 3, ['washing_machine', 'refrigerator', 'dishwasher'], [{ type: 'electrician', validYears: 2 }]),
  E('eng.gongshu.3', 'FX-GS-003', '许亮', '13900003003', 'HZ-GS', 2, ['tv', 'range_hood', 'water_purifier'], [{ type: 'electrician', validYears: 1 }]),
  E('eng.gongshu.4', 'FX-GS-004', '沈斌', '13900003004', 'HZ-GS', 1, ['air_conditioner'], [{ type: 'refrigeration', validYears: 1 }, { type: 'high_altitude', validYears: 1 }]),
];

export const DEMO_STAFF = [
  { username: 'admin', name: '平台管理员', role: 'platform_admin' as const, outlet: null },
  { username: 'manager.xihu', name: '林经理', role: 'outlet_manager' as const, outlet: 'HZ-XH' as OutletCode },
  { username: 'manager.binjiang', name: '黄经理', role: 'outlet_manager' as const, outlet: 'HZ-BJ' as OutletCode },
  { username: 'manager.gongshu', name: '杨经理', role: 'outlet_manager' as const, outlet: 'HZ-GS' as OutletCode },
];

export const DEMO_CUSTOMERS = [
  { phone: '13800000001', name: '张女士' },
  { phone: '13800000002', name: '李先生' },
  { phone: '13800000003', name: '王阿姨' },
];

/** Printed by `pnpm start` and `pnpm seed`, and listed in README.md. */
export const DEMO_LOGINS = [
  { label: '平台管理员 admin', login: `admin / ${DEMO_PASSWORD}  (管理后台)` },
  { label: '网点经理 manager', login: `manager.xihu / ${DEMO_PASSWORD}  (also manager.binjiang, manager.gongshu)` },
  { label: '工程师 engineer', login: `eng.xihu.1 / ${DEMO_PASSWORD}  (H5 → 工程师模式; eng.<outlet>.1-4)` },
  { label: '客户 customer', login: '13800000001 + 验证码 (H5; the development code is shown on screen and in the server log)' },
];
