// NutUI's Checkbox, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Checkbox from '@nutui/nutui-react-taro/dist/es/packages/checkbox'
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/css'

export { Checkbox }
