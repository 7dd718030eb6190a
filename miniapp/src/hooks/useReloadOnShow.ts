import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'

/**
 * Calls `reload` each time the page shows again (back from a page that changed something), but not on its first
 * show, when the page's own load is already under way.
 */
export function useReloadOnShow(reload: () => unknown): void {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void reload()
    shown.current = true
  })
}
