import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Where uploaded bytes live. Local disk by default; an object store would implement the same three calls. */
export interface FileStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export function createDiskStorage(root: string): FileStorage {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error('storage key escapes the root');
    return full;
  };
  return {
    async put(key, bytes) {
      const file = resolve(key);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, bytes, { flag: 'wx' });
    },
    async open(key) {
      const file = resolve(key);
      await fsp.access(file);
      return fs.createReadStream(file);
    },
    async remove(key) {
      await fsp.rm(resolve(key), { force: true });
    },
  };
}
