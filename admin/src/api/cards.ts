import type { CardHistory, CardPublicKey, WorkCardView } from '@fangxin/shared';
import { requestClient } from './request';

export const getCards = (engineerId: string) => requestClient.get<CardHistory>(`/engineers/${engineerId}/cards`);

export const issueCard = (engineerId: string) => requestClient.post<WorkCardView>(`/engineers/${engineerId}/cards`);

export const reissueCard = (engineerId: string, reason: string) =>
  requestClient.post<{ revoked: WorkCardView; issued: WorkCardView }>(`/engineers/${engineerId}/cards/reissue`, { reason });

export const revokeCard = (serial: string, reason: string) =>
  requestClient.post<WorkCardView>(`/cards/${encodeURIComponent(serial)}/revoke`, { reason });

export const getCardPublicKey = () => requestClient.get<CardPublicKey>('/cards/public-key', { anonymous: true });
