// NutUI's InputNumber, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import InputNumber from '@nutui/nutui-react-taro/dist/es/packages/inputnumber'
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css'

export { InputNumber }
