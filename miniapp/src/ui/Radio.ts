// NutUI's Radio and RadioGroup, each with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Radio from '@nutui/nutui-react-taro/dist/es/packages/radio'
import RadioGroup from '@nutui/nutui-react-taro/dist/es/packages/radiogroup'
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/css'

export { Radio, RadioGroup }
