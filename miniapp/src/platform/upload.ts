import Taro from '@tarojs/taro'
import { NetworkError, UPLOAD_TIMEOUT_MS, type HttpResponse, type LocalFile, type UploadTransport } from './types'

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? null
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** A data: URL (what a canvas gives in H5) as a Blob, without fetching it (the CSP's connect-src forbids data:). */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(dataUrl)
  if (!match) throw new Error('not a data: URL')
  const mime = match[1] ?? 'application/octet-stream'
  const payload = match[3] ?? ''
  if (!match[2]) return new Blob([decodeURIComponent(payload)], { type: mime })
  const binary = atob(payload)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type: mime })
}

async function blobOf(file: LocalFile): Promise<Blob> {
  if (file.blob) return file.blob
  if (file.path.startsWith('data:')) return dataUrlToBlob(file.path)
  // A blob: URL from this page (a picked file without its File object): read it back.
  const res = await fetch(file.path)
  return res.blob()
}

/**
 * H5: XMLHttpRequest with FormData, for upload progress. Taro's own H5 uploadFile re-downloads the picked file from
 * its blob: URL first, which the server's CSP (connect-src 'self') refuses, so the File object is sent directly.
 */
export const xhrUpload: UploadTransport = async ({ url, headers, file, fileField, fields, timeoutMs, onProgress }) => {
  let blob: Blob
  try {
    blob = await blobOf(file)
  } catch (err) {
    throw new NetworkError(`upload failed: cannot read ${file.path}`, { cause: err })
  }
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  const ext = (blob.type.split('/')[1] ?? 'jpg').replace('jpeg', 'jpg')
  form.append(fileField, blob, file.name ?? `photo.${ext}`)
  return new Promise<HttpResponse>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v)
    xhr.timeout = timeoutMs ?? UPLOAD_TIMEOUT_MS
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onload = () => {
      onProgress?.(100)
      resolve({ status: xhr.status, body: parseJson(xhr.responseText) })
    }
    xhr.onerror = () => reject(new NetworkError('upload failed: network error'))
    xhr.ontimeout = () => reject(new NetworkError('upload failed: timeout'))
    xhr.send(form)
  })
}

/** WeChat: wx.uploadFile with its progress events. */
export const wxUpload: UploadTransport = async ({ url, headers, file, fileField, fields, timeoutMs, onProgress }) => {
  const task = Taro.uploadFile({ url, filePath: file.path, name: fileField, header: headers, formData: fields, timeout: timeoutMs ?? UPLOAD_TIMEOUT_MS })
  task.progress((p) => onProgress?.(p.progress))
  try {
    const res = await task
    return { status: res.statusCode, body: parseJson(res.data) }
  } catch (err) {
    throw new NetworkError(`upload failed: ${(err as { errMsg?: string }).errMsg ?? String(err)}`, { cause: err })
  }
}

export const taroUpload: UploadTransport = process.env.TARO_ENV === 'h5' ? xhrUpload : wxUpload
