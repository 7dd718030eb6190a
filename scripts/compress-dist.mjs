#!/usr/bin/env node
// `node scripts/compress-dist.mjs <dist folder>…`: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy
// next to every text asset of a built app (js, css, html, svg, json, …), so the server sends them precompressed
// (server/src/http/static.ts) instead of compressing on every request. Run by the admin's and the miniapp H5's
// build scripts. Copies that would not be smaller are not written; copies left from an earlier build whose file is
// gone are removed. Prints the raw, brotli and gzip totals.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|xml|map)$/;

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export function compressDist(dir) {
  const totals = { files: 0, raw: 0, br: 0, gz: 0 };
  for (const file of walk(dir)) {
    if (/\.(br|gz)$/.test(file)) {
      if (!fs.existsSync(file.replace(/\.(br|gz)$/, ''))) fs.rmSync(file);
      continue;
    }
    if (!TEXT.test(file)) continue;
    const raw = fs.readFileSync(file);
    for (const ext of ['.br', '.gz']) fs.rmSync(file + ext, { force: true });
    totals.files++;
    totals.raw += raw.length;
    const br = zlib.brotliCompressSync(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT },
    });
    const gz = zlib.gzipSync(raw, { level: 9 });
    if (br.length < raw.length) fs.writeFileSync(file + '.br', br);
    if (gz.length < raw.length) fs.writeFileSync(file + '.gz', gz);
    totals.br += Math.min(br.length, raw.length);
    totals.gz += Math.min(gz.length, raw.length);
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2);
  if (!dirs.length) {
    console.error('usage: node scripts/compress-dist.mjs <dist folder>…');
    process.exit(2);
  }
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) {
      console.error(`compress-dist: ${dir} does not exist (build it first)`);
      process.exit(1);
    }
    const t = compressDist(dir);
    console.log(`compress-dist ${dir}: ${t.files} text files, ${kb(t.raw)} raw → ${kb(t.br)} brotli, ${kb(t.gz)} gzip`);
  }
}
