import { Image, Text, View } from '@tarojs/components'
import type { OrderPhotoView } from '@fangxin/shared'
import type { OrderPhotoLinks } from '@/hooks/useOrderPhotos'
import { previewImages } from '@/platform/preview'
import { photoSrc } from '@/services/photos'
import { cx } from '@/utils/cx'
import './PhotoGrid.scss'

interface PhotoGridProps {
  ids: readonly string[]
  photos: OrderPhotoLinks
  /** What the photos are, for people using a screen reader (故障照片, 现场照片…). */
  label: string
  /** `wide` for a signature: one image across, shown whole. */
  variant?: 'grid' | 'wide'
}

/** Thumbnails of an order's photos; a tap opens them full size, swiping between them. */
export function PhotoGrid({ ids, photos, label, variant = 'grid' }: PhotoGridProps) {
  if (ids.length === 0) return null
  const shown = ids.map((id) => photos.get(id)).filter((p): p is OrderPhotoView => Boolean(p))
  if (shown.length === 0) {
    return <Text className='muted photo-grid__note'>{photos.failed ? '照片暂时打不开，请稍后返回本页再看' : '照片加载中…'}</Text>
  }
  const urls = shown.map((p) => photoSrc(p.url))
  return (
    <View className={cx('photo-grid', variant === 'wide' && 'photo-grid--wide')}>
      {shown.map((p, i) => (
        <View
          key={p.id}
          className='photo-grid__item'
          role='button'
          ariaLabel={shown.length > 1 ? `查看${label}第 ${i + 1} 张大图` : `查看${label}大图`}
          onClick={() => previewImages(urls, urls[i]!)}
        >
          <Image className='photo-grid__image' src={urls[i]!} mode={variant === 'wide' ? 'aspectFit' : 'aspectFill'} />
        </View>
      ))}
      {shown.length > 1 || variant === 'wide' ? null : <Text className='muted photo-grid__hint'>点击查看大图</Text>}
    </View>
  )
}
