import { WASTED_TRIP_FEE_NAME, catalogSearchKey, defaultCondition, type CatalogItemKind, type CatalogUnit, type CategoryCode, type ServiceTypeCode, type SurchargeCondition } from '@fangxin/shared';
import { AppError } from '../core/errors';
import type { Clock } from '../lib/clock';
import { CatalogVersion, DraftItem, DraftPolicy, type CatalogItemRecord, type CategoryPolicyRecord } from '../modules/catalog/model';
import { publishCatalog } from '../modules/catalog/drafts';

/**
 * The demo national price catalogue: every category with its labour, parts and extra fees at typical 2026 prices
 * for a large Chinese city (integer fen), and a policy per category. Codes: <category>-<L|P|F>-<nnn>.
 */

const PREFIX: Record<CategoryCode, string> = {
  air_conditioner: 'AC',
  refrigerator: 'RF',
  washing_machine: 'WM',
  tv: 'TV',
  water_heater: 'WH',
  range_hood: 'RH',
  gas_stove: 'GS',
  dishwasher: 'DW',
  water_purifier: 'WP',
};

type Line = [name: string, unit: CatalogUnit, yuan: number, warrantyDays: number, serviceTypes: ServiceTypeCode[], covered?: boolean, serialised?: boolean];

const L = (name: string, yuan: number, serviceTypes: ServiceTypeCode[], warrantyDays = 90): Line => [name, '次', yuan, warrantyDays, serviceTypes];
const P = (name: string, yuan: number, warrantyDays = 180, unit: CatalogUnit = '个', covered = true): Line => [name, unit, yuan, warrantyDays, ['repair', 'maintenance'], covered];
/** A consumable (refrigerant, pipe by the metre, filters, anode rods): charged as a part, but no serial and no old part to photograph. */
const C = (name: string, yuan: number, warrantyDays = 180, unit: CatalogUnit = '个', covered = true): Line => [name, unit, yuan, warrantyDays, ['repair', 'maintenance'], covered, false];

/** Labour and parts per category; the inspection fee is charged only when the customer declines the repair. */
const LINES: Record<CategoryCode, { labour: Line[]; parts: Line[] }> = {
  air_conditioner: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('挂机深度清洗', 120, ['cleaning', 'maintenance'], 30), L('挂机安装（1–1.5 匹）', 200, ['installation'], 365), L('挂机拆机', 100, ['removal'], 0)],
    parts: [P('压缩机（1.5 匹）', 980, 365), P('启动电容', 65), C('冷媒 R32 补充', 120, 90, '次'), C('铜管（含保温）', 60, 365, '米')],
  },
  refrigerator: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('制冷系统维修（焊漏、抽真空、加注）', 250, ['repair']), L('冰箱清洁除味', 80, ['cleaning', 'maintenance'], 30)],
    parts: [P('压缩机', 650, 365), P('门封条', 120), P('温控器', 80), P('化霜加热管', 90)],
  },
  washing_machine: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('滚筒/波轮深度清洗', 100, ['cleaning', 'maintenance'], 30), L('洗衣机安装', 50, ['installation'], 90)],
    parts: [P('排水泵', 90), P('门封圈（滚筒）', 150), P('电脑板', 280), P('离合器（波轮）', 160)],
  },
  tv: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('电视挂装（含挂架）', 80, ['installation'], 365), L('电视拆机', 50, ['removal'], 0)],
    parts: [P('电源板', 220), P('背光灯条', 180), P('遥控器', 50, 90)],
  },
  water_heater: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('热水器安装', 150, ['installation'], 365), L('热水器清洗除垢', 120, ['cleaning', 'maintenance'], 30)],
    parts: [P('加热管', 120), C('镁棒', 60, 180), P('温控器', 80), P('水流传感器', 70)],
  },
  range_hood: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('油烟机深度清洗', 150, ['cleaning', 'maintenance'], 30), L('油烟机安装', 120, ['installation'], 365)],
    parts: [P('电机', 280), P('电容', 45), P('开关面板', 90)],
  },
  gas_stove: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('点火系统维修', 60, ['repair']), L('燃气灶安装（含气密性检测）', 100, ['installation'], 365)],
    parts: [P('脉冲点火器', 55), P('热电偶', 35), C('燃气软管', 20, 365, '米')],
  },
  dishwasher: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('嵌入式洗碗机安装', 200, ['installation'], 365), L('洗碗机清洁保养', 100, ['cleaning', 'maintenance'], 30)],
    parts: [P('循环泵', 260), P('加热管', 150), P('进水阀', 70)],
  },
  water_purifier: {
    labour: [L('上门检测费', 30, ['repair'], 0), L('净水器安装', 80, ['installation'], 365), L('滤芯更换服务', 30, ['maintenance'], 30)],
    // Filters are consumables: no repair warranty and not paid for by the manufacturer's warranty.
    parts: [C('PP 棉滤芯', 40, 0, '个', false), C('活性炭滤芯', 60, 0, '个', false), C('RO 反渗透膜滤芯', 400, 0, '个', false), P('增压泵', 180)],
  },
};

/** The categories whose demo price list publishes a wasted-trip fee (¥30); the others publish none (no fee on a no-show). */
export const WASTED_TRIP_CATEGORIES: readonly CategoryCode[] = ['air_conditioner', 'refrigerator', 'washing_machine', 'water_heater', 'range_hood'];

