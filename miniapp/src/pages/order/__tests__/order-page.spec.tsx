import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { orderView } from '../../../../test/orders'

const orders = vi.hoisted(() => ({
  ordersApi: { get: vi.fn(), timeline: vi.fn(), confirmQuote: vi.fn(), rejectQuote: vi.fn(), cancel: vi.fn(), acceptWork: vi.fn(), serviceCode: vi.fn(), reschedule: vi.fn(), availability: vi.fn(), contacts: vi.fn(() => Promise.resolve({ hotline: '400-820-5050', engineer: { name: '陈建国', phone: '13800001234' }, outlet: { name: '杭州西湖网点', phone: '0571-88880000' }, customer: null, notice: null })) },
}))
const quality = vi.hoisted(() => ({ qualityApi: { orderComplaints: vi.fn() } }))
const photos = vi.hoisted(() => ({ photosApi: { forOrder: vi.fn() }, photoSrc: (url: string) => url }))
const preview = vi.hoisted(() => ({ previewImages: vi.fn() }))
const navigation = vi.hoisted(() => ({ usePageParams: () => ({ id: '64b7f0c2a1b2c3d4e5f60001' }), navigateTo: vi.fn(), ROUTES: { verify: '/verify', receipt: '/receipt', survey: '/survey', rework: '/rework', complaint: '/complaint', order: '/order' } }))
vi.mock('@/services/orders', () => orders)
// Issue 20.4's payment block has its own tests (order-payment.spec.tsx): here nothing is due or paid online.
vi.mock('@/services/payments', () => ({ paymentsApi: { ofOrder: vi.fn(async (orderId: string) => ({ orderId, online: { enabled: true, standIn: true, reason: null }, due: [], payments: [], refunds: [], paidFen: 0, refundedFen: 0, owedCashFen: 0 })) } }))
vi.mock('@/services/quality', () => quality)
vi.mock('@/services/photos', () => photos)
vi.mock('@/platform/preview', () => preview)
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))

const { default: OrderPage } = await import('../index')

const TIMELINE = {
  events: [{ seq: 1, type: 'dispatched', at: '2026-06-17T10:30:00Z', actor: { id: null, role: 'outlet_manager', name: '林经理' }, data: { engineerId: '64b7f0c2a1b2c3d4e5f60004', engineerName: '陈建国' }, prevHash: '0', hash: '1' }],
  verdict: { valid: true, events: 1, head: '1' },
}

const [FAULT_A, FAULT_B, SITE, SIGNATURE, OLD_PART] = ['64b7f0c2a1b2c3d4e5f600a1', '64b7f0c2a1b2c3d4e5f600a2', '64b7f0c2a1b2c3d4e5f600a3', '64b7f0c2a1b2c3d4e5f600a4', '64b7f0c2a1b2c3d4e5f600a5']
const linkOf = (id: string) => `/api/v1/photos/${id}?exp=4070908800&sig=${'s'.repeat(43)}`
const PHOTO_LINKS = [
  [FAULT_A, 'fault_photo', '故障照片'],
  [FAULT_B, 'fault_photo', '故障照片'],
  [SITE, 'report_photo', '现场照片'],
  [SIGNATURE, 'signature', '客户签名'],
  [OLD_PART, 'old_part_photo', '旧配件照片'],
].map(([id, kind, kindLabel]) => ({ id: id!, kind: kind as 'fault_photo', kindLabel: kindLabel!, mime: 'image/png', width: 800, height: 600, url: linkOf(id!) }))
const REPORTED = orderView({
  status: 'completed',
  statusLabel: '已完工',
  actions: ['accept_work', 'request_rework'],
  quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }],
  confirmedQuoteNo: 1,
  report: {
    diagnosis: '电容老化，压缩机无法启动',
    actions: '更换启动电容，试机制冷正常',
    quoteNo: 1,
    partsUsed: [{ code: null, line: 2, quantity: 1, newSerialNo: 'SN-2026-0001', oldPartPhotoId: OLD_PART }],
    photoIds: [SITE],
    signatureId: SIGNATURE,
    submittedAt: '2026-06-18T03:30:00Z',
  },
})

