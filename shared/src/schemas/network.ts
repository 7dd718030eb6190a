import { z } from 'zod';
import { CATEGORY_CODES, CERTIFICATE_TYPE_CODES } from '../domain/catalog';
import { DistrictCode, ObjectId } from './common';

export const OutletView = z
  .object({
    id: ObjectId,
    code: z.string(),
    name: z.string(),
    city: z.string(),
    districtCodes: z.array(DistrictCode),
    address: z.string(),
    phone: z.string(),
  })
  .meta({ id: 'Outlet' });

export const EngineerStatus = z.enum(['active', 'suspended']);

export const EngineerView = z
  .object({
    id: ObjectId,
    employeeNo: z.string(),
    name: z.string(),
    outletId: ObjectId,
    level: z.number().int().min(1).max(5),
    status: EngineerStatus,
    skills: z.array(
      z.object({
        category: z.enum(CATEGORY_CODES),
        assessedAt: z.string(),
        score: z.number().int().min(0).max(100),
      }),
    ),
    certificates: z.array(
      z.object({
        type: z.enum(CERTIFICATE_TYPE_CODES),
        number: z.string(),
        expiresAt: z.string(),
      }),
    ),
    phoneMasked: z.string(),
  })
  .meta({ id: 'Engineer' });

export type OutletView = z.infer<typeof OutletView>;
export type EngineerView = z.infer<typeof EngineerView>;
