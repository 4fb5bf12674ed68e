# syntax=docker/dockerfile:1
# Shoal coordinator: the public REST API (routing, fan-out, merge, job producer).
# Build from the repository root:
#   docker build -f infra/docker/coordinator.Dockerfile -t shoal/shoal-coordinator .
# No Faiss here: the coordinator never loads the native addon (Nx boundary scope:coordinator),
# so this image has neither libfaiss nor a compiler.

ARG NODE_IMAGE=node:20-bookworm-slim

# Production node_modules. npm 11 is the npm the lockfile was written with, and it honours
# package.json's allowScripts (esbuild and nx run, msgpackr-extract and @scarf/scarf do not);
# the npm 10 of the Node 20 image would run every install script.
FROM ${NODE_IMAGE} AS deps
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund npm@${NPM_VERSION}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
RUN groupadd --system --gid 10001 shoal \
 && useradd --system --uid 10001 --gid shoal --home-dir /var/lib/shoal --no-create-home --shell /usr/sbin/nologin shoal \
 && mkdir -p /var/lib/shoal && chown shoal:shoal /var/lib/shoal
WORKDIR /app
# SHOAL_DATA_DIR matters only with SHOAL_STORAGE=fs; the compose file and the chart use S3.
ENV NODE_ENV=production \
    SHOAL_HOST=0.0.0.0 \
    SHOAL_PORT=7700 \
    SHOAL_DATA_DIR=/var/lib/shoal
COPY --from=deps /app/node_modules ./node_modules
# tsx resolves the @shoal/* path aliases from tsconfig.json (which extends tsconfig.base.json);
# package.json gives /v1/info its version.
COPY package.json tsconfig.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/coordinator ./apps/coordinator
USER 10001:10001
EXPOSE 7700
# Slim images have no curl: Node's fetch. Liveness only (readiness depends on Redis, S3 and shards).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SHOAL_PORT||7700)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: Node itself receives SIGTERM and runs its graceful shutdown (no shell in between).
# `node --import tsx` runs the TypeScript entry in one process, as libs/local-cluster does.
CMD ["node", "--import", "tsx", "apps/coordinator/src/main.ts"]
