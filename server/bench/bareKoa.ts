/**
 * The floors for `pnpm bench`, run as their own process the way the real server is:
 * - `GET /`: a bare Koa app answering a small JSON document, so each endpoint's HTTP and framework overhead can be
 *   read as a ratio to it;
 * - `GET /orders/:orderId/as/:userId` (when FLOOR_MONGODB_URI is set): bare Koa making the order page's two keyed
 *   reads through the driver exactly as the direct side does (the user by _id with the auth projection, then the
 *   order by _id) and answering the order: the least any HTTP server can add to those reads on this machine, next to
 *   which the real endpoint's ratio can be read.
 * Listens on a free port and prints its URL as the first line of stdout.
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';

// The driver only for the reads floor, so the bare floor's memory stays Koa's own.
const uri = process.env.FLOOR_MONGODB_URI;
const { default: mongoose } = uri ? await import('mongoose') : { default: null };
const { USER_PROJECTION } = uri ? await import('./endpoints') : { USER_PROJECTION: null };
const db = uri && mongoose ? (await new mongoose.mongo.MongoClient(uri, { maxPoolSize: 50 }).connect()).db(process.env.FLOOR_MONGODB_DB) : null;
const ORDER_AS_USER = /^\/orders\/([0-9a-f]{24})\/as\/([0-9a-f]{24})$/;

const app = new Koa();
app.use(async (ctx) => {
  const m = db ? ORDER_AS_USER.exec(ctx.path) : null;
  if (m && db && mongoose) {
    const { ObjectId } = mongoose.mongo;
    const user = await db.collection('users').findOne({ _id: new ObjectId(m[2]) }, USER_PROJECTION!);
    const order = user ? await db.collection('orders').findOne({ _id: new ObjectId(m[1]) }) : null;
    ctx.status = order ? 200 : 404;
    ctx.body = order ?? { error: 'not found' };
    return;
  }
  ctx.body = { ok: true, service: 'fangxin', at: new Date().toISOString() };
});
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
server.keepAliveTimeout = 5_000; // as the real server (src/server.ts)
process.on('SIGTERM', () => server.close(() => process.exit(0)));
