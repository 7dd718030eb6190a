// NutUI's Signature, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Signature from '@nutui/nutui-react-taro/dist/es/packages/signature'
import '@nutui/nutui-react-taro/dist/es/packages/signature/style/css'

export { Signature }
