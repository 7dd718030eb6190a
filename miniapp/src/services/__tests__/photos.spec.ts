import { describe, expect, it } from 'vitest'
import { photoSrc } from '../photos'

describe('photoSrc', () => {
  const link = '/api/v1/photos/64b7f0c2a1b2c3d4e5f600a1?exp=4070908800&sig=abc'

  it('keeps a link as it is in H5, where the API is on the page’s own origin', () => {
    expect(photoSrc(link, '/api/v1')).toBe(link)
  })

  it('loads from the API’s origin in the mini-program, which has none of its own', () => {
    expect(photoSrc(link, 'https://api.fangxin.example/api/v1')).toBe(`https://api.fangxin.example${link}`)
  })
})
