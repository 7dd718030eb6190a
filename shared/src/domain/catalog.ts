/**
 * Appliance categories and service types: stable codes used in the API and the database, zh-CN names for people.
 * The price catalogue (items, prices, warranty days) is data on the server; these codes are the fixed vocabulary.
 */
export const APPLIANCE_CATEGORIES = [
  { code: 'air_conditioner', name: '空调', nameEn: 'Air conditioner' },
  { code: 'refrigerator', name: '冰箱', nameEn: 'Refrigerator' },
  { code: 'washing_machine', name: '洗衣机', nameEn: 'Washing machine' },
  { code: 'tv', name: '电视', nameEn: 'TV' },
  { code: 'water_heater', name: '热水器', nameEn: 'Water heater' },
  { code: 'range_hood', name: '油烟机', nameEn: 'Range hood' },
  { code: 'gas_stove', name: '燃气灶', nameEn: 'Gas stove' },
  { code: 'dishwasher', name: '洗碗机', nameEn: 'Dishwasher' },
  { code: 'water_purifier', name: '净水器', nameEn: 'Water purifier' },
] as const;

export type CategoryCode = (typeof APPLIANCE_CATEGORIES)[number]['code'];
export const CATEGORY_CODES = APPLIANCE_CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]];

export const SERVICE_TYPES = [
  { code: 'repair', name: '维修', nameEn: 'Repair' },
  { code: 'installation', name: '安装', nameEn: 'Installation' },
  { code: 'removal', name: '拆机', nameEn: 'Removal' },
  { code: 'cleaning', name: '清洗', nameEn: 'Cleaning' },
  { code: 'maintenance', name: '保养', nameEn: 'Maintenance' },
] as const;

export type ServiceTypeCode = (typeof SERVICE_TYPES)[number]['code'];
export const SERVICE_TYPE_CODES = SERVICE_TYPES.map((s) => s.code) as [ServiceTypeCode, ...ServiceTypeCode[]];

/** Certificates an engineer may hold; some categories' work requires them (see the catalogue on the server). */
export const CERTIFICATE_TYPES = [
  { code: 'electrician', name: '低压电工作业证' },
  { code: 'high_altitude', name: '高处作业证' },
  { code: 'refrigeration', name: '制冷与空调作业证' },
  { code: 'gas_appliance', name: '燃气具安装维修资质' },
] as const;

export type CertificateType = (typeof CERTIFICATE_TYPES)[number]['code'];
export const CERTIFICATE_TYPE_CODES = CERTIFICATE_TYPES.map((c) => c.code) as [CertificateType, ...CertificateType[]];

export function categoryName(code: string): string {
  return APPLIANCE_CATEGORIES.find((c) => c.code === code)?.name ?? code;
}

/**
 * The one character drawn in a category's round icon: the character that tells it apart (洗衣机 衣, 洗碗机 碗), not
 * simply the first, which two categories share.
 */
export const CATEGORY_MARKS: Record<CategoryCode, string> = {
  air_conditioner: '空',
  refrigerator: '冰',
  washing_machine: '衣',
  tv: '视',
  water_heater: '热',
  range_hood: '烟',
  gas_stove: '灶',
  dishwasher: '碗',
  water_purifier: '净',
};

export function categoryMark(code: string): string {
  return CATEGORY_MARKS[code as CategoryCode] ?? categoryName(code).slice(0, 1);
}

export function serviceTypeName(code: string): string {
  return SERVICE_TYPES.find((s) => s.code === code)?.name ?? code;
}
