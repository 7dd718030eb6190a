import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ACTIVE_STATUSES, addDays, categoryName, readServiceCode, SERVICE_CODE_DIGITS, SERVICE_CODE_TEXT, type OrderView } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { Deadlines, StatusTag, TimelineList } from '@/components/OrderProgress'
import { OrderContacts } from '@/components/OrderContacts'
import { PageShell } from '@/components/PageShell'
import { PhotoGrid } from '@/components/PhotoGrid'
import { ConfirmSheet, quoteSheetLines } from '@/components/ConfirmSheet'
import { QuoteItems } from '@/components/QuoteItems'
import { ReasonDialog } from '@/components/ReasonDialog'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useOrderPhotos } from '@/hooks/useOrderPhotos'
import { useReloadOnShow } from '@/hooks/useReloadOnShow'
import { useRunner } from '@/hooks/useRunner'
import { navigateTo, ROUTES, usePageParams } from '@/platform/navigation'
import { CAN_SCAN, scanQrCode } from '@/platform/scan'
import { toast, toastSuccess } from '@/platform/toast'
import { engineerApi } from '@/services/engineer'
import { askSubscribe } from '@/services/subscribe'
import { ordersApi } from '@/services/orders'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Cell, CellGroup } from '@/ui/Cell'
import { Dialog } from '@/ui/Dialog'
import { Input } from '@/ui/Input'
import { NoticeBar } from '@/ui/NoticeBar'
import { Tag } from '@/ui/Tag'
import { districtText, paymentMethodText, serviceText, slotText, todayInShanghai, yuan } from '@/utils/format'
import { confirmedQuote } from '@/utils/order'
import { PaymentForm } from './PaymentForm'
import { PaymentStatus } from './PaymentStatus'
import { NoShowPanel } from './NoShowPanel'
import './index.scss'
import { UrgentTag } from '@/components/UrgentTag'
import { Words } from '@/ui/Words'

type Dialogs = 'decline' | 'parts' | 'complete' | null

