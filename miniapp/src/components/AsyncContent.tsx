import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { AsyncState } from '@/hooks/useAsync'
import { isApiError } from '@/services/api-client'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { Loading } from '@/ui/Loading'

/** What went wrong, in words: the server's message (with the request id for a 5xx), or a generic line. */
export function errorText(err: unknown): string {
  if (isApiError(err)) return err.status >= 500 && err.requestId ? `${err.message}（请求编号 ${err.requestId}）` : err.message
  return '加载失败，请稍后重试'
}

/** Loading, failed (with 重试), or the content: the three states of every page that loads something. */
export function AsyncContent<T>({ state, children, empty }: { state: AsyncState<T>; children: (data: T) => ReactNode; empty?: ReactNode }) {
  if (state.data === null && state.loading) {
    return (
      <View className='async-state'>
        <Loading type='circular'>加载中…</Loading>
      </View>
    )
  }
  if (state.data === null) {
    return (
      <View className='async-state'>
        <Empty status='error' title='加载失败' description={errorText(state.error)} size='small' />
        <Button type='primary' fill='outline' size='small' onClick={() => void state.reload()}>
          重试
        </Button>
      </View>
    )
  }
  if (empty !== undefined && Array.isArray(state.data) && state.data.length === 0) return <>{empty}</>
  return (
    <>
      {state.error ? <Text className='form-error async-state__stale'>{errorText(state.error)}</Text> : null}
      {children(state.data)}
    </>
  )
}
