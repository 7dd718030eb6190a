import { createElement } from 'react'
import { Text } from '@tarojs/components'
import { wordRuns } from './wordRuns'

/**
 * Text that wraps only where it may (wordRuns): at its spaces, and inside a Chinese sentence between characters, but
 * never inside a date, a time window (09:00-11:00), an amount or a short word (已过保), however narrow the phone or
 * large the type. Each piece kept whole is a nowrap span (app.scss `.nowrap`).
 */
export function Words({ text, className }: { text: string; className?: string }) {
  const children = wordRuns(text).map((r, i) => (r.keep ? createElement(Text, { key: i, className: 'nowrap' }, r.text) : r.text))
  return createElement(Text, { className }, ...children)
}
