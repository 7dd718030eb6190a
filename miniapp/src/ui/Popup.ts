// NutUI's Popup, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Popup from '@nutui/nutui-react-taro/dist/es/packages/popup'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'

export { Popup }
