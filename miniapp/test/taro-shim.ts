/**
 * `@tarojs/taro` under vitest: the H5 implementation, plus React stand-ins for the page hooks that Taro's loader
 * injects at build time. Pages mounted in a test behave as if shown once, right after mounting.
 */
import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro-h5'

export * from '@tarojs/taro-h5'
export default Taro

function useOnMount(callback: () => void): void {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => {
    latest.current()
  }, [])
}

function useOnUnmount(callback: () => void): void {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => () => latest.current(), [])
}

const noop = (_callback: (...args: never[]) => unknown): void => undefined

export const useLaunch = useOnMount
export const useLoad = useOnMount
export const useReady = useOnMount
export const useDidShow = useOnMount
export const useDidHide = useOnUnmount
export const useUnload = useOnUnmount
export const usePullDownRefresh = noop
export const useReachBottom = noop
export const usePageScroll = noop
export const useShareAppMessage = noop
export const useRouter = () => ({ params: {} as Record<string, string>, path: '' })
