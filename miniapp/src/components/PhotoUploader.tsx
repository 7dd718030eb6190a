import { useCallback, useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { LocalFile } from '@/platform/types'
import { usePhotoUploads } from '@/hooks/usePhotoUploads'
import { uploadsApi } from '@/services/uploads'
import type { UploadKind } from '@/services/uploads'
import { Progress } from '@/ui/Progress'
import { Uploader } from '@/ui/Uploader'
import { errorText } from './AsyncContent'

const MAX_BYTES = 5 * 1024 * 1024

/** What NutUI's uploader hands over: a chooseMedia / chooseImage temp file (with the File itself in H5). */
interface PickedFile {
  tempFilePath?: string
  path?: string
  originalFileObj?: File
}

export function toLocalFile(picked: PickedFile): LocalFile {
  const path = picked.tempFilePath ?? picked.path ?? ''
  return { path, blob: picked.originalFileObj, name: picked.originalFileObj?.name }
}

interface PhotoUploaderProps {
  kind: UploadKind
  orderId?: string
  maxCount?: number
  /** The ids of the photos uploaded so far, after every change. */
  onChange(ids: string[]): void
  /** Shown under the picker. */
  hint?: string
}

/** NutUI's uploader, sending each photo to /uploads as soon as it is picked, with a progress bar per photo. */
export function PhotoUploader({ kind, orderId, maxCount = 9, onChange, hint }: PhotoUploaderProps) {
  const upload = useCallback(
    (file: LocalFile, onProgress: (percent: number) => void) => uploadsApi.image(file, kind, orderId, onProgress),
    [kind, orderId],
  )
  const photos = usePhotoUploads(upload, onChange, errorText)
  const [tooLarge, setTooLarge] = useState(false)
  const pending = Object.entries(photos.progress)

  return (
    <View className='photo-uploader'>
      <Uploader
        maxCount={maxCount}
        multiple={maxCount > 1}
        maxFileSize={MAX_BYTES}
        accept='image/jpeg,image/png,image/webp'
        mediaType={['image']}
        sizeType={['compressed']}
        previewType='picture'
        upload={(file) => {
          setTooLarge(false)
          return photos.add(toLocalFile(file as unknown as PickedFile))
        }}
        onDelete={(file) => photos.remove(file.path ?? '')}
        onOversize={() => setTooLarge(true)}
      />
      {pending.map(([path, percent], i) => (
        <View key={path} className='photo-uploader__progress'>
          <Text className='muted'>
            {pending.length > 1 ? `第 ${i + 1} 张` : '照片'}上传中 {percent}%
          </Text>
          <Progress percent={percent} showText={false} />
        </View>
      ))}
      {tooLarge ? <Text className='field-error'>图片不能超过 5 MB</Text> : null}
      {photos.error ? <Text className='field-error'>{photos.error}</Text> : null}
      {hint ? <Text className='muted photo-uploader__hint'>{hint}</Text> : null}
    </View>
  )
}
