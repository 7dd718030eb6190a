import axios from 'axios';
import { isErrorId, type ErrorId, type FieldError } from '@fangxin/shared';

/** Ids the client makes up when there is no server answer to read one from. */
export type ClientErrorId = 'network_error';

export interface ApiErrorInit {
  id: ErrorId | ClientErrorId;
  message: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  requestId?: string | null;
  fields?: FieldError[];
  retryAfterSeconds?: number | null;
}

/** Every failed API call rejects with this, so callers branch on `id` (the shared vocabulary), never on text. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly id: ErrorId | ClientErrorId;
  readonly status: number;
  readonly requestId: string | null;
  readonly fields: FieldError[];
  readonly retryAfterSeconds: number | null;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.id = init.id;
    this.status = init.status;
    this.requestId = init.requestId ?? null;
    this.fields = init.fields ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

interface ErrorBodyShape {
  error?: { id?: unknown; message?: unknown; requestId?: unknown; fields?: unknown; retryAfterSeconds?: unknown };
}

/** Reads the server's `{ error: {...} }` body; anything else (proxy pages, timeouts) gets an id from the status. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (!axios.isAxiosError(raw) || !raw.response) {
    return new ApiError({ id: 'network_error', message: raw instanceof Error ? raw.message : String(raw), status: 0 });
  }
  const { status, data } = raw.response;
  const body = (data as ErrorBodyShape | undefined)?.error;
  if (body && isErrorId(body.id)) {
    return new ApiError({
      id: body.id,
      message: typeof body.message === 'string' ? body.message : raw.message,
      status,
      requestId: typeof body.requestId === 'string' ? body.requestId : null,
      fields: Array.isArray(body.fields) ? (body.fields as FieldError[]) : [],
      retryAfterSeconds: typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : null,
    });
  }
  return new ApiError({ id: idForStatus(status), message: raw.message, status });
}

function idForStatus(status: number): ErrorId {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'route_not_found';
  if (status === 429) return 'too_many_requests';
  if (status === 502 || status === 504) return 'upstream_unavailable';
  if (status === 503) return 'service_unavailable';
  return status >= 500 ? 'internal_error' : 'validation_failed';
}
