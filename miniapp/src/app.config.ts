export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index', 'pages/profile/index'],
  subPackages: [
    {
      // Engineer mode loads only when an engineer opens it, keeping the customer's first download small.
      root: 'packages/engineer',
      name: 'engineer',
      pages: ['pages/home/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1769e0',
    navigationBarTitleText: '放心服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
})
