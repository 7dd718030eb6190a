export default defineAppConfig({
  // The main package: what every customer needs on the first download (home, sign-in, orders and their detail).
  pages: ['pages/index/index', 'pages/login/index', 'pages/orders/index', 'pages/order/index', 'pages/profile/index'],
  subPackages: [
    {
      // Secondary customer pages load on first use, keeping the main package small.
      root: 'packages/customer',
      name: 'customer',
      pages: [
        'pages/booking/index',
        'pages/price-list/index',
        'pages/verify/index',
        'pages/receipt/index',
        'pages/addresses/index',
        'pages/appliances/index',
        'pages/appliance/index',
        'pages/notifications/index',
        'pages/survey/index',
        'pages/rework/index',
        'pages/complaints/index',
        'pages/complaint/index',
      ],
    },
    {
      // Engineer mode loads only when an engineer opens it.
      root: 'packages/engineer',
      name: 'engineer',
      pages: ['pages/home/index', 'pages/card/index', 'pages/order/index', 'pages/quote/index', 'pages/report/index', 'pages/appeals/index', 'pages/appeal/index'],
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
