// NutUI's Input, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Input from '@nutui/nutui-react-taro/dist/es/packages/input'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'

export { Input }
