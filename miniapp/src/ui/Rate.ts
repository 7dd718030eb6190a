// NutUI's Rate, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Rate from '@nutui/nutui-react-taro/dist/es/packages/rate'
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/css'

export { Rate }
