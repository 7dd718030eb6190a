import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api-client'

const customer = vi.hoisted(() => ({ customerApi: { addresses: vi.fn(), appliances: vi.fn() } }))
const orders = vi.hoisted(() => ({ ordersApi: { availability: vi.fn(), create: vi.fn() } }))
const navigation = vi.hoisted(() => {
  const n = { params: { category: 'air_conditioner' } as Record<string, string>, usePageParams: () => n.params, redirectTo: vi.fn(), navigateTo: vi.fn(), ROUTES: { order: '/order', login: '/login', engineerHome: '/eng', rework: '/rework' } }
  return n
})
vi.mock('@/services/customer', () => customer)
// Issue 20.3: the booking check of the picked appliance (GET /me/appliances/:id/second-visit-offer).
const appliances = vi.hoisted(() => ({ appliancesApi: { secondVisitOffer: vi.fn(), life: vi.fn() } }))
vi.mock('@/services/appliances', () => appliances)
vi.mock('@/services/orders', () => orders)
vi.mock('@/services/uploads', () => ({ uploadsApi: { image: vi.fn() } }))
vi.mock('@/services/session', () => ({ useSession: () => ({ user: { role: 'customer', name: '李先生' } }) }))
vi.mock('@/services/promises', () => ({ usePromises: () => ({ respondHours: 24, resolveHours: 72, reworkWarrantyDays: 90, complaintAckHours: 24, complaintResolveHours: 72, customerChangeCutoffHours: 2, hotline: '400-820-5050' }) }))
// Issue 19: the urgent switch reads the price list's urgent fee and the urgent respond clock (the settings); issue 20.1:
// the review reads the price list's wasted-trip fee (空跑费) and the engineer's wait at the door (the settings).
const WASTED_TRIP = { code: 'AC-F-005', category: 'air_conditioner', kind: 'fee', active: true, name: '空跑费（上门未遇）', priceFen: 3000, condition: null }
vi.mock('@/services/catalog', () => ({
  catalogApi: { priceList: vi.fn(async () => ({ groups: [{ kind: 'fee', name: '附加费', items: [{ code: 'AC-F-004', category: 'air_conditioner', kind: 'fee', active: true, name: '加急服务费', priceFen: 5000, condition: { kind: 'urgent' } }, WASTED_TRIP] }] })) },
}))
vi.mock('@/services/api', () => ({ api: { call: vi.fn(async () => ({ urgentRespondHours: 4, noShowWaitMinutes: 20 })) } }))
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))
// WeChat's consent dialog: asked first thing on submit (in H5, as here, it asks nothing).
const subscribe = vi.hoisted(() => ({ askSubscribe: vi.fn(async () => 'skipped') }))
vi.mock('@/services/subscribe', () => subscribe)

const { default: BookingPage } = await import('../index')

const ADDRESS = {
  id: '64b7f0c2a1b2c3d4e5f60002',
  contactName: '李先生',
  phone: '13800000002',
  districtCode: '330106',
  provinceName: '浙江省',
  cityName: '杭州市',
  districtName: '西湖区',
  detail: '文三路 398 号',
  isDefault: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
}

const settle = () => act(async () => {
  await Promise.resolve()
  await Promise.resolve()
})
const click = async (text: string | RegExp) => {
  fireEvent.click(screen.getAllByText(text).at(-1)!)
  await settle()
}

beforeEach(() => {
  vi.clearAllMocks()
  navigation.params = { category: 'air_conditioner' }
  customer.customerApi.addresses.mockResolvedValue([ADDRESS])
  customer.customerApi.appliances.mockResolvedValue([])
  orders.ordersApi.availability.mockResolvedValue({
    covered: true,
    days: [
      {
        day: '2026-06-19',
        windows: [
          { window: '09-11', label: '上午 09:00-11:00', startAt: '', endAt: '', remaining: 0, bookable: false },
          { window: '14-16', label: '下午 14:00-16:00', startAt: '', endAt: '', remaining: 2, bookable: true },
        ],
      },
    ],
  })
})

