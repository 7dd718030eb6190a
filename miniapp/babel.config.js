// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // WeChat runs mini-programs on the phone's own JS engine (JavaScriptCore on iOS), and the devtools'
        // ES6-to-ES5 step is off (project.config.json), so our code is compiled for the oldest iOS we support.
        // That floor is iOS 14: zod (shared schemas, not compiled by us) needs BigInt and ??= when it loads.
        // H5 follows package.json's browserslist.
        targets: process.env.TARO_ENV === 'weapp' ? { ios: '14' } : undefined,
      },
    ],
  ],
}
