import { createElement, type ComponentProps } from 'react'
import NutProgress from '@nutui/nutui-react-taro/dist/es/packages/progress'
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/css'

/** NutUI's progress bar is red unless told otherwise: ours is the brand colour. */
export function Progress(props: ComponentProps<typeof NutProgress>) {
  return createElement(NutProgress, { color: 'var(--nutui-color-primary, #1769e0)', ...props })
}
