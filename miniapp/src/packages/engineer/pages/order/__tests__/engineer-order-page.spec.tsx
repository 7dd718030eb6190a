import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api-client'
import { orderView } from '../../../../../../test/orders'

const engineer = vi.hoisted(() => ({
  engineerApi: { get: vi.fn(), accept: vi.fn(), decline: vi.fn(), depart: vi.fn(), checkIn: vi.fn(), claim: vi.fn(), start: vi.fn(), complete: vi.fn(), payment: vi.fn(), waitForParts: vi.fn(), resume: vi.fn() },
}))
const orders = vi.hoisted(() => ({
  ordersApi: {
    timeline: vi.fn(),
    contacts: vi.fn(() => Promise.resolve({ hotline: '400-820-5050', engineer: null, outlet: null, customer: { name: '张女士', phone: '13900001234', address: '浙江省杭州市西湖区文三路 398 号' }, notice: null })),
  },
}))
vi.mock('@/services/engineer', () => engineer)
vi.mock('@/services/orders', () => orders)
const payments = vi.hoisted(() => ({ paymentsApi: { ofOrder: vi.fn() } }))
vi.mock('@/services/payments', () => payments)
vi.mock('@/services/session', () => ({ useSession: () => ({ user: { role: 'engineer', name: '陈建国' } }) }))
vi.mock('@/platform/navigation', () => ({ usePageParams: () => ({ id: '64b7f0c2a1b2c3d4e5f60001' }), navigateTo: vi.fn(), ROUTES: {} }))
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))
vi.mock('@/services/subscribe', () => ({ askSubscribe: vi.fn(async () => 'skipped') }))
vi.mock('@/services/no-show', () => ({ noShowApi: {} }))
vi.mock('@/services/uploads', () => ({ uploadsApi: {} }))
const photos = vi.hoisted(() => ({ photosApi: { forOrder: vi.fn() }, photoSrc: (url: string) => url }))
const preview = vi.hoisted(() => ({ previewImages: vi.fn() }))
vi.mock('@/services/photos', () => photos)
vi.mock('@/platform/preview', () => preview)

const { default: EngineerOrderPage } = await import('../index')

const buttons = () => Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent?.trim())
const settle = () => act(async () => {
  await Promise.resolve()
  await Promise.resolve()
})

beforeEach(() => {
  vi.clearAllMocks()
  orders.ordersApi.timeline.mockResolvedValue({ events: [], verdict: { valid: true, events: 0, head: '0' } })
  payments.paymentsApi.ofOrder.mockImplementation(async (orderId: string) => ({ orderId, online: { enabled: true, standIn: true, reason: null }, due: [], payments: [], refunds: [], paidFen: 0, refundedFen: 0, owedCashFen: 0 }))
})

async function show(order: ReturnType<typeof orderView>) {
  engineer.engineerApi.get.mockResolvedValue(order)
  render(<EngineerOrderPage />)
  await waitFor(() => expect(screen.getByText(`订单号 ${order.orderNo}`)).toBeTruthy())
}

