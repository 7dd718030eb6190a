import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrderPaymentsView, OrderView, PaymentPurpose } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { ConfirmSheet, quoteSheetLines, type SheetLine } from '@/components/ConfirmSheet'
import { RefundList } from '@/components/MoneyBack'
import { useAsync } from '@/hooks/useAsync'
import { useRunner } from '@/hooks/useRunner'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { h5ReturnPath, openCashier, PAY_CHANNEL, requestWechatPayment } from '@/platform/pay'
import { toast } from '@/platform/toast'
import { paymentsApi } from '@/services/payments'
import { Button } from '@/ui/Button'
import { Tag } from '@/ui/Tag'
import { Words } from '@/ui/Words'
import { dateTime, paymentMethodText, yuan } from '@/utils/format'
import './OrderPayment.scss'

type Due = OrderPaymentsView['due'][number]
type Payment = OrderPaymentsView['payments'][number]

/**
 * What the customer read after paying, from the server's answer only (it asks WeChat Pay when no notification came):
 * 支付成功, 支付处理中 (being checked, or WeChat Pay could not be asked) or 未支付 (no money arrived).
 */
export type PayResult = { kind: 'paid'; payment: Payment } | { kind: 'checking' } | { kind: 'pending'; reason: string } | { kind: 'unpaid' }

/** How often and how long the page asks again while WeChat Pay has not answered yet (the customer may tap 刷新 after). */
const RECHECKS = 2
const RECHECK_MS = 2000

/** Nothing known online (not loaded yet, or not loadable): the order's own payment record is all there is. */
function offline(orderId: string): OrderPaymentsView {
  return { orderId, online: { enabled: false, standIn: false, reason: null }, due: [], payments: [], refunds: [], paidFen: 0, refundedFen: 0, owedCashFen: 0 }
}

/** The newest payment, the one the customer has just been paying. */
function newest(view: OrderPaymentsView): Payment | null {
  return [...view.payments].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1) ?? null
}

export function resultOf(view: OrderPaymentsView): PayResult {
  const last = newest(view)
  if (last?.state === 'paid') return { kind: 'paid', payment: last }
  return { kind: 'unpaid' }
}

/** The lines of the confirmation sheet: the confirmed quote's, or the one wasted-trip fee. */
function sheetLines(order: OrderView, due: Due): SheetLine[] {
  const quote = due.quoteNo !== null ? order.quotes.find((q) => q.no === due.quoteNo) : null
  if (quote) return quoteSheetLines(quote.items)
  return [{ name: due.purposeLabel, quantity: 1, unit: '次', unitFen: due.amountFen, amountFen: due.amountFen }]
}

const SHEET_LEAD: Record<PaymentPurpose, string> = {
  service: '请核对项目和金额，与您确认的报价一致。确认后打开微信支付；是否付款成功，以微信支付的结果为准。',
  no_show_fee: '工程师按约上门时家中无人，按预约时告知您的标准收取空跑费。确认后打开微信支付。',
}

/**
 * Issue 20.4 on the customer's order: the amount due online (在线支付 ¥x, after a confirmation sheet with the lines
 * and the total), the result when the customer comes back from paying, what was paid (online with WeChat Pay's
 * transaction number, or in cash / by transfer as the engineer recorded it), and the refunds.
 */
