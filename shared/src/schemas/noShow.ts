import { z } from 'zod';
import { SlotChoice } from './order';

/** A new window proposed after the engineer has set off (issue 20.1), or chosen by the customer after a no-show. */
export const RescheduleProposalBody = z.object({ slot: SlotChoice }).meta({ id: 'RescheduleProposalBody' });
export type RescheduleProposalBody = z.infer<typeof RescheduleProposalBody>;
