import { describe, expect, it } from 'vitest';
import { cityName, describeDistrict, districtName, provinceName, regionTree, type RegionNode } from '../domain/regions';

const flatten = (nodes: RegionNode[]): RegionNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe('region names', () => {
  it('names a Hangzhou district at every level', () => {
    expect(provinceName('330106')).toBe('浙江省');
    expect(cityName('330106')).toBe('杭州市');
    expect(districtName('330106')).toBe('西湖区');
    expect(describeDistrict('330106')).toEqual({ provinceName: '浙江省', cityName: '杭州市', districtName: '西湖区' });
  });

  it('names the districts of Beijing, Shanghai, Guangzhou and Shenzhen, with the municipality as its own city', () => {
    expect(describeDistrict('110105')).toEqual({ provinceName: '北京市', cityName: '北京市', districtName: '朝阳区' });
    expect(describeDistrict('310115')).toEqual({ provinceName: '上海市', cityName: '上海市', districtName: '浦东新区' });
    expect(districtName('440106')).toBe('天河区');
    expect(districtName('440305')).toBe('南山区');
  });

  it('uses the codes after Hangzhou’s 2021 reorganisation', () => {
    expect(districtName('330102')).toBe('上城区');
    expect(districtName('330113')).toBe('临平区');
    expect(districtName('330114')).toBe('钱塘区');
    expect(districtName('330103')).toBeUndefined(); // 下城区, merged into 拱墅区
  });

  it('knows the province of a code outside the table but nothing finer', () => {
    expect(describeDistrict('510104')).toEqual({ provinceName: '四川省', cityName: null, districtName: null });
    expect(describeDistrict('990101')).toEqual({ provinceName: null, cityName: null, districtName: null });
    expect(districtName('3301')).toBeUndefined();
    expect(districtName('3301066')).toBeUndefined();
  });
});

describe('regionTree', () => {
  const tree = regionTree();

  it('lists every provincial-level division once, with 2-digit codes', () => {
    expect(tree).toHaveLength(34);
    expect(tree.every((p) => /^\d{2}$/.test(p.code))).toBe(true);
    expect(tree.map((p) => p.name)).toEqual(expect.arrayContaining(['北京市', '浙江省', '广东省', '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区', '台湾省']));
  });

  it('holds all eleven cities of Zhejiang with their districts', () => {
    const zhejiang = tree.find((p) => p.code === '33')!;
    expect(zhejiang.children.map((c) => c.name)).toEqual(['杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市', '金华市', '衢州市', '舟山市', '台州市', '丽水市']);
    const hangzhou = zhejiang.children[0]!;
    expect(hangzhou.children).toHaveLength(13);
    expect(hangzhou.children.find((d) => d.code === '330106')?.name).toBe('西湖区');
    expect(zhejiang.children.reduce((n, c) => n + c.children.length, 0)).toBe(90);
  });

  it('nests codes consistently: cities start with their province, districts with their city, all unique', () => {
    const all = flatten(tree);
    expect(new Set(all.map((n) => n.code)).size).toBe(all.length);
    for (const p of tree) {
      for (const c of p.children) {
        expect(c.code).toMatch(new RegExp(`^${p.code}\\d{2}$`));
        for (const d of c.children) {
          expect(d.code).toMatch(new RegExp(`^${c.code}\\d{2}$`));
          expect(d.children).toEqual([]);
          expect(districtName(d.code)).toBe(d.name);
        }
      }
    }
    expect(tree.find((p) => p.code === '11')!.children[0]!.children).toHaveLength(16);
    expect(tree.find((p) => p.code === '31')!.children[0]!.children).toHaveLength(16);
    expect(tree.find((p) => p.code === '44')!.children.map((c) => [c.name, c.children.length])).toEqual([['广州市', 11], ['深圳市', 9]]);
  });

  it('returns a fresh tree, so a caller cannot change the table', () => {
    regionTree()[0]!.name = 'changed';
    expect(regionTree()[0]!.name).toBe('北京市');
  });
});
