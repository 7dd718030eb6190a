import { api } from '@fangxin/shared';
import { requestClient } from './request';

export const getCards = (engineerId: string) => requestClient.call(api.cards.history, { params: { id: engineerId } });

export const issueCard = (engineerId: string) => requestClient.call(api.cards.issue, { params: { id: engineerId } });

export const reissueCard = (engineerId: string, reason: string) => requestClient.call(api.cards.reissue, { params: { id: engineerId }, body: { reason } });

export const revokeCard = (serial: string, reason: string) => requestClient.call(api.cards.revoke, { params: { serial }, body: { reason } });

export const getCardPublicKey = () => requestClient.call(api.cards.publicKey);
