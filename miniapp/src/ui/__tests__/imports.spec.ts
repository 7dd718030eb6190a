import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Issue 18, first load: each page downloads only the UI components it uses. That holds only while every import names
 * a component's own module (`@/ui/Button`); a barrel that imports them all (with their stylesheets, side effects no
 * bundler drops) made every page load every component. See src/ui/README.md.
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const uiDir = path.join(src, 'ui')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(p)
    return /\.(ts|tsx)$/.test(e.name) ? [p] : []
  })
}

const files = sourceFiles(src)
const imports = files.flatMap((file) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)].map((m) => ({ file: path.relative(src, file), spec: m[1]! })),
)

describe('UI imports (one module per component)', () => {
  it('has no barrel: nothing imports @/ui itself, and there is no src/ui/index', () => {
    const barrel = (spec: string) => /^@\/ui\/?(index)?$/.test(spec) || (spec.startsWith('.') && /\/ui\/?(index)?$/.test(spec))
    expect(imports.filter((i) => barrel(i.spec))).toEqual([])
    expect(fs.readdirSync(uiDir).filter((f) => /^index\./.test(f))).toEqual([])
  })

  it('takes NutUI only through src/ui, whose modules import it per component, each with its stylesheet', () => {
    const outside = imports.filter((i) => i.spec.startsWith('@nutui/') && !i.file.startsWith(`ui${path.sep}`))
    expect(outside).toEqual([])
    for (const file of fs.readdirSync(uiDir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(uiDir, file), 'utf8')
      const components = [...text.matchAll(/^import \w+ from '@nutui\/nutui-react-taro\/dist\/es\/packages\/(\w+)'$/gm)].map((m) => m[1])
      const styles = [...text.matchAll(/^import '@nutui\/nutui-react-taro\/dist\/es\/packages\/(\w+)\/style\/css'$/gm)].map((m) => m[1])
      expect(styles, file).toEqual(components)
      expect(text, file).not.toMatch(/from '@nutui\/nutui-react-taro'/)
    }
  })

  it('names only modules that exist', () => {
    for (const i of imports.filter((x) => x.spec.startsWith('@/ui/'))) {
      expect(fs.existsSync(path.join(uiDir, `${i.spec.slice('@/ui/'.length)}.ts`)), `${i.file}: ${i.spec}`).toBe(true)
    }
  })
})
