import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { OrderPaymentsView } from '@fangxin/shared'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api-client'
import { orderView } from '../../../../test/orders'

const payments = vi.hoisted(() => ({ paymentsApi: { ofOrder: vi.fn(), prepay: vi.fn(), sync: vi.fn(), standInConfirm: vi.fn() } }))
const pay = vi.hoisted(() => ({ openCashier: vi.fn(), requestWechatPayment: vi.fn() }))
vi.mock('@/services/payments', () => payments)
vi.mock('@/platform/pay', async (actual) => ({ ...(await actual<typeof import('@/platform/pay')>()), ...pay }))
vi.mock('@/platform/navigation', async (actual) => ({ ...(await actual<typeof import('@/platform/navigation')>()), navigateTo: vi.fn() }))
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))

const { OrderPayment } = await import('../OrderPayment')

const ORDER_ID = '64b7f0c2a1b2c3d4e5f60001'
const IN_SERVICE = orderView({ status: 'in_service', statusLabel: '服务中', actions: [], quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }], confirmedQuoteNo: 1 })

function paymentsView(over: Partial<OrderPaymentsView> = {}): OrderPaymentsView {
  return { orderId: ORDER_ID, online: { enabled: true, standIn: true, reason: null }, due: [], payments: [], refunds: [], paidFen: 0, refundedFen: 0, owedCashFen: 0, ...over }
}
const DUE = { purpose: 'service' as const, purposeLabel: '服务费', amountFen: 7500, quoteNo: 1, text: '服务费 ¥75.00' }
const payment = (state: 'open' | 'paid' | 'closed', over = {}) => ({
  id: '64b7f0c2a1b2c3d4e5f600p1',
  orderId: ORDER_ID,
  outTradeNo: 'FXP20261207000001',
  purpose: 'service' as const,
  purposeLabel: '服务费',
  channel: 'h5' as const,
  amountFen: 7500,
  paidFen: state === 'paid' ? 7500 : null,
  refundedFen: 0,
  state,
  stateLabel: { open: '待支付', paid: '已支付', closed: '已关闭' }[state],
  transactionId: state === 'paid' ? '4200002026120712345678' : null,
  createdAt: '2026-12-07T02:00:00Z',
  paidAt: state === 'paid' ? '2026-12-07T02:01:00Z' : null,
  expiresAt: '2026-12-07T02:30:00Z',
  text: state === 'paid' ? '服务费 ¥75.00，已通过微信支付。' : '服务费 ¥75.00，待支付。',
  ...over,
})
const REFUND = {
  id: '64b7f0c2a1b2c3d4e5f600r1',
  orderId: ORDER_ID,
  paymentId: '64b7f0c2a1b2c3d4e5f600p1',
  outRefundNo: 'FXR1',
  reason: 'complaint_compensation' as const,
  reasonLabel: '投诉赔偿',
  amountFen: 2000,
  state: 'success' as const,
  stateLabel: '已退款',
  complaintId: '64b7f0c2a1b2c3d4e5f600c1',
  createdAt: '2026-12-07T05:00:00Z',
  doneAt: '2026-12-07T05:00:03Z',
  text: '投诉赔偿 ¥20.00，已退回您的微信。',
}

const buttons = () => Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent?.trim())

beforeEach(() => vi.clearAllMocks())