const buttons = () => Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent?.trim())

beforeEach(() => {
  vi.clearAllMocks()
  orders.ordersApi.timeline.mockResolvedValue(TIMELINE)
  quality.qualityApi.orderComplaints.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 })
})

async function show(order = orderView()) {
  orders.ordersApi.get.mockResolvedValue(order)
  render(<OrderPage />)
  await waitFor(() => expect(screen.getByText(`订单号 ${order.orderNo}`)).toBeTruthy())
}

describe('order detail (customer)', () => {
  it('offers exactly the actions the server lists: confirm or reject the quote, cancel', async () => {
    await show()

    expect(buttons()).toEqual(expect.arrayContaining(['确认报价 ¥75.00', '拒绝报价', '取消订单', '核验工程师工作证']))
    expect(buttons()).not.toContain('确认服务完成')
  })

  it('offers to call the engineer, the outlet and the platform hotline on an active order', async () => {
    await show()
    await waitFor(() => expect(screen.getByText('13800001234')).toBeTruthy())
    expect(screen.getAllByText('陈建国').length).toBeGreaterThan(0)
    expect(buttons()).toEqual(expect.arrayContaining(['联系工程师', '联系网点', '平台客服']))
    expect(screen.getByText('400-820-5050')).toBeTruthy()
  })

  it('shows none of them when the server lists none', async () => {
    await show(orderView({ status: 'in_service', statusLabel: '服务中', actions: [], quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }], confirmedQuoteNo: 1 }))

    expect(buttons()).not.toContain('拒绝报价')
    expect(buttons().some((b) => b?.startsWith('确认报价'))).toBe(false)
    expect(buttons()).not.toContain('取消订单')
  })

  it('shows the itemised quote with the off-catalogue item flagged and its reason', async () => {
    await show()

    expect(screen.getByText('价目表外项目')).toBeTruthy()
    expect(screen.getByText('原因：原厂配件缺货')).toBeTruthy()
    expect(screen.getByText('含 1 项价目表外项目，请看清原因再确认')).toBeTruthy()
  })

  it('shows each deadline and whether it was met', async () => {
    await show()

    expect(screen.getByText('24 小时内接单响应')).toBeTruthy()
    expect(screen.getByText('已达成')).toBeTruthy()
    expect(screen.getByText('已超时')).toBeTruthy()
  })

  it('names the assigned engineer from the timeline', async () => {
    await show()
    await waitFor(() => expect(screen.getByText('陈建国')).toBeTruthy())
  })

  it('confirms the quote by its number and shows the order the server answers with', async () => {
    await show()
    orders.ordersApi.confirmQuote.mockResolvedValue(orderView({ actions: ['cancel'], quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }], confirmedQuoteNo: 1 }))

    fireEvent.click(screen.getByText('确认报价 ¥75.00'))
    // Issue 18: first the confirmation sheet, with every line and the total the server priced; nothing is sent yet.
    await waitFor(() => expect(screen.getByText('确认并同意支付 ¥75.00')).toBeTruthy())
    const sheet = document.querySelector('.confirm-sheet__body')!
    expect(sheet.textContent).toContain('合计')
    expect(sheet.querySelectorAll('.confirm-sheet__line')).toHaveLength(orderView().quotes[0]!.items.length)
    expect(orders.ordersApi.confirmQuote).not.toHaveBeenCalled()
    fireEvent.click(screen.getByText('确认并同意支付 ¥75.00'))
    await act(async () => {
      await Promise.resolve()
    })

    expect(orders.ordersApi.confirmQuote).toHaveBeenCalledWith('64b7f0c2a1b2c3d4e5f60001', 1)
    await waitFor(() => expect(screen.getByText('客户已确认')).toBeTruthy())
    expect(buttons()).not.toContain('拒绝报价')
  })

  it('after a failed card check, the sheet says so and offers a re-check instead of confirming', async () => {
    orders.ordersApi.timeline.mockResolvedValue({
      ...TIMELINE,
      events: [...TIMELINE.events, { seq: 2, type: 'card_verified', at: '2026-06-18T02:00:00Z', actor: { id: null, role: 'customer', name: '张女士' }, data: { verdict: 'tampered', match: false }, prevHash: '1', hash: '2' }],
    })
    await show()
    await waitFor(() => expect(screen.getByText(/最近一次核验未通过/)).toBeTruthy())
    fireEvent.click(screen.getByText('确认报价 ¥75.00'))
    await waitFor(() => expect(screen.getByText(/请先重新扫码核验本单工程师/)).toBeTruthy())
    expect(buttons()).not.toContain('确认并同意支付 ¥75.00')
    fireEvent.click(screen.getByText('重新核验工程师工作证'))
    expect(navigation.navigateTo).toHaveBeenCalledWith('/verify', { orderId: '64b7f0c2a1b2c3d4e5f60001' })
    expect(orders.ordersApi.confirmQuote).not.toHaveBeenCalled()
  })

  it('after the work is accepted, offers the survey, a second visit (when the server lists them) and a complaint', async () => {
    await show(orderView({ status: 'closed', statusLabel: '已关闭', actions: ['request_rework', 'rate_service'] }))

    await waitFor(() => expect(buttons()).toEqual(expect.arrayContaining(['评价本次服务', '申请免费二次上门', '投诉'])))
  })

  it('offers no second visit when the server does not list it (outside the rules of the state machine)', async () => {
    await show(orderView({ status: 'closed', statusLabel: '已关闭', actions: ['rate_service'] }))

    await waitFor(() => expect(buttons()).toContain('评价本次服务'))
    expect(buttons()).not.toContain('申请免费二次上门')
  })

  it('no longer offers the survey once it is in (the server stops listing rate_service): the answer can be read instead', async () => {
    await show(orderView({ status: 'closed', statusLabel: '已关闭', actions: [] }))

    await waitFor(() => expect(buttons()).toContain('查看我的评价'))
    expect(buttons()).not.toContain('评价本次服务')
  })

  it('shows the service report with its parts, photos and signature, and opens a photo full size', async () => {
    photos.photosApi.forOrder.mockResolvedValue({ expiresAt: '2099-01-01T00:00:00Z', items: PHOTO_LINKS })
    await show(REPORTED)

    expect(screen.getByText('服务报告')).toBeTruthy()
    expect(screen.getByText('电容老化，压缩机无法启动')).toBeTruthy()
    expect(screen.getByText('更换启动电容，试机制冷正常')).toBeTruthy()
    expect(screen.getByText('进口轴承 × 1')).toBeTruthy()
    expect(screen.getByText('新配件序列号：SN-2026-0001')).toBeTruthy()
    // Old part, site photo, signature.
    await waitFor(() => expect(document.querySelectorAll('.photo-grid__item')).toHaveLength(3))
    expect(photos.photosApi.forOrder).toHaveBeenCalledWith(REPORTED.id)

    fireEvent.click(screen.getByLabelText('查看现场照片大图'))
    expect(preview.previewImages).toHaveBeenCalledWith([linkOf(SITE)], linkOf(SITE))
  })

  it('opens the customer’s own fault photos full size, swiping between them', async () => {
    photos.photosApi.forOrder.mockResolvedValue({ expiresAt: '2099-01-01T00:00:00Z', items: PHOTO_LINKS })
    await show(orderView({ fault: { description: '空调不制冷', photoIds: [FAULT_A, FAULT_B] } }))

    expect(screen.getByText('故障照片（2 张）')).toBeTruthy()
    await waitFor(() => expect(screen.getByLabelText('查看故障照片第 2 张大图')).toBeTruthy())
    fireEvent.click(screen.getByLabelText('查看故障照片第 2 张大图'))
    expect(preview.previewImages).toHaveBeenCalledWith([linkOf(FAULT_A), linkOf(FAULT_B)], linkOf(FAULT_B))
  })

  it('asks for no photo links when the order has no photos', async () => {
    await show()
    expect(photos.photosApi.forOrder).not.toHaveBeenCalled()
  })
})