export function OrderPayment({ order, returned, onPaid }: { order: OrderView; returned: boolean; onPaid(): void }) {
  const state = useAsync(() => paymentsApi.ofOrder(order.id), [order.id, order.status, order.payment?.paidAt ?? ''])
  const [paying, setPaying] = useState<Due | null>(null)
  const [sheetError, setSheetError] = useState<string | null>(null)
  const [result, setResult] = useState<PayResult | null>(returned ? { kind: 'checking' } : null)
  const runner = useRunner((err) => {
    if (paying) setSheetError(errorText(err))
    else toast(errorText(err))
  })
  const alive = useRef(true)
  useEffect(() => () => void (alive.current = false), [])

  /** Asks the server (which asks WeChat Pay) until the newest payment is paid, a few times at most. */
  async function check() {
    setResult({ kind: 'checking' })
    for (let attempt = 0; ; attempt++) {
      let view: OrderPaymentsView
      try {
        view = await paymentsApi.sync(order.id)
      } catch (err) {
        if (alive.current) setResult({ kind: 'pending', reason: errorText(err) })
        return
      }
      if (!alive.current) return
      state.setData(view)
      const outcome = resultOf(view)
      if (outcome.kind === 'paid') {
        setResult(outcome)
        onPaid()
        return
      }
      // Closed or refused: nothing is coming. Still open: WeChat Pay may not have heard yet; ask again, a few times.
      if (newest(view)?.state !== 'open' || attempt >= RECHECKS) {
        setResult(outcome)
        return
      }
      await new Promise((done) => setTimeout(done, RECHECK_MS))
      if (!alive.current) return
    }
  }

  useEffect(() => {
    if (returned) void check()
  }, [returned, order.id])

  async function pay(due: Due) {
    setSheetError(null)
    const started = await runner.run('pay', async () => {
      const view = await paymentsApi.prepay(order.id, {
        channel: PAY_CHANNEL,
        purpose: due.purpose,
        ...(PAY_CHANNEL === 'h5' ? { returnPath: h5ReturnPath(ROUTES.order, { id: order.id, paying: 1 }) } : {}),
      })
      if (PAY_CHANNEL === 'h5') {
        if (!view.h5Url) throw new Error('no cashier link')
        openCashier(view.h5Url)
        return 'left' as const
      }
      if (view.standIn) await paymentsApi.standInConfirm(order.id, view.payment.outTradeNo)
      else if (view.jsapi && (await requestWechatPayment(view.jsapi)) === 'cancelled') return 'cancelled' as const
      return 'finished' as const
    })
    if (!started || started === 'left') return
    setPaying(null)
    if (started === 'cancelled') toast('已取消支付，未扣款')
    else await check()
  }

  // Until the payments load (or when they cannot), the order's own payment record still shows.
  const view = state.data ?? offline(order.id)
  const servicePaidOnline = view.payments.find((p) => p.state === 'paid' && p.purpose === 'service') ?? null
  const otherPaid = view.payments.filter((p) => p.state === 'paid' && p.purpose !== 'service')
  const mismatched = view.payments.filter((p) => p.state === 'mismatch')
  const nothing = !view.due.length && !order.payment && !otherPaid.length && !mismatched.length && !view.refunds.length && !result
  if (nothing) return null
  return (
    <View className='card order-payment' data-testid='order-payment'>
      <Text className='card-title'>支付</Text>

      {result ? <ResultNotice result={result} busy={runner.busy !== null} onRecheck={() => void check()} /> : null}

      {view.due.map((due) => (
        <View key={due.purpose} className='order-payment__due'>
          <Text className='order-payment__due-title'>在线支付 {yuan(due.amountFen)}</Text>
          <Text className='muted'>{due.text}</Text>
          {view.online.enabled ? (
            <Button type='primary' size='large' block loading={runner.busy === 'pay' && paying?.purpose === due.purpose} onClick={() => { setSheetError(null); setPaying(due) }}>
              微信支付 {yuan(due.amountFen)}
            </Button>
          ) : (
            <Text className='order-payment__off'>在线支付暂不可用{view.online.reason ? `：${view.online.reason}` : ''}。</Text>
          )}
          {due.purpose === 'service' ? <Text className='muted'>也可以当面用现金或转账付给工程师，由工程师登记收款。</Text> : null}
          {view.online.standIn ? <Text className='muted order-payment__demo'>演示环境：使用模拟的微信支付，不会真的扣款。</Text> : null}
        </View>
      ))}

      {order.payment ? (
        <View className='order-payment__paid'>
          <Text className='order-detail__paid'>
            已支付 {yuan(order.payment.amountFen)}（{servicePaidOnline ? '在线微信支付' : paymentMethodText(order.payment.method)}）
          </Text>
          <Words
            className='muted'
            text={`${servicePaidOnline?.transactionId ? `微信支付单号 ${servicePaidOnline.transactionId} · ` : order.payment.receiptNo ? `收据号 ${order.payment.receiptNo} · ` : ''}${dateTime(order.payment.paidAt)}`}
          />
          {servicePaidOnline ? null : <Text className='muted'>由工程师当面收款并登记。</Text>}
          <Button className='order-detail__receipt' fill='outline' type='primary' block onClick={() => navigateTo(ROUTES.receipt, { id: order.id })}>
            查看电子收据
          </Button>
        </View>
      ) : null}
      {otherPaid.map((p) => (
        <View key={p.id} className='order-payment__paid'>
          <Text className='order-payment__line'>{p.text}</Text>
          <Words className='muted' text={`${p.transactionId ? `微信支付单号 ${p.transactionId} · ` : ''}${dateTime(p.paidAt)}`} />
        </View>
      ))}
      {mismatched.map((p) => (
        <Text key={p.id} className='order-payment__off'>{p.text}</Text>
      ))}

      <RefundList refunds={view.refunds} />
      {state.error && !state.data ? <Text className='muted'>在线支付信息暂时无法加载：{errorText(state.error)}</Text> : null}

      {paying ? (
        <ConfirmSheet
          visible
          title='确认支付'
          lead={SHEET_LEAD[paying.purpose]}
          lines={sheetLines(order, paying)}
          totalFen={paying.amountFen}
          totalLabel='应付合计'
          confirmText={`确认支付 ${yuan(paying.amountFen)}`}
          error={sheetError}
          busy={runner.busy === 'pay'}
          onCancel={() => setPaying(null)}
          onConfirm={() => void pay(paying)}
        />
      ) : null}
    </View>
  )
}

function ResultNotice({ result, busy, onRecheck }: { result: PayResult; busy: boolean; onRecheck(): void }) {
  if (result.kind === 'paid') {
    return (
      <View className='order-payment__result order-payment__result--paid' role='status'>
        <Tag type='success'>支付成功</Tag>
        <Text className='order-payment__line'>微信支付已确认收到 {yuan(result.payment.paidFen ?? result.payment.amountFen)}。</Text>
      </View>
    )
  }
  const checking = result.kind === 'checking'
  return (
    <View className={`order-payment__result order-payment__result--${result.kind}`} role='status'>
      <Tag type={result.kind === 'unpaid' ? 'danger' : 'warning'}>{result.kind === 'unpaid' ? '未支付' : '支付处理中'}</Tag>
      <Text className='order-payment__line'>
        {checking
          ? '正在向微信支付确认付款结果，请稍候…'
          : result.kind === 'pending'
            ? `暂时无法确认付款结果（${result.reason}）。如果您已付款，请稍后点“刷新支付结果”。`
            : '还没有收到这笔付款。如果您已付款，请稍后点“刷新支付结果”；没有付款可以重新支付。'}
      </Text>
      {checking ? null : (
        <Button fill='outline' type='primary' block disabled={busy} onClick={onRecheck}>
          刷新支付结果
        </Button>
      )}
    </View>
  )
}
