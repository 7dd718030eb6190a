#!/usr/bin/env node
/**
 * Prints the size of the WeChat build's main package and of each sub-package, and enforces WeChat's limits:
 * every package must stay under 2 MB (upload is refused above it), and we warn when the main package passes 1 MB
 * because it is what every user downloads before the first page shows.
 *
 * Usage: node scripts/size.mjs [dist/weapp]
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const KB = 1024
const PACKAGE_LIMIT = 2 * KB * KB
const MAIN_WARN = 1 * KB * KB
// Files in the output folder that WeChat does not ship in a package.
const NOT_SHIPPED = [/^project(\.private)?\.config\.json$/, /\.map$/]

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'weapp'))

if (!fs.existsSync(path.join(root, 'app.json'))) {
  console.error(`size: no WeChat build at ${root} (run pnpm build:weapp first)`)
  process.exit(1)
}

/** Sub-package roots: from app.json, else every packages/<name>/ folder. */
function subPackageRoots() {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'))
  const declared = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/^\/+|\/+$/g, ''))
  if (declared.length > 0) return declared
  const dir = path.join(root, 'packages')
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `packages/${d.name}`)
}

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* files(full)
    else if (entry.isFile()) yield full
  }
}

const subRoots = subPackageRoots()
const sizes = new Map([['main', 0], ...subRoots.map((r) => [r, 0])])
for (const file of files(root)) {
  const rel = path.relative(root, file).split(path.sep).join('/')
  if (NOT_SHIPPED.some((re) => re.test(path.basename(rel)))) continue
  const owner = subRoots.find((r) => rel.startsWith(`${r}/`)) ?? 'main'
  sizes.set(owner, sizes.get(owner) + fs.statSync(file).size)
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`
const width = Math.max(...[...sizes.keys()].map((k) => k.length), 'total'.length) + 2
console.log(`WeChat package sizes (${path.relative(process.cwd(), root) || '.'}):`)
let total = 0
for (const [name, bytes] of sizes) {
  total += bytes
  console.log(`  ${(name === 'main' ? 'main package' : name).padEnd(width + 6)}${kb(bytes).padStart(10)}`)
}
console.log(`  ${'total'.padEnd(width + 6)}${kb(total).padStart(10)}`)

let failed = false
for (const [name, bytes] of sizes) {
  if (bytes > PACKAGE_LIMIT) {
    console.error(`size: ${name} is ${kb(bytes)}, over WeChat's 2 MB per-package limit`)
    failed = true
  }
}
const main = sizes.get('main')
if (main > MAIN_WARN && main <= PACKAGE_LIMIT) {
  console.warn(`size: warning: the main package is ${kb(main)} (over 1 MB); move pages into sub-packages`)
}
process.exit(failed ? 1 : 0)
