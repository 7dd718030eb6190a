import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isDatabaseDown } from '../src/core/errors';

/** What the error middleware answers 503 for instead of 500: every shape the driver reports an unreachable database in. */
describe('isDatabaseDown', () => {
  const selection = () => new mongoose.mongo.MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', { error: undefined } as never);

  it('recognises the driver’s network and server-selection errors and raw socket errors', () => {
    expect(isDatabaseDown(selection())).toBe(true);
    expect(isDatabaseDown(new mongoose.mongo.MongoNetworkError('connection 3 to 127.0.0.1:1 closed'))).toBe(true);
    expect(isDatabaseDown(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
  });

  it('recognises a bulk write (insertMany) that failed because the database was unreachable', () => {
    // As the driver throws it from executeCommands: the selection error becomes the bulk error's errorResponse.
    const bulk = new mongoose.mongo.MongoBulkWriteError(selection() as never, { insertedCount: 0 } as never);
    expect(bulk.message).toContain('ECONNREFUSED');
    expect(isDatabaseDown(bulk)).toBe(true);
    expect(isDatabaseDown(new Error('wrapped', { cause: selection() }))).toBe(true);
  });

  it('does not take a real failure for an outage', () => {
    const duplicate = new mongoose.mongo.MongoBulkWriteError({ message: 'E11000 duplicate key', code: 11000, writeErrors: [] } as never, { insertedCount: 0 } as never);
    expect(isDatabaseDown(duplicate)).toBe(false);
    expect(isDatabaseDown(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseDown('ECONNREFUSED')).toBe(false);
  });
});
