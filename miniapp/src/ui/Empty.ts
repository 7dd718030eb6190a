import { createElement, type ComponentProps } from 'react'
import { View } from '@tarojs/components'
import NutEmpty from '@nutui/nutui-react-taro/dist/es/packages/empty'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css'

/**
 * NutUI's empty state draws a picture from JD's CDN, which the server's CSP (img-src 'self' data: blob:) blocks and a
 * mini-program would have to whitelist: ours draws a plain mark from the design tokens instead (.empty-mark).
 */
export function Empty(props: ComponentProps<typeof NutEmpty>) {
  return createElement(NutEmpty, { image: createElement(View, { className: 'empty-mark' }), imageSize: 64, ...props })
}
