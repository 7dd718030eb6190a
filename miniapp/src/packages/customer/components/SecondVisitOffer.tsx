import { Text, View } from '@tarojs/components'
import { APPLIANCE_LIFE_TEXT, type SecondVisitOfferView } from '@fangxin/shared'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { Button } from '@/ui/Button'
import { Words } from '@/ui/Words'
import './SecondVisitOffer.scss'

/**
 * Issue 20.3: the appliance's earlier repair is still under warranty, so the free second visit (linked to that order,
 * the existing rework request) is offered before a new paid order. `normalPath` says what happens otherwise.
 */
export function SecondVisitOffer({ offer, normalPath }: { offer: SecondVisitOfferView; normalPath?: string }) {
  return (
    <View className='second-visit' data-testid='second-visit-offer'>
      <Text className='second-visit__title'>{APPLIANCE_LIFE_TEXT.secondVisitFree}</Text>
      <Words className='second-visit__text' text={offer.text} />
      <Button className='second-visit__button' type='primary' block onClick={() => navigateTo(ROUTES.rework, { orderId: offer.orderId })}>
        申请免费二次上门
      </Button>
      {normalPath ? <Words className='second-visit__normal' text={normalPath} /> : null}
    </View>
  )
}
