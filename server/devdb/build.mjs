#!/usr/bin/env node
// Builds the embedded database program with Maven when its sources changed since the last build.
// Used by `pnpm start`, the test global setup and .ci/run. Prints one line either way.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.join(here, 'target');
const stamp = path.join(target, '.build-stamp');

function sourceDigest() {
  const hash = createHash('sha256');
  const files = ['pom.xml'];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(here, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('src');
  for (const rel of files.sort()) hash.update(rel).update(fs.readFileSync(path.join(here, rel)));
  return hash.digest('hex');
}

export function ensureDevDbBuilt({ quiet = false } = {}) {
  const digest = sourceDigest();
  const built =
    fs.existsSync(path.join(target, 'classes', 'fangxin', 'devdb', 'DevDb.class')) &&
    fs.existsSync(path.join(target, 'lib')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === digest;
  if (built) {
    if (!quiet) console.log('devdb: up to date');
    return;
  }
  try {
    execFileSync('mvn', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('devdb: Maven (mvn) is not on the PATH; install Java 17 + Maven, or set MONGODB_URI to use a MongoDB server');
  }
  console.log('devdb: building the embedded database with Maven (first run downloads its jars)…');
  execFileSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] });
  fs.writeFileSync(stamp, digest);
  console.log('devdb: built');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureDevDbBuilt();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
