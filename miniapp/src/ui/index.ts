import { createElement, type ComponentProps } from 'react'
import { View } from '@tarojs/components'
/**
 * The NutUI components the app uses, each with its stylesheet. Pages import UI from here, not from NutUI, so that
 * styles come along, only these components are bundled (per-component entry points, not NutUI's barrel, which also
 * pulls in lottie and a hundred other components), and a change of library touches this one file.
 */
import Badge from '@nutui/nutui-react-taro/dist/es/packages/badge'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Cascader from '@nutui/nutui-react-taro/dist/es/packages/cascader'
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell'
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup'
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker'
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog'
import NutEmpty from '@nutui/nutui-react-taro/dist/es/packages/empty'
import Grid from '@nutui/nutui-react-taro/dist/es/packages/grid'
import GridItem from '@nutui/nutui-react-taro/dist/es/packages/griditem'
import Image from '@nutui/nutui-react-taro/dist/es/packages/image'
import Input from '@nutui/nutui-react-taro/dist/es/packages/input'
import InputNumber from '@nutui/nutui-react-taro/dist/es/packages/inputnumber'
import Loading from '@nutui/nutui-react-taro/dist/es/packages/loading'
import NoticeBar from '@nutui/nutui-react-taro/dist/es/packages/noticebar'
import Popup from '@nutui/nutui-react-taro/dist/es/packages/popup'
import NutProgress from '@nutui/nutui-react-taro/dist/es/packages/progress'
import Radio from '@nutui/nutui-react-taro/dist/es/packages/radio'
import RadioGroup from '@nutui/nutui-react-taro/dist/es/packages/radiogroup'
import Rate from '@nutui/nutui-react-taro/dist/es/packages/rate'
import SearchBar from '@nutui/nutui-react-taro/dist/es/packages/searchbar'
import Signature from '@nutui/nutui-react-taro/dist/es/packages/signature'
import Step from '@nutui/nutui-react-taro/dist/es/packages/step'
import Steps from '@nutui/nutui-react-taro/dist/es/packages/steps'
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch'
import TabPane from '@nutui/nutui-react-taro/dist/es/packages/tabpane'
import Tabs from '@nutui/nutui-react-taro/dist/es/packages/tabs'
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag'
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea'
import Uploader from '@nutui/nutui-react-taro/dist/es/packages/uploader'
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cascader/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/grid/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/griditem/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/image/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/noticebar/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/signature/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/step/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tabpane/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/uploader/style/style.css'

export { Badge, Button, Cascader, Cell, CellGroup, DatePicker, Dialog, Grid, GridItem, Image, Input, InputNumber, Loading, NoticeBar, Popup, Radio, RadioGroup, Rate, SearchBar, Signature, Step, Steps, Switch, TabPane, Tabs, Tag, TextArea, Uploader }

/**
 * NutUI's empty state draws a picture from JD's CDN, which the server's CSP (img-src 'self' data: blob:) blocks and a
 * mini-program would have to whitelist: ours draws a plain mark from the design tokens instead (.empty-mark).
 */
function Empty(props: ComponentProps<typeof NutEmpty>) {
  return createElement(NutEmpty, { image: createElement(View, { className: 'empty-mark' }), imageSize: 64, ...props })
}

/** NutUI's progress bar is red unless told otherwise: ours is the brand colour. */
function Progress(props: ComponentProps<typeof NutProgress>) {
  return createElement(NutProgress, { color: 'var(--nutui-color-primary, #1769e0)', ...props })
}

export { Empty, Progress }
