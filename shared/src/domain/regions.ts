/**
 * A compact, partial GB/T 2260 administrative-division table (data only, no I/O): every provincial-level division
 * (2-digit codes), every city and district of Zhejiang (33), and the districts of Beijing (11), Shanghai (31),
 * Guangzhou (4401) and Shenzhen (4403) — the areas the platform serves today. Codes follow the 2023 edition
 * (for example Hangzhou's 2021 reorganisation: 上城区 330102 absorbed 江干区, 拱墅区 330105 absorbed 下城区).
 *
 * The table is partial on purpose: a 6-digit district code that is not listed is still a valid address code; it
 * simply has no names here. Province codes are 2 digits, city codes 4, district codes 6.
 */

const PROVINCES: Record<string, string> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

/**
 * City code → name and its districts (the last two digits of each district code → name). For the municipalities
 * (Beijing, Shanghai) GB/T 2260's "市辖区" level carries the city's own name, as address pickers show it.
 */
const CITIES: Record<string, { name: string; districts: Record<string, string> }> = {
  '1101': {
    name: '北京市',
    districts: {
      '01': '东城区', '02': '西城区', '05': '朝阳区', '06': '丰台区', '07': '石景山区', '08': '海淀区', '09': '门头沟区', '11': '房山区',
      '12': '通州区', '13': '顺义区', '14': '昌平区', '15': '大兴区', '16': '怀柔区', '17': '平谷区', '18': '密云区', '19': '延庆区',
    },
  },
  '3101': {
    name: '上海市',
    districts: {
      '01': '黄浦区', '04': '徐汇区', '05': '长宁区', '06': '静安区', '07': '普陀区', '09': '虹口区', '10': '杨浦区', '12': '闵行区',
      '13': '宝山区', '14': '嘉定区', '15': '浦东新区', '16': '金山区', '17': '松江区', '18': '青浦区', '20': '奉贤区', '51': '崇明区',
    },
  },
  '3301': {
    name: '杭州市',
    districts: {
      '02': '上城区', '05': '拱墅区', '06': '西湖区', '08': '滨江区', '09': '萧山区', '10': '余杭区', '11': '富阳区', '12': '临安区',
      '13': '临平区', '14': '钱塘区', '22': '桐庐县', '27': '淳安县', '82': '建德市',
    },
  },
  '3302': {
    name: '宁波市',
    districts: { '03': '海曙区', '05': '江北区', '06': '北仑区', '11': '镇海区', '12': '鄞州区', '13': '奉化区', '25': '象山县', '26': '宁海县', '81': '余姚市', '82': '慈溪市' },
  },
  '3303': {
    name: '温州市',
    districts: {
      '02': '鹿城区', '03': '龙湾区', '04': '瓯海区', '05': '洞头区', '24': '永嘉县', '26': '平阳县', '27': '苍南县', '28': '文成县',
      '29': '泰顺县', '81': '瑞安市', '82': '乐清市', '83': '龙港市',
    },
  },
  '3304': { name: '嘉兴市', districts: { '02': '南湖区', '11': '秀洲区', '21': '嘉善县', '24': '海盐县', '81': '海宁市', '82': '平湖市', '83': '桐乡市' } },
  '3305': { name: '湖州市', districts: { '02': '吴兴区', '03': '南浔区', '21': '德清县', '22': '长兴县', '23': '安吉县' } },
  '3306': { name: '绍兴市', districts: { '02': '越城区', '03': '柯桥区', '04': '上虞区', '24': '新昌县', '81': '诸暨市', '83': '嵊州市' } },
  '3307': {
    name: '金华市',
    districts: { '02': '婺城区', '03': '金东区', '23': '武义县', '26': '浦江县', '27': '磐安县', '81': '兰溪市', '82': '义乌市', '83': '东阳市', '84': '永康市' },
  },
  '3308': { name: '衢州市', districts: { '02': '柯城区', '03': '衢江区', '22': '常山县', '24': '开化县', '25': '龙游县', '81': '江山市' } },
  '3309': { name: '舟山市', districts: { '02': '定海区', '03': '普陀区', '21': '岱山县', '22': '嵊泗县' } },
  '3310': {
    name: '台州市',
    districts: { '02': '椒江区', '03': '黄岩区', '04': '路桥区', '22': '三门县', '23': '天台县', '24': '仙居县', '81': '温岭市', '82': '临海市', '83': '玉环市' },
  },
  '3311': {
    name: '丽水市',
    districts: { '02': '莲都区', '21': '青田县', '22': '缙云县', '23': '遂昌县', '24': '松阳县', '25': '云和县', '26': '庆元县', '27': '景宁畲族自治县', '81': '龙泉市' },
  },
  '4401': {
    name: '广州市',
    districts: { '03': '荔湾区', '04': '越秀区', '05': '海珠区', '06': '天河区', '11': '白云区', '12': '黄埔区', '13': '番禺区', '14': '花都区', '15': '南沙区', '17': '从化区', '18': '增城区' },
  },
  '4403': {
    name: '深圳市',
    districts: { '03': '罗湖区', '04': '福田区', '05': '南山区', '06': '宝安区', '07': '龙岗区', '08': '盐田区', '09': '龙华区', '10': '坪山区', '11': '光明区' },
  },
};

/** Name of the province a code (2, 4 or 6 digits) belongs to; undefined when unknown. */
export function provinceName(code: string): string | undefined {
  return /^\d{2}/.test(code) ? PROVINCES[code.slice(0, 2)] : undefined;
}

/** Name of the city a 4- or 6-digit code belongs to; undefined when the city is not in the table. */
export function cityName(code: string): string | undefined {
  return /^\d{4}/.test(code) ? CITIES[code.slice(0, 4)]?.name : undefined;
}

/** Name of a 6-digit district; undefined when the district is not in the table. */
export function districtName(code: string): string | undefined {
  return /^\d{6}$/.test(code) ? CITIES[code.slice(0, 4)]?.districts[code.slice(4)] : undefined;
}

/** Province, city and district names of a district code, each null when the table does not know it. */
export function describeDistrict(code: string): { provinceName: string | null; cityName: string | null; districtName: string | null } {
  return { provinceName: provinceName(code) ?? null, cityName: cityName(code) ?? null, districtName: districtName(code) ?? null };
}

export interface RegionNode {
  code: string;
  name: string;
  /** Cities of a province, districts of a city; empty where the table has no detail (and for districts). */
  children: RegionNode[];
}

/**
 * Provinces → cities → districts, in code order, for a cascading picker. A fresh tree each call, so a caller may
 * decorate or trim it without touching the table.
 */
export function regionTree(): RegionNode[] {
  return Object.keys(PROVINCES)
    .sort()
    .map((p) => ({
      code: p,
      name: PROVINCES[p]!,
      children: Object.keys(CITIES)
        .filter((c) => c.startsWith(p))
        .sort()
        .map((c) => ({
          code: c,
          name: CITIES[c]!.name,
          children: Object.keys(CITIES[c]!.districts)
            .sort()
            .map((d) => ({ code: c + d, name: CITIES[c]!.districts[d]!, children: [] })),
        })),
    }));
}