/** The condition of each demo surcharge, by the start of its name. */
const SURCHARGE_CONDITIONS: Array<[string, SurchargeCondition]> = [
  ['夜间服务费', defaultCondition('night_window')],
  ['远程上门费', defaultCondition('remote_district')],
  ['高空作业费', defaultCondition('height_work')],
  ['加急服务费', defaultCondition('urgent')],
];

function demoItems(): CatalogItemRecord[] {
  const items: CatalogItemRecord[] = [];
  const add = (category: CategoryCode, kind: CatalogItemKind, letter: string, lines: Line[]) =>
    lines.forEach(([name, unit, yuan, warrantyDays, serviceTypes, covered, serialised], i) =>
      items.push({
        code: `${PREFIX[category]}-${letter}-${String(i + 1).padStart(3, '0')}`,
        category,
        serviceTypes,
        kind,
        name,
        unit,
        priceFen: Math.round(yuan * 100),
        warrantyDays,
        coveredByApplianceWarranty: covered ?? kind !== 'fee',
        serialised: kind === 'part' && serialised !== false,
        active: true,
        condition: null,
        waivedWithRepair: false,
      }),
    );
  for (const category of Object.keys(LINES) as CategoryCode[]) {
    add(category, 'labour', 'L', LINES[category].labour);
    add(category, 'part', 'P', LINES[category].parts);
    const fees: Line[] = [
      ['夜间服务费（晚间时段）', '次', 30, 0, []],
      ['远程上门费（远郊）', '次', 50, 0, []],
      ...(category === 'air_conditioner' ? ([['高空作业费', '次', 50, 0, ['installation', 'removal', 'repair']]] as Line[]) : []),
      ['加急服务费', '次', 50, 0, ['repair']],
      // Issue 20.1: a wasted-trip fee where the visit is a big job to set up; charged on a no-show only when the booking screen showed it.
      ...(WASTED_TRIP_CATEGORIES.includes(category) ? ([[`${WASTED_TRIP_FEE_NAME}（上门未遇）`, '次', 30, 0, []]] as Line[]) : []),
    ];
    add(category, 'fee', 'F', fees);
  }
  // Issue 19: every surcharge has its condition, and the inspection fee is waived when repair labour is charged.
  for (const item of items) item.condition = SURCHARGE_CONDITIONS.find(([prefix]) => item.kind === 'fee' && item.name.startsWith(prefix))?.[1] ?? null;
  for (const item of items) item.waivedWithRepair = item.name === '上门检测费';
  return items;
}

export const DEMO_CATALOG_ITEMS: readonly CatalogItemRecord[] = demoItems();

const policy = (category: CategoryCode, applianceWarrantyMonths: number, requiredCertificates: CategoryPolicyRecord['requiredCertificates'] = {}): CategoryPolicyRecord => ({
  category,
  applianceWarrantyMonths,
  requiredCertificates,
});

/** Manufacturer warranty per category and the certificates work needs (S6). */
export const DEMO_CATALOG_POLICIES: readonly CategoryPolicyRecord[] = [
  policy('air_conditioner', 12, { repair: ['refrigeration'], installation: ['high_altitude', 'refrigeration'], removal: ['high_altitude', 'refrigeration'] }),
  policy('refrigerator', 12),
  policy('washing_machine', 12),
  policy('tv', 12),
  policy('water_heater', 36, { repair: ['gas_appliance'], installation: ['gas_appliance'] }),
  policy('range_hood', 12),
  policy('gas_stove', 12, { repair: ['gas_appliance'], installation: ['gas_appliance'] }),
  policy('dishwasher', 24, { installation: ['electrician'] }),
  policy('water_purifier', 12),
];

/**
 * Adds the demo items and policies to the draft and, when nothing has been published yet, publishes them as
 * version 1. Idempotent, and it never overwrites: an item or policy that already exists (perhaps edited by an
 * admin) is left alone, and an existing published version means nothing is published.
 */
export async function seedCatalog(clock: Clock): Promise<{ itemsAdded: number; policiesAdded: number; publishedVersion: number | null }> {
  const now = clock.now();
  // timestamps off: Mongoose would otherwise $set updatedAt on every run, and a second run must change nothing.
  const insertOnly = { upsert: true, timestamps: false } as const;
  let itemsAdded = 0;
  for (const item of DEMO_CATALOG_ITEMS) {
    const searchKey = catalogSearchKey(`${item.code} ${item.name}`);
    const res = await DraftItem.updateOne({ code: item.code }, { $setOnInsert: { ...item, searchKey, createdAt: now, updatedAt: now } }, insertOnly);
    itemsAdded += res.upsertedCount;
  }
  let policiesAdded = 0;
  for (const p of DEMO_CATALOG_POLICIES) {
    const res = await DraftPolicy.updateOne({ category: p.category }, { $setOnInsert: { ...p, createdAt: now, updatedAt: now } }, insertOnly);
    policiesAdded += res.upsertedCount;
  }
  if (await CatalogVersion.exists({})) return { itemsAdded, policiesAdded, publishedVersion: null };
  try {
    const published = await publishCatalog(clock, { id: null, role: null, name: '系统初始化', ip: null, requestId: null }, 0);
    return { itemsAdded, policiesAdded, publishedVersion: published.version };
  } catch (err) {
    // A concurrent seed published first: that is the version we wanted.
    if (err instanceof AppError && err.id === 'catalog_version_conflict') return { itemsAdded, policiesAdded, publishedVersion: null };
    throw err;
  }
}
