import { createElement } from 'react'
import { Text } from '@tarojs/components'

/**
 * Text that wraps only between words (at its spaces): a date, a time window (09:00-11:00) or an amount never breaks
 * in the middle, however narrow the phone or large the type. Each word is a nowrap span (app.scss `.nowrap`).
 */
export function Words({ text, className }: { text: string; className?: string }) {
  const words = text.split(' ').filter(Boolean)
  const children = words.flatMap((w, i) => [...(i > 0 ? [' '] : []), createElement(Text, { key: i, className: 'nowrap' }, w)])
  return createElement(Text, { className }, ...children)
}