/** Category from the link, 维修, a description, the default address and the one free window: to the review. */
async function toReview() {
  render(<BookingPage />)
  await waitFor(() => expect(screen.getByText('服务类型')).toBeTruthy())
  await click('维修')
  await click('下一步')
  await waitFor(() => expect(document.querySelector('textarea')).not.toBeNull())
  fireEvent.input(document.querySelector('textarea')!, { target: { value: '空调不制冷，外机不转' } })
  await click('下一步')
  await waitFor(() => expect(screen.getByText('下午 14:00-16:00（剩 2）')).toBeTruthy())
  expect(screen.getByText('上午 09:00-11:00（已约满）')).toBeTruthy()
  await click('下午 14:00-16:00（剩 2）')
  await click('下一步')
  await waitFor(() => expect(screen.getByText('请核对预约信息')).toBeTruthy())
}

describe('booking', () => {
  it('will not leave a step with a choice missing, and says which', async () => {
    render(<BookingPage />)
    await waitFor(() => expect(screen.getByText('服务类型')).toBeTruthy())

    await click('下一步')

    expect(screen.getByText('请选择服务类型')).toBeTruthy()
    expect(screen.queryByText('故障或需求描述')).toBeNull()
  })

  it('shows a full slot next to the time on the review, and a retry carries the same Idempotency-Key', async () => {
    await toReview()
    orders.ordersApi.create.mockRejectedValueOnce(new ApiError({ id: 'slot_full', message: '该时段已约满，请选择其他时段', status: 409 }))

    await click('提交预约')

    const error = screen.getByText('该时段已约满，请选择其他时段')
    expect(error.className).toContain('field-error')
    expect(error.parentElement?.textContent).toContain('2026-06-19 下午 14:00-16:00')

    orders.ordersApi.create.mockResolvedValueOnce({ id: '64b7f0c2a1b2c3d4e5f60009' })
    await click('提交预约')

    expect(orders.ordersApi.create).toHaveBeenCalledTimes(2)
    expect(subscribe.askSubscribe).toHaveBeenCalledWith('booked')
    const [[body, firstKey], [, secondKey]] = orders.ordersApi.create.mock.calls as [[unknown, string], [unknown, string]]
    expect(body).toEqual({
      category: 'air_conditioner',
      serviceType: 'repair',
      addressId: ADDRESS.id,
      faultDescription: '空调不制冷，外机不转',
      photoIds: [],
      slot: { day: '2026-06-19', window: '14-16' },
      urgent: false,
      noShowFeeShownFen: 3000,
    })
    expect(secondKey).toBe(firstKey)
    expect(navigation.redirectTo).toHaveBeenCalledWith('/order', { id: '64b7f0c2a1b2c3d4e5f60009' })
  })

  it('submits once however often the button is tapped', async () => {
    await toReview()
    let finish!: (v: unknown) => void
    orders.ordersApi.create.mockImplementation(() => new Promise((resolve) => (finish = resolve)))

    fireEvent.click(screen.getByText('提交预约'))
    fireEvent.click(screen.getByText('提交预约'))
    // The subscribe prompt comes first; the booking is sent once it has answered.
    await waitFor(() => expect(orders.ordersApi.create).toHaveBeenCalled())
    fireEvent.click(screen.getByText('提交预约'))
    await act(async () => finish({ id: '64b7f0c2a1b2c3d4e5f60009' }))
    fireEvent.click(screen.getByText('提交预约'))
    await settle()

    expect(orders.ordersApi.create).toHaveBeenCalledTimes(1)
  })

  it('states on the review what a no-show costs, and books with exactly the fee it showed (issue 20.1)', async () => {
    await toReview()
    const terms = screen.getByTestId('no-show-terms')
    expect(terms.textContent).toContain('家中无人怎么办')
    expect(terms.textContent).toContain('工程师上门时如家中无人应答，会等待 20 分钟；仍无人应答视为上门未遇，将收取空跑费 ¥30.00，您可以重新预约。')
    orders.ordersApi.create.mockResolvedValueOnce({ id: '64b7f0c2a1b2c3d4e5f60009' })
    await click('提交预约')
    expect(orders.ordersApi.create.mock.calls[0]![0]).toMatchObject({ noShowFeeShownFen: 3000 })
  })

  it('opens with the appliance and the service a maintenance reminder named (issue 20.3)', async () => {
    const appliance = { id: '64b7f0c2a1b2c3d4e5f60003', category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: '2024-03-01', serialNo: null, warranty: { inWarranty: false, expiresOn: '2025-02-28', months: 12 }, createdAt: '', updatedAt: '' }
    customer.customerApi.appliances.mockResolvedValue([appliance])
    navigation.params = { category: 'air_conditioner', serviceType: 'cleaning', applianceId: appliance.id }
    render(<BookingPage />)
    await waitFor(() => expect(screen.getByText('格力 KFR-35GW')).toBeTruthy())
    const chosen = (text: string) => screen.getByText(text).closest('.nut-radio')?.querySelector('.nut-radio-icon-checked, .nut-radio-button-active, [class*=checked], [class*=active]')
    expect(chosen('清洗')).toBeTruthy()
    expect(chosen('格力 KFR-35GW')).toBeTruthy()
  })

  it('ignores an appliance in the link that is not one of the customer’s', async () => {
    navigation.params = { category: 'air_conditioner', serviceType: 'cleaning', applianceId: '64b7f0c2a1b2c3d4e5f6ffff' }
    render(<BookingPage />)
    await waitFor(() => expect(screen.getByText('暂不指定家电')).toBeTruthy())
    const chosen = (text: string) => screen.getByText(text).closest('.nut-radio')?.querySelector('.nut-radio-icon-checked, .nut-radio-button-active, [class*=checked], [class*=active]')
    expect(chosen('暂不指定家电')).toBeTruthy()
    await click('下一步')
    expect(screen.queryByText('请选择服务类型')).toBeNull()
  })
})

