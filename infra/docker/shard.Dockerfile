# syntax=docker/dockerfile:1
# Shoal shard worker: hosts index partitions (Faiss IVF-PQ or the exact mock), answers the
# coordinator's searches and applies the shard log.
# Build from the repository root (linux/amd64 only: binding.gyp links Debian's x86_64 libfaiss.a
# and compiles with -march=x86-64-v2):
#   docker build --platform linux/amd64 -f infra/docker/shard.Dockerfile -t shoal/shoal-shard .

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

# The Faiss addon (libs/faiss-native), built as scripts/setup.sh builds it on a Debian host.
FROM ${NODE_IMAGE} AS native
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 libfaiss-dev libopenblas-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Only node-gyp and node-addon-api are needed here: no install script has to run.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/build-native.sh ./scripts/
COPY libs/faiss-native/binding.gyp ./libs/faiss-native/
COPY libs/faiss-native/src/native ./libs/faiss-native/src/native
# Compile against this image's own Node headers rather than downloading them (node-gyp reads
# npm_config_nodedir); the script is what `npm run build:native` runs.
RUN npm_config_nodedir=/usr/local bash scripts/build-native.sh

FROM ${NODE_IMAGE} AS runtime
# The addon links libfaiss statically; `ldd` of shoal_faiss_core.so and shoal_faiss.node lists
# libopenblas.so.0 (libopenblas0-pthread, which brings libgfortran5 and libquadmath0) and
# libgomp.so.1 (libgomp1) besides libstdc++/libgcc/libc, which every Node image already has.
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenblas0-pthread libgomp1 \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 shoal \
 && useradd --system --uid 10001 --gid shoal --home-dir /var/lib/shoal --no-create-home --shell /usr/sbin/nologin shoal \
 && mkdir -p /var/lib/shoal && chown shoal:shoal /var/lib/shoal
WORKDIR /app
# Partitions live under $SHOAL_DATA_DIR/shards/$SHOAL_WORKER_ID: mount a volume there, and set a
# stable SHOAL_WORKER_ID and SHOAL_ADVERTISE_URL per shard (the defaults derive from the host name).
ENV NODE_ENV=production \
    SHOAL_SHARD_HOST=0.0.0.0 \
    SHOAL_SHARD_PORT=7100 \
    SHOAL_DATA_DIR=/var/lib/shoal \
    SHOAL_BACKEND=faiss
COPY --from=deps /app/node_modules ./node_modules
# tsx resolves the @shoal/* path aliases from tsconfig.json (which extends tsconfig.base.json).
COPY package.json tsconfig.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/shard ./apps/shard
# Side by side: shoal_faiss.node finds shoal_faiss_core.so through its $ORIGIN runpath.
COPY --from=native /app/libs/faiss-native/build/Release/shoal_faiss.node /app/libs/faiss-native/build/Release/shoal_faiss_core.so ./libs/faiss-native/build/Release/
USER 10001:10001
EXPOSE 7100
# Slim images have no curl: Node's fetch. Liveness only (readiness depends on Redis, S3 and the log).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SHOAL_SHARD_PORT||7100)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: Node itself receives SIGTERM and runs its graceful shutdown (no shell in between).
# `node --import tsx` runs the TypeScript entry in one process, as libs/local-cluster does.
CMD ["node", "--import", "tsx", "apps/shard/src/main.ts"]
