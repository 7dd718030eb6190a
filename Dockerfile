# syntax=docker/dockerfile:1
# The production image of 放心服务 Fangxin Service (docs/DEPLOY.md): the compiled server (server/dist/main.js) with
# its production dependencies only, serving the API, the built admin at /admin/ and the H5 app at /h5/ on one port.
#
#   docker build -t fangxin-service .
#   docker run --env-file <settings> -p 3000:3000 -v fangxin-uploads:/data fangxin-service
#
# It needs a MongoDB (MONGODB_URI) and the production secrets; deploy/compose.yaml runs three instances behind a
# proxy with a three-member replica set.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG PNPM_VERSION=12.21.0

# ---- build: every workspace package installed, then `pnpm build` (server bundle, admin, H5) ----------------------
FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION
# The same pnpm as scripts/setup.sh installs.
RUN npm install -g pnpm@${PNPM_VERSION} --loglevel=error
WORKDIR /src
# Manifests first: the dependency layer is rebuilt only when one of them changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY admin/package.json admin/
COPY miniapp/package.json miniapp/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build
# The server's production dependencies alone (no tsx, no TypeScript, no build tools), in a directory of their own.
RUN pnpm --filter @fangxin/server deploy --prod --legacy /deploy/server

# ---- runtime: node, the bundle, production node_modules, the two built apps; no sources, no package manager -----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# The layout the server expects (server/src/lib/paths.ts): /app/server/dist/main.js, /app/admin/dist, /app/miniapp/dist/h5.
COPY --from=build /deploy/server/package.json server/package.json
COPY --from=build /deploy/server/node_modules server/node_modules
COPY --from=build /src/server/dist server/dist
# The demo history's snapshot (SEED_ON_EMPTY restores it in seconds instead of generating 90 days live).
COPY --from=build /src/server/seed-snapshot server/seed-snapshot
COPY --from=build /src/admin/dist admin/dist
COPY --from=build /src/miniapp/dist/h5 miniapp/dist/h5
# Uploaded photos live under DATA_DIR/uploads: mount a volume there (shared by every instance).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Liveness of this process; the proxy routes by /readyz (database reachable, not draining).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Plain node as the main process: it receives SIGTERM itself and drains before exiting (docs/DEPLOY.md).
CMD ["node", "--enable-source-maps", "server/dist/main.js"]
