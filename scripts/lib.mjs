// Small helpers shared by the root scripts (start, test, dev).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with inherited output; resolves with its exit code. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
}

/** Digest of the files under `dirs` (relative to ROOT), skipping build output and dependencies. */
export function digestOf(dirs) {
  const hash = createHash('sha256');
  const skip = new Set(['node_modules', 'dist', '.data', 'target', 'coverage', '__tests__']);
  const walk = (rel) => {
    const abs = path.join(ROOT, rel);
    if (!fs.existsSync(abs)) return;
    const stat = fs.statSync(abs);
    if (stat.isFile()) {
      hash.update(rel).update(fs.readFileSync(abs));
      return;
    }
    for (const entry of fs.readdirSync(abs).sort()) if (!skip.has(entry)) walk(path.join(rel, entry));
  };
  for (const dir of dirs) walk(dir);
  return hash.digest('hex');
}

/** Builds an app only when its sources (or shared/) changed since the last successful build. */
export async function buildIfChanged(name, dirs, outputDir, cmd, args) {
  const stamp = path.join(ROOT, outputDir, '.source-digest');
  const digest = digestOf(dirs);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) {
    console.log(`${name}: up to date`);
    return 0;
  }
  console.log(`${name}: building…`);
  const code = await run(cmd, args);
  if (code === 0) {
    fs.mkdirSync(path.join(ROOT, outputDir), { recursive: true });
    fs.writeFileSync(stamp, digest);
  }
  return code;
}
