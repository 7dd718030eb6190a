import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../en';
import zhCN from '../zh-CN';

const SRC = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'test-utils' ? [] : sourceFiles(full);
    return /\.(vue|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every literal message key the source passes to `t(...)` (keys built at run time are checked by their tables). */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  const pattern = /\bt\(\s*(['"`])([a-zA-Z][\w.]*)\1/g;
  for (const file of sourceFiles(SRC)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(pattern)) keys.add(match[2]!);
  }
  return keys;
}

function has(messages: unknown, key: string): boolean {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

function leaves(messages: unknown, prefix = ''): string[] {
  if (typeof messages === 'string') return [prefix];
  return Object.entries(messages as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  const keys = [...usedKeys()];

  it('finds the keys the screens use', () => {
    expect(keys.length).toBeGreaterThan(300);
  });

  it('has a Chinese text for every key the source uses', () => {
    expect(keys.filter((k) => !has(zhCN, k))).toEqual([]);
  });

  it('has an English text for every key the source uses (error ids may fall back to Chinese)', () => {
    expect(keys.filter((k) => !k.startsWith('errors.') && !has(en, k))).toEqual([]);
  });

  it('keeps the two languages in step, key for key', () => {
    const zh = leaves(zhCN).filter((k) => !k.startsWith('errors.'));
    const english = new Set(leaves(en));
    expect(zh.filter((k) => !english.has(k))).toEqual([]);
  });
});
