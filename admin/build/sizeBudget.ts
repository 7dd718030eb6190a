import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Fails the build when the JavaScript a first visit must download (entry chunks plus everything they import
 * statically) grows past the budget. Lazy route chunks are not counted: they load when a page is opened.
 */
export function sizeBudget(options: { label: string; budgetKb: number }): Plugin {
  return {
    name: 'fangxin:size-budget',
    apply: 'build',
    writeBundle(_output, bundle) {
      const chunks = new Map<string, string>();
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') chunks.set(file.fileName, file.code);
      }
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        const chunk = bundle[fileName];
        if (chunk?.type !== 'chunk') return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && file.isEntry) visit(file.fileName);
      }
      const bytes = [...initial].reduce((sum, name) => sum + gzipSync(chunks.get(name) ?? '').length, 0);
      const kb = bytes / 1024;
      const line = `${options.label} initial JS: ${kb.toFixed(1)} KB gzip (budget ${options.budgetKb} KB)`;
      // Printed directly so the figure shows even when Vite's own logging is quiet.
      console.log(line);
      if (kb > options.budgetKb) this.error(`${line}: over budget`);
    },
  };
}
