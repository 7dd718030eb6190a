// NutUI's Dialog, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'

export { Dialog }
