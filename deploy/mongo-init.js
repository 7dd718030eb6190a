// One-shot set-up of the MongoDB replica set in deploy/compose.yaml, run by mongosh inside mongo1's network namespace
// (so it connects over localhost) each time the stack is brought up. Safe to run again: it does only what is missing.
//   first run   no users yet: MongoDB's localhost exception lets this connection initiate the replica set and create
//               the first user (root); everything after that is done as root
//   later runs  signs in as root; keeps the application user's password and roles as deploy/.env says (rotation)
/* global db, rs, sleep, print */
const env = process.env;
const need = (name) => {
  if (!env[name]) throw new Error(`mongo-init: ${name} is not set (deploy/.env)`);
  return env[name];
};
const ROOT_USER = need('MONGO_ROOT_USER');
const ROOT_PASSWORD = need('MONGO_ROOT_PASSWORD');
const APP_USER = need('MONGO_APP_USER');
const APP_PASSWORD = need('MONGO_APP_PASSWORD');
const APP_DB = need('MONGODB_DB');

const admin = db.getSiblingDB('admin');

function signedInAsRoot() {
  try {
    return admin.auth(ROOT_USER, ROOT_PASSWORD).ok === 1;
  } catch {
    return false; // no such user yet (first run)
  }
}

function waitForPrimary() {
  for (let i = 0; i < 120; i++) {
    if (db.hello().isWritablePrimary) return;
    sleep(1000);
  }
  throw new Error('mongo-init: mongo1 did not become primary within 2 minutes');
}

if (!signedInAsRoot()) {
  try {
    rs.initiate({
      _id: 'rs0',
      members: [
        // mongo1 is preferred as primary; any member takes over when it is down.
        { _id: 0, host: 'mongo1:27017', priority: 2 },
        { _id: 1, host: 'mongo2:27017', priority: 1 },
        { _id: 2, host: 'mongo3:27017', priority: 1 },
      ],
    });
    print('mongo-init: replica set rs0 initiated');
  } catch (err) {
    if (err.codeName !== 'AlreadyInitialized') throw err;
  }
  waitForPrimary();
  admin.createUser({ user: ROOT_USER, pwd: ROOT_PASSWORD, roles: ['root'] });
  print(`mongo-init: user ${ROOT_USER} (root) created`);
  if (!signedInAsRoot()) throw new Error('mongo-init: cannot sign in as the root user just created');
}

waitForPrimary();
// The server reads and writes its database and builds its indexes at start (syncIndexes: createIndex, dropIndex).
const appRoles = [
  { role: 'readWrite', db: APP_DB },
  { role: 'dbAdmin', db: APP_DB },
];
if (admin.getUser(APP_USER)) {
  admin.updateUser(APP_USER, { pwd: APP_PASSWORD, roles: appRoles });
  print(`mongo-init: user ${APP_USER} brought up to date (password and roles on ${APP_DB})`);
} else {
  admin.createUser({ user: APP_USER, pwd: APP_PASSWORD, roles: appRoles });
  print(`mongo-init: user ${APP_USER} created (readWrite, dbAdmin on ${APP_DB})`);
}
print('mongo-init: ready');
