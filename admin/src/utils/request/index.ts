export { ApiError, toApiError, type ApiErrorInit, type ClientErrorId } from './apiError';
export { createRequestClient, type RequestClient, type RequestClientHooks } from './client';
