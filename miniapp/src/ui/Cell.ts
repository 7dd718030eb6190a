// NutUI's Cell and CellGroup, each with its stylesheet. One module per component (README.md): a page loads only what it uses.
import { createElement, type ComponentProps } from 'react'
import NutCell from '@nutui/nutui-react-taro/dist/es/packages/cell'
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import { Words } from './Words'

/**
 * A cell whose value, when it is text, breaks only between words (Words): 2026-12-08 上午 09:00-11:00 or 已过保 stays
 * whole in large type on a narrow phone and the row wraps instead. Its title is a label, kept whole by theme.scss.
 */
function Cell(props: ComponentProps<typeof NutCell>) {
  const { extra } = props
  return createElement(NutCell, typeof extra === 'string' ? { ...props, extra: createElement(Words, { text: extra }) } : props)
}

export { Cell, CellGroup }
