import { useState } from 'react'
import type { MessageChannelsPatch, MessageChannelsView } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { useAsync } from '@/hooks/useAsync'
import { toast } from '@/platform/toast'
import { notificationsApi } from '@/services/notifications'
import { Cell, CellGroup } from '@/ui/Cell'
import { Switch } from '@/ui/Switch'
import { Words } from '@/ui/Words'

/**
 * 消息通知方式: how the customer hears about their orders. Messages in the app are always on; WeChat service
 * notifications and SMS can be turned off (the server skips a channel turned off). A channel the account cannot
 * receive says why instead of a switch.
 */
export function MessageChannels() {
  const state = useAsync(() => notificationsApi.channels(), [])
  const [saving, setSaving] = useState(false)

  async function change(patch: MessageChannelsPatch) {
    setSaving(true)
    try {
      state.setData(await notificationsApi.setChannels(patch))
      toast('已保存')
    } catch (err) {
      toast(errorText(err))
    } finally {
      setSaving(false)
    }
  }

  const view: MessageChannelsView | null = state.data
  return (
    <CellGroup title='消息通知方式'>
      <Cell title='应用内消息' description='订单的每一步都会在“消息通知”里告诉您' extra={<Words className='muted' text='始终开启' />} />
      {view === null ? (
        <Cell title={state.loading ? '正在读取…' : '读取失败，请稍后再试'} />
      ) : (
        <>
          <Cell
            title='微信服务通知'
            description={view.wechatSubscribe.available ? '在微信里提醒您，每次需要您点“允许”' : '用微信登录小程序后可以开启'}
            extra={
              view.wechatSubscribe.available ? (
                <Switch checked={view.wechatSubscribe.on} disabled={saving} onChange={(on: boolean) => void change({ wechatSubscribe: on })} ariaLabel='微信服务通知' />
              ) : (
                <Words className='muted' text='不可用' />
              )
            }
          />
          <Cell
            title='短信通知'
            description={view.sms.available ? '工程师出发、报价待确认、完工、投诉有结果时发短信给您' : '用手机号登录后可以开启'}
            extra={
              view.sms.available ? (
                <Switch checked={view.sms.on} disabled={saving} onChange={(on: boolean) => void change({ sms: on })} ariaLabel='短信通知' />
              ) : (
                <Words className='muted' text='不可用' />
              )
            }
          />
        </>
      )}
    </CellGroup>
  )
}
