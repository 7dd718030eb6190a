import { useMemo, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import {
  APPLIANCE_CATEGORIES,
  categoryMark,
  CATEGORY_CODES,
  categoryName,
  SERVICE_TYPES,
  SERVICE_TYPE_CODES,
  serviceTypeName,
  isOneOf,
  REPEAT_REPAIR_SERVICE_TYPE,
  type AddressView,
  type ServiceTypeCode,
} from '@fangxin/shared'
import { bookingPromise } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { PageShell } from '@/components/PageShell'
import { PhotoUploader } from '@/components/PhotoUploader'
import { SignInPrompt } from '@/components/SignInPrompt'
import { SlotPicker } from '@/components/SlotPicker'
import { useAsync } from '@/hooks/useAsync'
import { useIdempotencyKey } from '@/hooks/useIdempotencyKey'
import { redirectTo, ROUTES, usePageParams } from '@/platform/navigation'
import { toastSuccess } from '@/platform/toast'
import { customerApi } from '@/services/customer'
import { ordersApi } from '@/services/orders'
import { askSubscribe } from '@/services/subscribe'
import { useSession } from '@/services/session'
import { usePromises } from '@/services/promises'
import { Button } from '@/ui/Button'
import { Cell, CellGroup } from '@/ui/Cell'
import { Grid, GridItem } from '@/ui/Grid'
import { Popup } from '@/ui/Popup'
import { Radio, RadioGroup } from '@/ui/Radio'
import { Switch } from '@/ui/Switch'
import { Tag } from '@/ui/Tag'
import { TextArea } from '@/ui/TextArea'
import { Words } from '@/ui/Words'
import { districtText, slotText, yuan } from '@/utils/format'
import { NO_ERRORS, type FormErrors } from '@/utils/form-errors'
import { AddressForm } from '../../components/AddressForm'
import { ApplianceForm } from '../../components/ApplianceForm'
import { WarrantyTag } from '../../components/WarrantyTag'
import { SecondVisitOffer } from '../../components/SecondVisitOffer'
import { appliancesApi } from '@/services/appliances'
import { bookingErrors, EMPTY_DRAFT, STEPS, stepErrors, toOrderBody, type BookingDraft, type StepKey } from './draft'
import { urgentOffer, urgentText } from './urgent'
import { noShowTerms } from './noShow'
import './index.scss'

const NO_APPLIANCE = 'none'

function addressLine(a: AddressView): string {
  return `${districtText(a.districtCode)} ${a.detail}`
}

export default function BookingPage() {
  const current = useSession()
  const params = usePageParams()
  const promises = usePromises()
  const initialCategory = isOneOf(CATEGORY_CODES, params.category) ? params.category : null
  // A maintenance reminder (issue 20.3) opens the page with the appliance and the service chosen.
  const initialServiceType = isOneOf(SERVICE_TYPE_CODES, params.serviceType) ? params.serviceType : null
  const initialAppliance = initialCategory && /^[0-9a-f]{24}$/i.test(params.applianceId ?? '') ? params.applianceId! : null
  const [draft, setDraft] = useState<BookingDraft>({ ...EMPTY_DRAFT, category: initialCategory, serviceType: initialServiceType, applianceId: initialAppliance })
  const [step, setStep] = useState<StepKey>('service')
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [submitting, setSubmitting] = useState(false)
  const [popup, setPopup] = useState<'address' | 'appliance' | null>(null)
  const submitted = useRef(false)
  const inFlight = useRef(false)
  const customer = current?.user.role === 'customer'

  const book = useAsync(async () => {
    if (!customer) return null
    const [addresses, appliances] = await Promise.all([customerApi.addresses(), customerApi.appliances()])
    return { addresses, appliances }
  }, [customer])

  // Issue 19: what 加急 costs and promises for the chosen service (the price list's urgent fee, the urgent clock).
  const urgent = useAsync(
    async () => (customer && draft.category && draft.serviceType ? urgentOffer(draft.category, draft.serviceType) : null),
    [customer, draft.category, draft.serviceType],
  )

  // Issue 20.1: what a no-show costs (the catalogue's wasted-trip fee, or none) and how long the engineer waits.
  const noShow = useAsync(async () => (customer && draft.category ? noShowTerms(draft.category) : null), [customer, draft.category])

  // Preselect the default address once the address book arrives.
  const defaultAddress = book.data?.addresses.find((a) => a.isDefault)?.id ?? null
  const addressId = draft.addressId ?? defaultAddress
  // An appliance named by a link that is not one of the customer's (of this category) is not chosen.
  const applianceKnown = !draft.applianceId || !book.data || book.data.appliances.some((a) => a.id === draft.applianceId && a.category === draft.category)
  const applianceId = applianceKnown ? draft.applianceId : null
  // Issue 20.3: an earlier repair of the picked appliance still under warranty: the free second visit is offered first.
  const secondVisitAsked = useAsync(async () => (customer && applianceId ? appliancesApi.secondVisitOffer(applianceId) : null), [customer, applianceId])
  // Offered for a repair (or before the service is chosen); a cleaning or an installation is no second visit.
  const secondVisit = { data: draft.serviceType === null || draft.serviceType === REPEAT_REPAIR_SERVICE_TYPE ? secondVisitAsked.data : null }
  const effective: BookingDraft = useMemo(() => ({ ...draft, addressId, applianceId }), [draft, addressId, applianceId])
  const check = toOrderBody(effective)
  // The booking carries exactly the wasted-trip fee the review showed (none shown: none sent, so none can be charged).
  const feeShown = noShow.data ? { noShowFeeShownFen: noShow.data.feeFen } : {}
  // Booking on past the offer declines it: the order records which repair it follows (the server checks it again).
  const declined = secondVisit.data ? { secondVisitDeclined: secondVisit.data.orderId } : {}
  const body = check.ok ? { ...check.body, ...feeShown, ...declined } : null
  const idempotencyKey = useIdempotencyKey(body)

  if (!customer) {
    return (
      <PageShell>
        <SignInPrompt message='登录后即可预约上门服务' />
      </PageShell>
    )
  }

  const update = (patch: Partial<BookingDraft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((e) => {
      const fields = { ...e.fields }
      for (const k of Object.keys(patch)) delete fields[k]
      return { fields, message: null }
    })
  }
  const stepIndex = STEPS.findIndex((s) => s.key === step)
  const goTo = (key: StepKey) => setStep(key)

  function next() {
    const missing = stepErrors(effective, step)
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, message: null })
      return
    }
    setErrors(NO_ERRORS)
    setStep(STEPS[stepIndex + 1]!.key)
  }

  async function submit() {
    // A ref, not only the state: two taps in one frame both see the state before it re-renders.
    if (inFlight.current || submitted.current) return
    if (!check.ok || !body) {
      setErrors({ fields: check.ok ? {} : check.fields, message: null })
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors(NO_ERRORS)
    // WeChat's consent dialog only follows a tap: ask for the messages to come (on the way, quote, done) first.
    await askSubscribe('booked')
    try {
      // A retry after a lost answer, or a second tap, carries the same key: the server returns the same order.
      const order = await ordersApi.create(body, idempotencyKey)
      submitted.current = true
      toastSuccess('预约成功')
      redirectTo(ROUTES.order, { id: order.id })
    } catch (err) {
      setErrors(bookingErrors(err))
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  const fieldError = (f: string) => errors.fields[f]

  return (
    <PageShell className='booking'>
      <StepBar current={stepIndex} />

      <AsyncContent state={book}>
        {(data) => {
          if (!data) return null
          const appliances = data.appliances.filter((a) => a.category === draft.category)
          const address = data.addresses.find((a) => a.id === addressId) ?? null
          const appliance = data.appliances.find((a) => a.id === draft.applianceId) ?? null
          return (
            <>
              {step === 'service' ? (
                <View className='card'>
                  <FormField label='家电品类' error={fieldError('category')}>
                    <Grid columns={3} className='booking__categories'>
                      {APPLIANCE_CATEGORIES.map((c) => (
                        <GridItem
                          key={c.code}
                          className={draft.category === c.code ? 'booking__category booking__category--on' : 'booking__category'}
                          text={c.name}
                          onClick={() => update({ category: c.code, applianceId: null, slot: null })}
                        >
                          <View className='booking__category-icon'>{categoryMark(c.code)}</View>
                        </GridItem>
                      ))}
                    </Grid>
                  </FormField>
                  <FormField label='服务类型' error={fieldError('serviceType')}>
                    <RadioGroup
                      shape='button'
                      direction='horizontal'
                      value={draft.serviceType ?? ''}
                      onChange={(v) => update({ serviceType: String(v) as ServiceTypeCode })}
                      options={SERVICE_TYPES.map((s) => ({ label: s.name, value: s.code }))}
                    />
                  </FormField>
                  {draft.category ? (
                    <FormField label={`我的${categoryName(draft.category)}`} error={fieldError('applianceId')}>
                      <RadioGroup
                        className='booking__appliances'
                        value={applianceId ?? NO_APPLIANCE}
                        onChange={(v) => update({ applianceId: v === NO_APPLIANCE ? null : String(v) })}
                      >
                        {appliances.map((a) => (
                          <Radio key={a.id} value={a.id} className='booking__appliance'>
                            <View className='booking__appliance-text'>
                              <Text>
                                {a.brand} {a.model}
                              </Text>
                              <WarrantyTag appliance={a} />
                            </View>
                          </Radio>
                        ))}
                        <Radio value={NO_APPLIANCE}>暂不指定家电</Radio>
                      </RadioGroup>
                      <Button size='small' fill='outline' type='primary' onClick={() => setPopup('appliance')}>
                        新增家电
                      </Button>
                    </FormField>
                  ) : null}
                  {secondVisit.data ? <SecondVisitOffer offer={secondVisit.data} normalPath='不是同一个问题？点“下一步”，按普通订单预约。' /> : null}
                </View>
              ) : null}

              {step === 'fault' ? (
                <View className='card'>
                  <FormField label='故障或需求描述' error={fieldError('faultDescription')}>
                    <TextArea
                      className='booking__fault'
                      value={draft.faultDescription}
                      onChange={(v) => update({ faultDescription: v })}
                      placeholder='例如：空调不制冷，外机不转'
                      maxLength={500}
                      showCount
                    />
                  </FormField>
                  <FormField label='故障照片（选填，最多 9 张）' error={fieldError('photoIds')}>
                    <PhotoUploader kind='fault_photo' maxCount={9} onChange={(ids) => update({ photoIds: ids })} />
                  </FormField>
                  <FormField label='加急处理' error={fieldError('urgent')}>
                    <View className='booking__urgent'>
                      <Switch checked={draft.urgent} onChange={(on: boolean) => update({ urgent: on })} />
                      <Text className='booking__urgent-text'>
                        {urgent.data ? urgentText(urgent.data, yuan) : '优先派单，更快接单响应'}
                      </Text>
                    </View>
                  </FormField>
                </View>
              ) : null}

              {step === 'visit' ? (
                <View className='card'>
                  <FormField label='服务地址' error={fieldError('addressId')}>
                    <RadioGroup value={addressId ?? ''} onChange={(v) => update({ addressId: String(v), slot: null })}>
                      {data.addresses.map((a) => (
                        <Radio key={a.id} value={a.id} className='booking__address'>
                          <View className='booking__address-text'>
                            <Text>
                              {a.contactName} {a.phone} {a.isDefault ? <Tag type='primary'>默认</Tag> : null}
                            </Text>
                            <Text className='muted'>{addressLine(a)}</Text>
                          </View>
                        </Radio>
                      ))}
                    </RadioGroup>
                    <Button size='small' fill='outline' type='primary' onClick={() => setPopup('address')}>
                      新增地址
                    </Button>
                  </FormField>
                  <FormField label='上门时间' error={fieldError('slot')}>
                    {address && draft.category ? (
                      <SlotPicker districtCode={address.districtCode} category={draft.category} value={draft.slot} onChange={(slot) => update({ slot })} />
                    ) : (
                      <Text className='muted'>请先选择服务地址</Text>
                    )}
                  </FormField>
                </View>
              ) : null}

              {step === 'review' ? (
                <View className='booking__review'>
                  <CellGroup title='请核对预约信息'>
                    <ReviewCell title='服务' value={draft.category && draft.serviceType ? `${categoryName(draft.category)} · ${serviceTypeName(draft.serviceType)}` : '未选择'} error={fieldError('category') ?? fieldError('serviceType')} onEdit={() => goTo('service')} />
                    <ReviewCell title='家电' value={appliance ? `${appliance.brand} ${appliance.model}（${appliance.warranty.inWarranty ? '保修期内' : '已过保'}）` : '未指定'} error={fieldError('applianceId')} onEdit={() => goTo('service')} />
                    <ReviewCell title='问题描述' value={draft.faultDescription || '未填写'} error={fieldError('faultDescription')} onEdit={() => goTo('fault')} />
                    <ReviewCell title='照片' value={`${draft.photoIds.length} 张`} error={fieldError('photoIds')} onEdit={() => goTo('fault')} />
                    <ReviewCell title='地址' value={address ? `${address.contactName} ${address.phone} ${addressLine(address)}` : '未选择'} error={fieldError('addressId')} onEdit={() => goTo('visit')} />
                    <ReviewCell title='上门时间' value={draft.slot ? slotText(draft.slot) : '未选择'} error={fieldError('slot')} onEdit={() => goTo('visit')} />
                    <ReviewCell title='加急' value={draft.urgent ? (urgent.data ? `是，${urgentText(urgent.data, yuan)}` : '是') : '否'} error={fieldError('urgent')} onEdit={() => goTo('fault')} />
                  </CellGroup>
                  <Text className='muted booking__promise'>{bookingPromise(promises)}</Text>
                  {secondVisit.data ? <SecondVisitOffer offer={secondVisit.data} normalPath='不是同一个问题，点“提交预约”按普通订单预约，按价目表收费。' /> : null}
                  {noShow.data ? (
                    <View className='booking__no-show' data-testid='no-show-terms'>
                      <Text className='booking__no-show-title'>家中无人怎么办</Text>
                      <Text className='booking__no-show-text'>{noShow.data.notice}</Text>
                    </View>
                  ) : null}
                  {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
                  <Button className='booking__submit' type='primary' size='large' block loading={submitting} onClick={submit}>
                    提交预约
                  </Button>
                </View>
              ) : null}

              <View className='booking__nav'>
                {stepIndex > 0 ? (
                  <Button className='booking__nav-button' onClick={() => setStep(STEPS[stepIndex - 1]!.key)}>
                    上一步
                  </Button>
                ) : null}
                {step !== 'review' ? (
                  <Button className='booking__nav-button' type='primary' onClick={next}>
                    下一步
                  </Button>
                ) : null}
              </View>

              <Popup visible={popup === 'appliance'} position='bottom' round closeable title='新增家电' onClose={() => setPopup(null)}>
                {popup === 'appliance' && draft.category ? (
                  <ApplianceForm
                    category={draft.category}
                    onSaved={(a) => {
                      setPopup(null)
                      update({ applianceId: a.id })
                      void book.reload()
                    }}
                  />
                ) : null}
              </Popup>
              <Popup visible={popup === 'address'} position='bottom' round closeable title='新增地址' onClose={() => setPopup(null)}>
                {popup === 'address' ? (
                  <AddressForm
                    onSaved={(a) => {
                      setPopup(null)
                      update({ addressId: a.id, slot: null })
                      void book.reload()
                    }}
                  />
                ) : null}
              </Popup>
            </>
          )
        }}
      </AsyncContent>
    </PageShell>
  )
}

/**
 * Where the customer is in the four steps: done steps ticked, the current one in the brand colour and bold, later
 * ones grey. Each step is a number over its name, so four fit side by side on a 320 px phone in 长辈模式 too.
 */
function StepBar({ current }: { current: number }) {
  return (
    <View className='booking__steps' aria-label={`第 ${current + 1} 步，共 ${STEPS.length} 步`}>
      {STEPS.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo'
        return (
          <View key={s.key} className={`booking__step booking__step--${state}`} aria-current={i === current ? 'step' : undefined}>
            <Text className='booking__step-mark'>{state === 'done' ? '✓' : i + 1}</Text>
            <Text className='booking__step-title'>{s.title}</Text>
          </View>
        )
      })}
    </View>
  )
}

/** One line of the review, with the server's complaint about it (if any) and a way back to fix it. */
function ReviewCell({ title, value, error, onEdit }: { title: string; value: string; error?: string; onEdit(): void }) {
  return (
    <Cell
      title={title}
      description={
        <View>
          <Words className='booking__review-value' text={value} />
          {error ? <Text className='field-error'>{error}</Text> : null}
        </View>
      }
      extra={
        <Text className='booking__edit' onClick={onEdit}>
          修改
        </Text>
      }
    />
  )
}
