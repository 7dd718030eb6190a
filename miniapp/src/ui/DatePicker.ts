// NutUI's DatePicker, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker'
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css'

export { DatePicker }
