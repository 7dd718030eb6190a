// The server's core: what every layer may use (services, HTTP, jobs, scripts). It imports nothing from http/, modules/,
// app or db/ (eslint keeps it so), so a service that throws an AppError does not depend on the HTTP layer.
import mongoose from 'mongoose';
import { ERRORS, type ErrorId, type FieldError } from '@fangxin/shared';

/**
 * A known failure with a stable id from `@fangxin/shared`. Its status comes from the one table in shared;
 * its message is safe to show to the client.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    message?: string,
    readonly extra: { fields?: FieldError[]; retryAfterSeconds?: number; headers?: Record<string, string> } = {},
  ) {
    super(message ?? ERRORS[id].message);
    this.name = 'AppError';
    this.status = ERRORS[id].status;
  }
}

export function appError(id: ErrorId, message?: string, extra?: AppError['extra']): AppError {
  return new AppError(id, message, extra);
}

export const notFound = (what = '资源') => new AppError('not_found', `${what}不存在`);

const SOCKET_ERRORS = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTCONN']);

/** Whether an error says the database could not be reached (mapped to 503 service_unavailable). */
export function isDatabaseDown(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error)) return false;
  // A bulk write (insertMany: the notifications of an order) reports an unreachable database as a MongoBulkWriteError
  // whose `errorResponse` is the server-selection error (found by the database-down fault suite); look inside.
  const inner = [(err as { errorResponse?: unknown }).errorResponse, err.cause];
  if (depth < 3 && inner.some((e) => isDatabaseDown(e, depth + 1))) return true;
  return (
    err instanceof mongoose.mongo.MongoNetworkError ||
    err instanceof mongoose.mongo.MongoServerSelectionError ||
    err.name === 'MongoNotConnectedError' ||
    err.name === 'MongoTopologyClosedError' ||
    err.name === 'MongoPoolClearedError' ||
    /Client must be connected|connection .* closed|Topology is closed/i.test(err.message) ||
    // The driver sometimes lets a raw socket error through (EPIPE when it writes to a connection the database has
    // just closed). The database is the only peer this server talks to over raw sockets; HTTP clients map their own.
    SOCKET_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')
  );
}
