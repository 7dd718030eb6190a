// NutUI's SearchBar, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import SearchBar from '@nutui/nutui-react-taro/dist/es/packages/searchbar'
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css'

export { SearchBar }
