// NutUI's TextArea, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'

export { TextArea }
