/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** Base URL of the API, fixed at build time by `defineConstants` (config/index.ts) and `define` (vitest.config.ts). */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** The platform being built, replaced at build time by Taro. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID: string
    /** Absolute API base for mini-program builds (read by config/index.ts). */
    API_BASE?: string
  }
}
