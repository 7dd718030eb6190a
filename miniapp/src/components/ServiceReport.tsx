import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import type { OrderPhotoLinks } from '@/hooks/useOrderPhotos'
import { dateTime } from '@/utils/format'
import { PhotoGrid } from './PhotoGrid'
import './ServiceReport.scss'

type Report = NonNullable<OrderView['report']>
type ReportedPart = Report['partsUsed'][number]

/** The name of a reported part, from the quote the report was written against (by code, or by line off the list). */
export function reportedPartName(order: OrderView, part: ReportedPart): string {
  const quoteNo = order.report?.quoteNo ?? order.confirmedQuoteNo
  const items = order.quotes.find((q) => q.no === quoteNo)?.items ?? []
  const item = part.line ? items[part.line - 1] : items.find((it) => it.code !== null && it.code === part.code)
  return item?.name ?? '更换的配件'
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='service-report__field'>
      <Text className='service-report__label'>{label}</Text>
      <View className='service-report__value'>{children}</View>
    </View>
  )
}

/**
 * The engineer's service report as the customer (and staff) read it: what was wrong, what was done, each replaced
 * part with its new serial number and a photo of the old one, the site photos and the customer's signature. Photos
 * open full size on tap.
 */
export function ServiceReport({ order, photos, title = '服务报告' }: { order: OrderView; photos: OrderPhotoLinks; title?: string }) {
  const report = order.report
  if (!report) return null
  return (
    <View className='card service-report'>
      <Text className='card-title'>{title}</Text>
      {report.submittedAt ? <Text className='muted service-report__time'>工程师提交于 {dateTime(report.submittedAt)}</Text> : null}
      <Field label='故障原因'>
        <Text className='service-report__text'>{report.diagnosis}</Text>
      </Field>
      <Field label='维修内容'>
        <Text className='service-report__text'>{report.actions}</Text>
      </Field>
      {report.partsUsed.length > 0 ? (
        <Field label='更换的配件'>
          {report.partsUsed.map((p, i) => (
            <View key={`${p.code ?? p.line}-${i}`} className='service-report__part'>
              <Text className='service-report__part-name'>
                {reportedPartName(order, p)} × {p.quantity}
              </Text>
              <Text className='service-report__text'>新配件序列号：{p.newSerialNo}</Text>
              <Text className='muted'>换下的旧配件：</Text>
              <PhotoGrid ids={[p.oldPartPhotoId]} photos={photos} label='旧配件照片' />
            </View>
          ))}
        </Field>
      ) : (
        <Field label='更换的配件'>
          <Text className='service-report__text'>未更换配件</Text>
        </Field>
      )}
      <Field label={`现场照片（${report.photoIds.length} 张）`}>
        <PhotoGrid ids={report.photoIds} photos={photos} label='现场照片' />
      </Field>
      <Field label='客户签名'>
        <PhotoGrid ids={[report.signatureId]} photos={photos} label='客户签名' variant='wide' />
      </Field>
    </View>
  )
}
