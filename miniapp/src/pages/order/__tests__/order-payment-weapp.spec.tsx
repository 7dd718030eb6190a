import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { OrderPaymentsView } from '@fangxin/shared'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { orderView } from '../../../../test/orders'

/** Issue 20.4 inside the WeChat mini-program: JSAPI, WeChat's own payment sheet with the server's signed parameters. */
const payments = vi.hoisted(() => ({ paymentsApi: { ofOrder: vi.fn(), prepay: vi.fn(), sync: vi.fn(), standInConfirm: vi.fn() } }))
const pay = vi.hoisted(() => ({ PAY_CHANNEL: 'jsapi', openCashier: vi.fn(), requestWechatPayment: vi.fn(), h5ReturnPath: vi.fn() }))
const toast = vi.hoisted(() => ({ toast: vi.fn(), toastSuccess: vi.fn() }))
vi.mock('@/services/payments', () => payments)
vi.mock('@/platform/pay', () => pay)
vi.mock('@/platform/navigation', async (actual) => ({ ...(await actual<typeof import('@/platform/navigation')>()), navigateTo: vi.fn() }))
vi.mock('@/platform/toast', () => toast)

const { OrderPayment } = await import('../OrderPayment')

const ORDER_ID = '64b7f0c2a1b2c3d4e5f60001'
const IN_SERVICE = orderView({ status: 'in_service', statusLabel: '服务中', actions: [], quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }], confirmedQuoteNo: 1 })
const DUE = { purpose: 'service' as const, purposeLabel: '服务费', amountFen: 7500, quoteNo: 1, text: '服务费 ¥75.00' }
const JSAPI = { appId: 'wx0000000000000001', timeStamp: '1796600000', nonceStr: 'n0nce', package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' as const, paySign: 'c2lnbmF0dXJl' }
const PAYMENT = {
  id: '64b7f0c2a1b2c3d4e5f600p1',
  orderId: ORDER_ID,
  outTradeNo: 'FXP20261207000001',
  purpose: 'service' as const,
  purposeLabel: '服务费',
  channel: 'jsapi' as const,
  amountFen: 7500,
  paidFen: null,
  refundedFen: 0,
  state: 'open' as const,
  stateLabel: '待支付',
  transactionId: null,
  createdAt: '2026-12-07T02:00:00Z',
  paidAt: null,
  expiresAt: '2026-12-07T02:30:00Z',
  text: '服务费 ¥75.00，待支付。',
}
const view = (over: Partial<OrderPaymentsView> = {}): OrderPaymentsView => ({
  orderId: ORDER_ID,
  online: { enabled: true, standIn: false, reason: null },
  due: [DUE],
  payments: [],
  refunds: [],
  paidFen: 0,
  refundedFen: 0,
  owedCashFen: 0,
  ...over,
})
const PAID = view({ due: [], payments: [{ ...PAYMENT, state: 'paid', stateLabel: '已支付', paidFen: 7500, transactionId: '4200002026120712345678', paidAt: '2026-12-07T02:01:00Z' }], paidFen: 7500 })

async function payThroughTheSheet() {
  render(<OrderPayment order={IN_SERVICE} returned={false} onPaid={vi.fn()} />)
  fireEvent.click(await screen.findByText('微信支付 ¥75.00'))
  fireEvent.click(await screen.findByText('确认支付 ¥75.00'))
}

beforeEach(() => {
  vi.clearAllMocks()
  payments.paymentsApi.ofOrder.mockResolvedValue(view())
})

describe('online payment in the mini-program (JSAPI)', () => {
  it('opens WeChat’s payment sheet with the server’s signed parameters, then asks the server for the result', async () => {
    payments.paymentsApi.prepay.mockResolvedValue({ payment: PAYMENT, jsapi: JSAPI, h5Url: null, standIn: false })
    pay.requestWechatPayment.mockResolvedValue('finished')
    payments.paymentsApi.sync.mockResolvedValue(PAID)
    await payThroughTheSheet()

    await waitFor(() => expect(screen.getByText('支付成功')).toBeTruthy())
    expect(payments.paymentsApi.prepay).toHaveBeenCalledWith(ORDER_ID, { channel: 'jsapi', purpose: 'service' })
    expect(pay.requestWechatPayment).toHaveBeenCalledWith(JSAPI)
    expect(payments.paymentsApi.sync).toHaveBeenCalledWith(ORDER_ID)
    expect(payments.paymentsApi.standInConfirm).not.toHaveBeenCalled()
    expect(pay.openCashier).not.toHaveBeenCalled()
  })

  it('backing out of WeChat’s sheet says nothing was charged and claims nothing', async () => {
    payments.paymentsApi.prepay.mockResolvedValue({ payment: PAYMENT, jsapi: JSAPI, h5Url: null, standIn: false })
    pay.requestWechatPayment.mockResolvedValue('cancelled')
    await payThroughTheSheet()

    await waitFor(() => expect(toast.toast).toHaveBeenCalledWith('已取消支付，未扣款'))
    expect(payments.paymentsApi.sync).not.toHaveBeenCalled()
    expect(screen.queryByText('支付成功')).toBeNull()
  })

  it('with the local stand-in (development, demos): confirms at the stand-in instead of WeChat’s sheet', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(view({ online: { enabled: true, standIn: true, reason: null } }))
    payments.paymentsApi.prepay.mockResolvedValue({ payment: PAYMENT, jsapi: JSAPI, h5Url: null, standIn: true })
    payments.paymentsApi.standInConfirm.mockResolvedValue(PAID)
    payments.paymentsApi.sync.mockResolvedValue(PAID)
    await payThroughTheSheet()

    await waitFor(() => expect(screen.getByText('支付成功')).toBeTruthy())
    expect(payments.paymentsApi.standInConfirm).toHaveBeenCalledWith(ORDER_ID, 'FXP20261207000001')
    expect(pay.requestWechatPayment).not.toHaveBeenCalled()
  })
})