describe('engineer order page', () => {
  it('offers accept and decline for a dispatched order, nothing else', async () => {
    await show(orderView({ status: 'dispatched', statusLabel: '已派单', actions: ['accept', 'decline'], quotes: [] }))

    expect(buttons()).toEqual(['接单', '拒单'])
  })

  it('checks in with the typed six-digit code, says the format before asking, and shows a refused code under the field', async () => {
    await show(orderView({ status: 'on_the_way', statusLabel: '工程师已出发', actions: ['check_in'], quotes: [] }))
    const field = 'input[placeholder="输入 6 位服务码"]'
    await waitFor(() => expect(document.querySelector(field)).not.toBeNull())
    fireEvent.input(document.querySelector(field)!, { target: { value: '12345' } })
    fireEvent.click(screen.getByText('签到'))
    await settle()
    expect(screen.getByText('格式不对（请输入 6 位数字）')).toBeTruthy()
    expect(engineer.engineerApi.checkIn).not.toHaveBeenCalled()

    engineer.engineerApi.checkIn.mockRejectedValueOnce(new ApiError({ id: 'service_code_invalid', message: '服务码不正确（还可尝试 4 次）', status: 409 }))
    fireEvent.input(document.querySelector(field)!, { target: { value: '042917' } })
    fireEvent.click(screen.getByText('签到'))
    await settle()

    expect(engineer.engineerApi.checkIn).toHaveBeenCalledWith('64b7f0c2a1b2c3d4e5f60001', '042917')
    const message = screen.getByText('服务码不正确（还可尝试 4 次）')
    expect(message.className).toContain('field-error')

    engineer.engineerApi.checkIn.mockResolvedValueOnce(orderView({ status: 'arrived', statusLabel: '工程师已到达', actions: ['quote', 'cancel'], quotes: [] }))
    fireEvent.click(screen.getByText('签到'))
    await settle()
    await waitFor(() => expect(screen.getByText('工程师已到达')).toBeTruthy())
    expect(buttons()).toContain('按价目表报价')
  })

  it('asks for the payment of exactly the confirmed total once the report is in', async () => {
    const quote = { ...orderView().quotes[0]!, status: 'confirmed' as const }
    await show(orderView({ status: 'in_service', statusLabel: '服务中', actions: ['quote', 'wait_for_parts'], quotes: [quote], confirmedQuoteNo: 1, report: { diagnosis: 'x', actions: 'y', partsUsed: [], photoIds: [], signatureId: 'a'.repeat(24), submittedAt: null } }))

    expect(screen.getByText('登记收款')).toBeTruthy()
    expect(buttons()).toContain('确认收款 ¥75.00')
    expect(buttons()).not.toContain('完工')
  })

  it('records a payment only after the confirmation sheet, with the voucher the shared rule asks for', async () => {
    const quote = { ...orderView().quotes[0]!, status: 'confirmed' as const }
    const order = orderView({ status: 'in_service', statusLabel: '服务中', actions: ['quote'], quotes: [quote], confirmedQuoteNo: 1, report: { diagnosis: 'x', actions: 'y', partsUsed: [], photoIds: [], signatureId: 'a'.repeat(24), submittedAt: null } })
    await show(order)
    fireEvent.click(screen.getByText('确认收款 ¥75.00'))
    await settle()
    // WeChat Pay needs its transaction number: refused under the field, no sheet.
    expect(screen.getByText('请填写收款凭证号（4-40 位）')).toBeTruthy()
    expect(buttons()).not.toContain('确认已收款 ¥75.00')

    fireEvent.input(document.querySelector('input[placeholder="微信支付单号或转账流水号"]')!, { target: { value: 'WX20260618001' } })
    fireEvent.click(screen.getByText('确认收款 ¥75.00'))
    await waitFor(() => expect(buttons()).toContain('确认已收款 ¥75.00'))
    const sheet = document.querySelector('.confirm-sheet__body')!
    expect(sheet.querySelectorAll('.confirm-sheet__line')).toHaveLength(quote.items.length)
    expect(sheet.textContent).toContain('收款方式：微信支付，凭证号 WX20260618001')
    expect(engineer.engineerApi.payment).not.toHaveBeenCalled()
    engineer.engineerApi.payment.mockResolvedValue({ ...order, payment: { method: 'wechat', amountFen: 7500, receiptNo: 'WX20260618001', paidAt: '2026-06-18T04:00:00Z' } })
    fireEvent.click(screen.getByText('确认已收款 ¥75.00'))
    await settle()
    expect(engineer.engineerApi.payment).toHaveBeenCalledWith('64b7f0c2a1b2c3d4e5f60001', { method: 'wechat', amountFen: 7500, receiptNo: 'WX20260618001' })
  })

  /** An order in service with its quote confirmed, the report in and this payment: only completion is left. */
  const readyToComplete = (payment: NonNullable<ReturnType<typeof orderView>['payment']>) =>
    orderView({
      status: 'in_service',
      statusLabel: '服务中',
      actions: ['complete'],
      quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' as const }],
      confirmedQuoteNo: 1,
      report: { diagnosis: 'x', actions: 'y', partsUsed: [], photoIds: [], signatureId: 'a'.repeat(24), submittedAt: null },
      payment,
    })

  it('completes only after the confirmation sheet with the lines and what was paid', async () => {
    const order = readyToComplete({ method: 'cash', amountFen: 7500, receiptNo: '', paidAt: '2026-06-18T04:00:00Z' })
    await show(order)
    expect(screen.getByText('已收 ¥75.00（现金）')).toBeTruthy()
    fireEvent.click(screen.getByText('完工'))
    await waitFor(() => expect(buttons()).toContain('确认完工（已收 ¥75.00）'))
    expect(engineer.engineerApi.complete).not.toHaveBeenCalled()
    engineer.engineerApi.complete.mockResolvedValue({ ...order, status: 'completed', statusLabel: '已完工', actions: [] })
    fireEvent.click(screen.getByText('确认完工（已收 ¥75.00）'))
    await settle()
    expect(engineer.engineerApi.complete).toHaveBeenCalledWith('64b7f0c2a1b2c3d4e5f60001')
  })
  it('paid online by the customer: 已在线支付 with WeChat Pay’s number, nothing to record, completion says so (issue 20.4)', async () => {
    const order = readyToComplete({ method: 'wechat', amountFen: 7500, receiptNo: '4200002026061812345678', paidAt: '2026-06-18T04:00:00Z' })
    payments.paymentsApi.ofOrder.mockResolvedValue({
      orderId: order.id,
      online: { enabled: true, standIn: true, reason: null },
      due: [],
      payments: [{ id: '64b7f0c2a1b2c3d4e5f600p1', orderId: order.id, outTradeNo: 'FXP1', purpose: 'service', purposeLabel: '服务费', channel: 'h5', amountFen: 7500, paidFen: 7500, refundedFen: 0, state: 'paid', stateLabel: '已支付', transactionId: '4200002026061812345678', createdAt: '2026-06-18T03:59:00Z', paidAt: '2026-06-18T04:00:00Z', expiresAt: '2026-06-18T04:29:00Z', text: '服务费 ¥75.00，已通过微信支付。' }],
      refunds: [],
      paidFen: 7500,
      refundedFen: 0,
      owedCashFen: 0,
    })
    await show(order)

    await waitFor(() => expect(screen.getByText('已在线支付 ¥75.00（微信支付）')).toBeTruthy())
    expect(screen.getByText('客户已在手机上付款，无需登记收款。')).toBeTruthy()
    expect(document.body.textContent).toContain('微信支付单号 4200002026061812345678')
    expect(screen.queryByText('登记收款')).toBeNull()
    expect(buttons()).toContain('完工')
  })

  it('before any payment: says the customer may pay online, and keeps the cash / transfer form', async () => {
    const quote = { ...orderView().quotes[0]!, status: 'confirmed' as const }
    await show(orderView({ status: 'in_service', statusLabel: '服务中', actions: ['quote'], quotes: [quote], confirmedQuoteNo: 1, report: { diagnosis: 'x', actions: 'y', partsUsed: [], photoIds: [], signatureId: 'a'.repeat(24), submittedAt: null } }))

    expect(screen.getByText(/客户可以在手机订单页用微信在线支付/)).toBeTruthy()
    expect(screen.getByText('登记收款')).toBeTruthy()
  })

  it('shows the customer’s fault description and photos once the order is his, full size on tap', async () => {
    const fault = ['64b7f0c2a1b2c3d4e5f600a1', '64b7f0c2a1b2c3d4e5f600a2']
    const link = (id: string) => `/api/v1/photos/${id}?exp=4070908800&sig=${'s'.repeat(43)}`
    photos.photosApi.forOrder.mockResolvedValue({
      expiresAt: '2099-01-01T00:00:00Z',
      items: fault.map((id) => ({ id, kind: 'fault_photo', kindLabel: '故障照片', mime: 'image/jpeg', width: 800, height: 600, url: link(id) })),
    })
    await show(orderView({ status: 'accepted', statusLabel: '已接单', actions: ['depart'], quotes: [], fault: { description: '外机异响，不制冷', photoIds: fault } }))

    expect(screen.getByText('外机异响，不制冷')).toBeTruthy()
    expect(screen.getByText('客户拍的故障照片（2 张）')).toBeTruthy()
    await waitFor(() => expect(screen.getByLabelText('查看故障照片第 1 张大图')).toBeTruthy())
    fireEvent.click(screen.getByLabelText('查看故障照片第 1 张大图'))
    expect(preview.previewImages).toHaveBeenCalledWith(fault.map(link), link(fault[0]!))
  })

  it('offers to call the customer, navigate to the address and call the hotline while the order is his and active', async () => {
    await show(orderView({ status: 'accepted', statusLabel: '已接单', actions: ['depart'], quotes: [] }))
    await waitFor(() => expect(screen.getByText('13900001234')).toBeTruthy())
    expect(buttons()).toEqual(expect.arrayContaining(['联系客户', '导航', '平台客服']))
    expect(orders.ordersApi.contacts).toHaveBeenCalledWith('64b7f0c2a1b2c3d4e5f60001')
  })

  it('does not ask for the photos of an order only offered to him (they come once he claims it)', async () => {
    await show(orderView({ status: 'pending', statusLabel: '待派单', actions: ['claim'], quotes: [], customerId: null, fault: { description: '不制冷', photoIds: ['64b7f0c2a1b2c3d4e5f600a1'] } }))

    expect(screen.getByText('接单后可查看')).toBeTruthy()
    expect(photos.photosApi.forOrder).not.toHaveBeenCalled()
  })
})