const APPLIANCE = { id: '64b7f0c2a1b2c3d4e5f60003', category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: '2024-03-01', serialNo: null, warranty: { inWarranty: false, expiresOn: '2025-02-28', months: 12 }, createdAt: '', updatedAt: '' }
const OFFER = {
  orderId: '64b7f0c2a1b2c3d4e5f60100',
  orderNo: 'FX2026061800012',
  doneDay: '2026-06-01',
  untilDay: '2026-11-28',
  warrantyDays: 180,
  text: '这台家电 2026年6月1日 的维修（订单 FX2026061800012）还在保修期内，保修到 2026年11月28日。如果是同一个问题又出现了，可以申请免费二次上门，不用另付维修费。',
}

describe('booking an appliance whose earlier repair is under warranty (issue 20.3)', () => {
  beforeEach(() => {
    customer.customerApi.appliances.mockResolvedValue([APPLIANCE])
    appliances.appliancesApi.secondVisitOffer.mockResolvedValue(OFFER)
  })

  it('offers the free second visit linked to the original order, which opens the second-visit request', async () => {
    navigation.params = { category: 'air_conditioner', applianceId: APPLIANCE.id }
    render(<BookingPage />)
    await waitFor(() => expect(screen.getByTestId('second-visit-offer')).toBeTruthy())
    expect(appliances.appliancesApi.secondVisitOffer).toHaveBeenCalledWith(APPLIANCE.id)
    const offer = screen.getByTestId('second-visit-offer')
    expect(offer.textContent).toContain('免费二次上门（保修期内）')
    expect(offer.textContent).toContain('订单 FX2026061800012')
    expect(offer.textContent).toContain('按普通订单预约')
    await click('申请免费二次上门')
    expect(navigation.navigateTo).toHaveBeenCalledWith('/rework', { orderId: OFFER.orderId })
  })

  it('books on past the offer as a normal order that names the declined original', async () => {
    navigation.params = { category: 'air_conditioner', applianceId: APPLIANCE.id }
    await toReview()
    expect(screen.getByTestId('second-visit-offer').textContent).toContain('按普通订单预约')
    orders.ordersApi.create.mockResolvedValueOnce({ id: '64b7f0c2a1b2c3d4e5f60009' })
    await click('提交预约')
    expect(orders.ordersApi.create.mock.calls[0]![0]).toMatchObject({ applianceId: APPLIANCE.id, serviceType: 'repair', secondVisitDeclined: OFFER.orderId })
  })

  it('offers nothing for a cleaning, and sends nothing declined', async () => {
    navigation.params = { category: 'air_conditioner', serviceType: 'cleaning', applianceId: APPLIANCE.id }
    render(<BookingPage />)
    await waitFor(() => expect(screen.getByText('格力 KFR-35GW')).toBeTruthy())
    await settle()
    expect(screen.queryByTestId('second-visit-offer')).toBeNull()
  })
})
