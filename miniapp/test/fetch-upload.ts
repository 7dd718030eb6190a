import { NetworkError, type UploadTransport } from '@/platform/types'

/**
 * The UploadTransport contract over Node's fetch and FormData, for client tests against a real server. fetch cannot
 * report upload progress, so it reports 100 once the body has gone out.
 */
export const fetchUpload: UploadTransport = async ({ url, headers, file, fileField, fields, onProgress }) => {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append(fileField, file.blob ?? new Blob([file.path], { type: 'text/plain' }), file.name ?? 'file')
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers, body: form })
  } catch (err) {
    throw new NetworkError(`upload failed: ${String(err)}`, { cause: err })
  }
  onProgress?.(100)
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null }
}