/** One order in engineer mode: exactly the steps the state machine allows now, in the order they come. */
export default function EngineerOrderPage() {
  const { id = '' } = usePageParams()
  const current = useSession()
  const engineer = current?.user.role === 'engineer'
  const order = useAsync(() => engineerApi.get(id), [id])
  const timeline = useAsync(() => ordersApi.timeline(id), [id])
  // An engineer merely offered the order (no customer shown yet) gets its photos once it is his.
  const photos = useOrderPhotos(order.data?.customerId ? order.data : null)
  const [dialog, setDialog] = useState<Dialogs>(null)
  const [dialogError, setDialogError] = useState<string | null>(null)
  const [serviceCode, setServiceCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)
  const [partsReason, setPartsReason] = useState('')
  const [partsDate, setPartsDate] = useState(addDays(todayInShanghai(), 2))
  const runner = useRunner((err, key) => {
    if (key === 'check_in') setCodeError(errorText(err))
    else if (dialog) setDialogError(errorText(err))
    else toast(errorText(err))
  })

  useReloadOnShow(() => Promise.all([order.reload(), timeline.reload()]))

  if (!engineer) {
    return (
      <PageShell>
        <SignInPrompt engineer message='请先登录工程师账号' />
      </PageShell>
    )
  }

  async function act(key: string, call: () => Promise<OrderView>, done: string) {
    const next = await runner.run(key, call)
    if (!next) return
    order.setData(next)
    setDialog(null)
    setDialogError(null)
    toastSuccess(done)
    void timeline.reload()
  }

  async function checkIn(code: string) {
    // The shared rule reads the code (spaces, full-width digits, the QR text); the server says what is wrong with it.
    if (!readServiceCode(code).ok) {
      setCodeError(code.trim() ? SERVICE_CODE_TEXT.format : `请输入客户出示的 ${SERVICE_CODE_DIGITS} 位服务码`)
      return
    }
    setCodeError(null)
    await act('check_in', () => engineerApi.checkIn(id, code.trim()), '签到成功')
  }

  async function scanCheckIn() {
    try {
      const scanned = await scanQrCode()
      const read = readServiceCode(scanned)
      setServiceCode(read.ok ? read.code : scanned)
      await checkIn(scanned)
    } catch {
      // The scanner was closed.
    }
  }

  return (
    <PageShell className='engineer-order'>
      <AsyncContent state={order}>
        {(o) => {
          const can = (a: OrderView['actions'][number]) => o.actions.includes(a)
          const latest = o.quotes.at(-1)
          const confirmed = confirmedQuote(o)
          const inService = o.status === 'in_service'
          return (
            <>
              <View className='card'>
                <View className='engineer-order__title-row'>
                  <Words className='engineer-order__title' text={serviceText(o.category, o.serviceType)} />
                  <StatusTag status={o.status} label={o.statusLabel} />
                </View>
                <Text className='muted'>订单号 {o.orderNo}</Text>
                <UrgentTag urgent={o.urgent} />
                {o.parentOrderId ? <Tag type='primary'>免费二次上门（返修）</Tag> : null}
              </View>

              {o.partsWait ? <NoticeBar content={`等待配件：${o.partsWait.reason}，预计 ${o.partsWait.expectedDate} 到货`} wrap /> : null}

              <CellGroup title='上门信息'>
                <Cell title='上门时间' extra={slotText(o.slot)} />
                <Cell title='客户' extra={`${o.contact.name} ${o.contact.phone}`} />
                <Cell title='地址' description={`${districtText(o.contact.districtCode)} ${o.contact.detail}`} />
                {!o.contact.full ? <Cell title='' description='接单后可查看客户完整电话和地址' /> : null}
                {o.appliance ? (
                  <Cell title={`${categoryName(o.category)}：${o.appliance.brand} ${o.appliance.model}`} extra={o.appliance.inWarranty ? '保修期内' : '已过保'} />
                ) : null}
                <Cell title='故障描述' description={o.fault.description} />
                {o.fault.photoIds.length > 0 ? (
                  <Cell
                    title={`客户拍的故障照片（${o.fault.photoIds.length} 张）`}
                    description={o.customerId ? <PhotoGrid ids={o.fault.photoIds} photos={photos} label='故障照片' /> : '接单后可查看'}
                  />
                ) : null}
              </CellGroup>

              {o.contact.full && (ACTIVE_STATUSES as readonly string[]).includes(o.status) ? <OrderContacts orderId={o.id} side='engineer' /> : null}

              {o.deadlines?.length ? (
                <View className='card'>
                  <Text className='card-title'>服务时限</Text>
                  <Deadlines deadlines={o.deadlines} />
                </View>
              ) : null}

              {can('claim') ? (
                <Button type='primary' size='large' block loading={runner.busy === 'claim'} onClick={() => act('claim', () => engineerApi.claim(o.id), '抢单成功')}>
                  抢单
                </Button>
              ) : null}

              {can('accept') || can('decline') ? (
                <View className='engineer-order__actions'>
                  {can('accept') ? (
                    <Button type='primary' size='large' block loading={runner.busy === 'accept'} onClick={() => act('accept', () => engineerApi.accept(o.id), '已接单')}>
                      接单
                    </Button>
                  ) : null}
                  {can('decline') ? (
                    <Button type='danger' fill='outline' block onClick={() => { setDialogError(null); setDialog('decline') }}>
                      拒单
                    </Button>
                  ) : null}
                </View>
              ) : null}

              {can('depart') ? (
                <Button className='engineer-order__step' type='primary' size='large' block loading={runner.busy === 'depart'} onClick={() => act('depart', async () => {
                  await askSubscribe('engineer_departed')
                  return engineerApi.depart(o.id)
                }, '已出发')}>
                  出发上门
                </Button>
              ) : null}

              {can('check_in') ? (
                <View className='card engineer-order__check-in'>
                  <Text className='card-title'>到达签到</Text>
                  <Text className='muted'>{`请客户在订单页点“出示服务码”，输入他读给您的 ${SERVICE_CODE_DIGITS} 位数字${CAN_SCAN ? '，或扫他手机上的二维码' : ''}。`}</Text>
                  {CAN_SCAN ? (
                    <Button type='primary' size='large' block loading={runner.busy === 'check_in'} onClick={scanCheckIn}>
                      扫码签到
                    </Button>
                  ) : null}
                  <FormField label={CAN_SCAN ? '无法扫码时手动输入' : '服务码'} error={codeError ?? undefined}>
                    <Input className='input-box engineer-order__code' type='number' placeholder={`输入 ${SERVICE_CODE_DIGITS} 位服务码`} value={serviceCode} onChange={setServiceCode} maxLength={SERVICE_CODE_DIGITS} />
                  </FormField>
                  <Button type='primary' fill={CAN_SCAN ? 'outline' : 'solid'} block loading={runner.busy === 'check_in'} onClick={() => checkIn(serviceCode)}>
                    签到
                  </Button>
                </View>
              ) : null}

              <NoShowPanel order={o} onChanged={(next) => { order.setData(next); void timeline.reload() }} />

              {latest ? (
                <View className='card'>
                  <QuoteItems quote={latest} />
                </View>
              ) : null}

              {can('quote') ? (
                <Button className='engineer-order__step' type={latest ? 'default' : 'primary'} size='large' block onClick={() => navigateTo(ROUTES.engineerQuote, { id: o.id })}>
                  {latest ? (latest.status === 'rejected' ? '重新报价' : '修改报价（需客户重新确认）') : '按价目表报价'}
                </Button>
              ) : null}
              {latest?.status === 'pending' ? <Text className='muted engineer-order__hint'>等待客户在手机上确认报价，确认后才能开始服务。</Text> : null}

              {can('start') ? (
                <Button className='engineer-order__step' type='primary' size='large' block loading={runner.busy === 'start'} onClick={() => act('start', () => engineerApi.start(o.id), '已开始服务')}>
                  开始服务
                </Button>
              ) : null}

              {inService && !o.report ? (
                <Button className='engineer-order__step' type='primary' size='large' block onClick={() => navigateTo(ROUTES.engineerReport, { id: o.id })}>
                  填写服务报告
                </Button>
              ) : null}
              {o.report ? <Tag type='success'>服务报告已提交</Tag> : null}

              {/* Issue 20.4: paid online (nothing to record), or recorded in cash / by transfer, and any refunds. */}
              <PaymentStatus order={o} recording={Boolean(inService && o.report && !o.payment && confirmed)} />
              {inService && o.report && !o.payment && confirmed ? (
                <PaymentForm
                  totalFen={confirmed.totalFen}
                  lines={quoteSheetLines(confirmed.items)}
                  record={async (body) => {
                    const next = await engineerApi.payment(o.id, body)
                    order.setData(next)
                    toastSuccess('已登记收款')
                    void timeline.reload()
                    return next
                  }}
                />
              ) : null}

              {can('complete') ? (
                <Button className='engineer-order__step' type='primary' size='large' block loading={runner.busy === 'complete'} onClick={() => {
                  if (!confirmed) return void act('complete', () => engineerApi.complete(o.id), '已完工')
                  setDialogError(null)
                  setDialog('complete')
                }}>
                  完工
                </Button>
              ) : null}
              {can('complete') && confirmed ? (
                <ConfirmSheet
                  visible={dialog === 'complete'}
                  title='确认完工'
                  lead='完工后订单交给客户验收，报告和收款不能再修改。请核对本单的项目和收款：'
                  lines={quoteSheetLines(confirmed.items)}
                  totalFen={confirmed.totalFen}
                  totalLabel={o.payment ? `已收（${paymentMethodText(o.payment.method)}）` : '合计'}
                  confirmText={o.payment ? `确认完工（已收 ${yuan(o.payment.amountFen)}）` : '确认完工'}
                  error={dialogError}
                  busy={runner.busy === 'complete'}
                  onCancel={() => setDialog(null)}
                  onConfirm={() => act('complete', () => engineerApi.complete(o.id), '已完工')}
                />
              ) : null}

              {can('wait_for_parts') ? (
                <Button className='engineer-order__step' fill='outline' block onClick={() => { setDialogError(null); setDialog('parts') }}>
                  等待配件（暂停计时）
                </Button>
              ) : null}
              {can('resume') ? (
                <Button className='engineer-order__step' type='primary' block loading={runner.busy === 'resume'} onClick={() => act('resume', () => engineerApi.resume(o.id), '已恢复服务')}>
                  配件已到，恢复服务
                </Button>
              ) : null}

              {o.status === 'completed' || o.status === 'closed' || (o.status !== 'dispatched' && o.deadlines.some((d) => d.state === 'breached' || d.state === 'missed')) ? (
                <Button className='engineer-order__step' fill='outline' block onClick={() => navigateTo(ROUTES.engineerAppeal, { orderId: o.id })}>
                  对本单投诉或超时记录申诉
                </Button>
              ) : null}

              <View className='card'>
                <Text className='card-title'>工单时间线</Text>
                <AsyncContent state={timeline}>{(t) => <TimelineList timeline={t} />}</AsyncContent>
              </View>

              <ReasonDialog
                visible={dialog === 'decline'}
                title='拒单'
                placeholder='请填写拒单原因，订单将退回网点重新派单'
                confirmText='确认拒单'
                error={dialogError}
                busy={runner.busy === 'decline'}
                onCancel={() => setDialog(null)}
                onConfirm={(reason) => act('decline', () => engineerApi.decline(o.id, reason), '已拒单')}
              />
              <Dialog
                visible={dialog === 'parts'}
                title='等待配件'
                confirmText='确认'
                cancelText='返回'
                disableConfirmButton={runner.busy === 'parts'}
                onCancel={() => setDialog(null)}
                onConfirm={() => act('parts', () => engineerApi.waitForParts(o.id, partsReason, partsDate), '已暂停，等待配件')}
                content={
                  <View>
                    <Input className='input-box' placeholder='缺少的配件及原因' value={partsReason} onChange={setPartsReason} maxLength={200} />
                    <Input className='input-box' placeholder='预计到货日期 YYYY-MM-DD' value={partsDate} onChange={setPartsDate} maxLength={10} />
                    {dialogError ? <Text className='field-error'>{dialogError}</Text> : null}
                  </View>
                }
              />
            </>
          )
        }}
      </AsyncContent>
    </PageShell>
  )
}
