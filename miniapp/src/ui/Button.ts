// NutUI's Button, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'

export { Button }
