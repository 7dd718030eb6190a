import { Text, View } from '@tarojs/components'
import type { OrderContacts as Contacts } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { useAsync } from '@/hooks/useAsync'
import { callPhone, openMap } from '@/platform/contact'
import { ordersApi } from '@/services/orders'
import { Button } from '@/ui/Button'
import './OrderContacts.scss'

function Line({ who, name, phone, action }: { who: string; name?: string; phone: string; action: string }) {
  return (
    <View className='order-contacts__line'>
      <View className='order-contacts__who'>
        <Text className='order-contacts__role'>{who}</Text>
        {name ? <Text className='order-contacts__name'>{name}</Text> : null}
        <Text className='order-contacts__phone'>{phone}</Text>
      </View>
      <Button size='small' type='primary' fill='outline' onClick={() => callPhone(phone)}>
        {action}
      </Button>
    </View>
  )
}

/**
 * Who to call about an active order. The customer: the engineer, the outlet and the platform hotline; the engineer:
 * the customer, the way to the address, and the hotline. The server decides which numbers each may see (S10).
 */
export function OrderContacts({ orderId, side }: { orderId: string; side: 'customer' | 'engineer' }) {
  const contacts = useAsync(() => ordersApi.contacts(orderId), [orderId])
  return (
    <View className='card order-contacts'>
      <Text className='card-title'>{side === 'customer' ? '联系' : '联系与导航'}</Text>
      <AsyncContent state={contacts}>
        {(c: Contacts) => (
          <View>
            {c.engineer ? <Line who='工程师' name={c.engineer.name} phone={c.engineer.phone} action='联系工程师' /> : null}
            {c.outlet ? <Line who='网点' name={c.outlet.name} phone={c.outlet.phone} action='联系网点' /> : null}
            {c.customer ? (
              <>
                <Line who='客户' name={c.customer.name} phone={c.customer.phone} action='联系客户' />
                <View className='order-contacts__line'>
                  <View className='order-contacts__who'>
                    <Text className='order-contacts__role'>上门地址</Text>
                    <Text className='order-contacts__name'>{c.customer.address}</Text>
                  </View>
                  <Button size='small' type='primary' fill='outline' onClick={() => openMap({ address: c.customer!.address, name: c.customer!.name })}>
                    导航
                  </Button>
                </View>
              </>
            ) : null}
            <Line who='平台客服' phone={c.hotline} action='平台客服' />
            {c.notice ? <Text className='muted order-contacts__notice'>{c.notice}</Text> : null}
          </View>
        )}
      </AsyncContent>
    </View>
  )
}
