// `pnpm --filter @fangxin/server run check:cycles` (a step of `pnpm test`): fails when any file under server/src is part
// of an import cycle. The graph comes from dpdm (TypeScript's parser; relative imports resolved without extensions, as
// tsc's bundler resolution does) and counts every static import and re-export, type-only ones included: `import type`
// is erased at run time, but two files that name each other's types are still one layer that cannot be read or moved
// apart. Dynamic `import()` counts too. A cycle is printed with `~>` on each import that is erased at run time (type-only
// or only used as a type; from a second pass of dpdm over the transpiled files), so a reader sees whether it would also
// bite at load time. Imports of packages (`@fangxin/shared`, node_modules) are not followed: they cannot import back.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDependencyTree, type DependencyTree } from 'dpdm';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(serverDir, 'src');
const inSrc = (file: string) => path.resolve(serverDir, file).startsWith(srcDir + path.sep);
const rel = (file: string) => path.relative(serverDir, path.resolve(serverDir, file));

const unresolved: string[] = [];

async function graphOf(transform: boolean): Promise<Map<string, Set<string>>> {
  const tree: DependencyTree = await parseDependencyTree('src/**/*.ts', {
    cwd: serverDir,
    context: serverDir,
    transform,
    // Parse only server/src; anything else (shared, node_modules) is a leaf.
    include: new RegExp(`^${srcDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    exclude: /node_modules/,
  });
  const graph = new Map<string, Set<string>>();
  for (const [file, deps] of Object.entries(tree)) {
    if (!inSrc(file)) continue;
    const out = new Set<string>();
    for (const dep of deps ?? []) {
      // tsc resolves every relative import (typecheck runs first); one dpdm could not resolve would be an edge missed.
      if (!dep.id && dep.request.startsWith('.')) unresolved.push(`${rel(file)}: '${dep.request}'`);
      if (dep.id && inSrc(dep.id)) out.add(rel(dep.id));
    }
    graph.set(rel(file), out);
  }
  return graph;
}

/** Tarjan's strongly connected components; a component of two or more files (or a file importing itself) holds cycles. */
function cyclicComponents(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}

/** One cycle per import that closes a loop in a depth-first walk (what `dpdm --circular` lists); 0 exactly when acyclic. */
function closingCycles(graph: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const walk = (v: string, path: string[]) => {
    const at = path.indexOf(v);
    if (at >= 0) {
      cycles.push(path.slice(at));
      return;
    }
    if (done.has(v)) return;
    done.add(v);
    for (const w of [...(graph.get(v) ?? [])].sort()) walk(w, [...path, v]);
  };
  for (const v of [...graph.keys()].sort()) walk(v, []);
  return cycles;
}

const graph = await graphOf(false);
// dpdm drops an import that carries a `@dpdm-ignore` comment: none may hide from this check.
const hidden = [...graph.keys()].filter((f) => fs.readFileSync(path.join(serverDir, f), 'utf8').includes('@dpdm-ignore'));
if (hidden.length) {
  console.error(`check:cycles: @dpdm-ignore is not allowed under server/src (${hidden.join(', ')})`);
  process.exit(2);
}
const runtime = await graphOf(true);
const components = cyclicComponents(graph);
const cycles = closingCycles(graph);
const runtimeCycles = closingCycles(runtime);

if (graph.size === 0 || unresolved.length) {
  console.error(`check:cycles: ${graph.size ? `imports dpdm could not resolve: ${[...new Set(unresolved)].join(', ')}` : 'no files found under server/src'}`);
  process.exit(2);
}
cycles.forEach((cycle, i) => {
  const steps = cycle.map((file, j) => `${file} ${runtime.get(file)?.has(cycle[(j + 1) % cycle.length]!) ? '->' : '~>'} `);
  console.log(`  ${String(i + 1).padStart(2)}) ${steps.join('')}${cycle[0]}`);
});
const inCycles = components.reduce((n, c) => n + c.length, 0);
console.log(
  `check:cycles: checked ${graph.size} files under server/src (every import, type-only ones included): ${cycles.length} import cycle(s)` +
    (cycles.length
      ? ` in ${components.length} group(s) of ${inCycles} files importing each other; ${runtimeCycles.length} of them also at run time ('~>': an import erased at run time)`
      : ''),
);
process.exit(cycles.length > 0 ? 1 : 0);