describe('online payment on the customer order page (issue 20.4)', () => {
  it('offers 在线支付 for the amount the server says is due, and says cash to the engineer stays possible', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ due: [DUE] }))
    render(<OrderPayment order={IN_SERVICE} returned={false} onPaid={vi.fn()} />)

    await waitFor(() => expect(screen.getByText('在线支付 ¥75.00')).toBeTruthy())
    expect(buttons()).toContain('微信支付 ¥75.00')
    expect(screen.getByText('也可以当面用现金或转账付给工程师，由工程师登记收款。')).toBeTruthy()
    expect(screen.getByText('演示环境：使用模拟的微信支付，不会真的扣款。')).toBeTruthy()
  })

  it('confirms on a sheet with every line and the total, then sends the browser to the cashier with the way back', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ due: [DUE] }))
    payments.paymentsApi.prepay.mockResolvedValue({ payment: payment('open'), jsapi: null, h5Url: 'http://127.0.0.1:9/standin/cashier?prepay_id=wx1', standIn: true })
    render(<OrderPayment order={IN_SERVICE} returned={false} onPaid={vi.fn()} />)
    await waitFor(() => expect(buttons()).toContain('微信支付 ¥75.00'))

    fireEvent.click(screen.getByText('微信支付 ¥75.00'))
    await waitFor(() => expect(screen.getByText('确认支付 ¥75.00')).toBeTruthy())
    const sheet = document.querySelector('.confirm-sheet__body')!
    expect(sheet.querySelectorAll('.confirm-sheet__line')).toHaveLength(2)
    expect(sheet.textContent).toContain('应付合计')
    expect(payments.paymentsApi.prepay).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('确认支付 ¥75.00'))
    await waitFor(() => expect(pay.openCashier).toHaveBeenCalledWith('http://127.0.0.1:9/standin/cashier?prepay_id=wx1'))
    expect(payments.paymentsApi.prepay).toHaveBeenCalledWith(ORDER_ID, { channel: 'h5', purpose: 'service', returnPath: `/h5/#/pages/order/index?id=${ORDER_ID}&paying=1` })
  })

  it('says the server refused on the sheet (nothing is due any more)', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ due: [DUE] }))
    payments.paymentsApi.prepay.mockRejectedValue(new ApiError({ id: 'conflict', message: '订单已支付', status: 409 }))
    render(<OrderPayment order={IN_SERVICE} returned={false} onPaid={vi.fn()} />)
    await waitFor(() => expect(buttons()).toContain('微信支付 ¥75.00'))
    fireEvent.click(screen.getByText('微信支付 ¥75.00'))
    fireEvent.click(await screen.findByText('确认支付 ¥75.00'))

    await waitFor(() => expect(screen.getByText('订单已支付')).toBeTruthy())
    expect(pay.openCashier).not.toHaveBeenCalled()
  })

  it('back from the cashier: asks the server, and shows 支付成功 only when it says the payment is paid', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ due: [DUE], payments: [payment('open')] }))
    payments.paymentsApi.sync.mockResolvedValue(paymentsView({ payments: [payment('paid')], paidFen: 7500 }))
    const onPaid = vi.fn()
    render(<OrderPayment order={IN_SERVICE} returned onPaid={onPaid} />)

    await waitFor(() => expect(screen.getByText('支付成功')).toBeTruthy())
    expect(screen.getByText('微信支付已确认收到 ¥75.00。')).toBeTruthy()
    expect(payments.paymentsApi.sync).toHaveBeenCalledWith(ORDER_ID)
    expect(onPaid).toHaveBeenCalledTimes(1)
  })

  it('back without paying: 未支付, with a way to ask again', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ due: [DUE] }))
    payments.paymentsApi.sync.mockResolvedValue(paymentsView({ due: [DUE], payments: [payment('closed', { text: '服务费 ¥75.00，本次支付已关闭，未扣款。' })] }))
    const onPaid = vi.fn()
    render(<OrderPayment order={IN_SERVICE} returned onPaid={onPaid} />)

    await waitFor(() => expect(screen.getByText('未支付')).toBeTruthy())
    expect(buttons()).toEqual(expect.arrayContaining(['刷新支付结果', '微信支付 ¥75.00']))
    expect(onPaid).not.toHaveBeenCalled()
  })

  it('WeChat Pay cannot be asked: 支付处理中, never 支付成功', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ due: [DUE] }))
    payments.paymentsApi.sync.mockRejectedValue(new ApiError({ id: 'upstream_unavailable', message: '微信支付暂时无法连接', status: 502 }))
    render(<OrderPayment order={IN_SERVICE} returned onPaid={vi.fn()} />)

    await waitFor(() => expect(screen.getByText(/暂时无法确认付款结果（微信支付暂时无法连接/)).toBeTruthy())
    expect(screen.getByText('支付处理中')).toBeTruthy()
    expect(screen.queryByText('支付成功')).toBeNull()
  })

  it('paid online: WeChat Pay’s number, the receipt, and the refund with reason, state and time', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ payments: [payment('paid')], refunds: [REFUND], paidFen: 7500, refundedFen: 2000 }))
    const paid = orderView({ ...IN_SERVICE, status: 'closed', statusLabel: '已关闭', payment: { method: 'wechat', amountFen: 7500, receiptNo: '4200002026120712345678', paidAt: '2026-12-07T02:01:00Z', quoteNo: 1 } })
    render(<OrderPayment order={paid} returned={false} onPaid={vi.fn()} />)

    await waitFor(() => expect(screen.getByText('已支付 ¥75.00（在线微信支付）')).toBeTruthy())
    expect(document.body.textContent).toContain('微信支付单号 4200002026120712345678 · 2026-12-07 10:01')
    expect(buttons()).toContain('查看电子收据')
    const refunds = screen.getByTestId('refunds').textContent!
    expect(refunds).toContain('退款 ¥20.00')
    expect(refunds).toContain('已退款')
    expect(refunds).toContain('投诉赔偿 · 2026-12-07 13:00')
    expect(refunds).toContain('投诉赔偿 ¥20.00，已退回您的微信。')
  })

  it('paid in cash: says so, as the engineer recorded it', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView())
    const paid = orderView({ ...IN_SERVICE, payment: { method: 'cash', amountFen: 7500, receiptNo: '', paidAt: '2026-12-07T02:01:00Z', quoteNo: 1 } })
    render(<OrderPayment order={paid} returned={false} onPaid={vi.fn()} />)

    await waitFor(() => expect(screen.getByText('已支付 ¥75.00（现金）')).toBeTruthy())
    expect(screen.getByText('由工程师当面收款并登记。')).toBeTruthy()
  })

  it('online payment off: the reason in words, no pay button', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView({ online: { enabled: false, standIn: false, reason: '平台暂未开通微信支付' }, due: [DUE] }))
    render(<OrderPayment order={IN_SERVICE} returned={false} onPaid={vi.fn()} />)

    await waitFor(() => expect(screen.getByText('在线支付暂不可用：平台暂未开通微信支付。')).toBeTruthy())
    expect(buttons()).not.toContain('微信支付 ¥75.00')
  })

  it('shows nothing when nothing is due, paid or refunded', async () => {
    payments.paymentsApi.ofOrder.mockResolvedValue(paymentsView())
    render(<OrderPayment order={orderView()} returned={false} onPaid={vi.fn()} />)
    await waitFor(() => expect(payments.paymentsApi.ofOrder).toHaveBeenCalled())
    expect(screen.queryByTestId('order-payment')).toBeNull()
  })
})
