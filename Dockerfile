# One image for every role of the auditor: `eindex worker`, `eindex schedule`, `eindex serve`, `eindex audit ...`.
# The stages are scripts/setup.sh's steps (and so CI's): its Debian packages, then its `npm ci`. Redis, the
# third thing setup.sh provides, is not in the image: it runs as its own container (compose.yaml).

# Stage 1, setup.sh's `npm ci`: nodejs/npm only to run npm; the pinned Node 24 comes from the `node` package in
# package.json and is what every role runs on. The lock holds every platform's entry of bullmq's optional native
# addon, so `npm ci` installs exactly the committed tree.
FROM debian:bookworm-slim AS deps
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

# Stage 2, setup.sh's Debian packages for running: Chromium from Debian (Playwright and Lighthouse cannot download
# browsers here), fonts for text metrics, CA certificates for https sites; tini as PID 1. No nodejs/npm: not needed
# once node_modules (with its Node) is built.
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY dev ./dev
COPY config ./config
COPY schema ./schema
COPY demo ./demo
COPY targets.json README.md ./

# `eindex` on PATH (npm does not link a package's own bin); its `#!/usr/bin/env node` finds the pinned Node on PATH.
RUN ln -s /app/bin/eindex.js /usr/local/bin/eindex \
 && useradd --system --create-home --home-dir /home/eindex eindex \
 && mkdir -p /data && chown eindex:eindex /data
USER eindex

ENV PATH=/app/node_modules/.bin:$PATH \
    EINDEX_CHROMIUM=/usr/bin/chromium \
    EINDEX_DATA_DIR=/data \
    NODE_ENV=production
VOLUME ["/data"]
EXPOSE 8080

# tini reaps Chromium's child processes and forwards SIGTERM so workers shut down gracefully.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/src/cli.ts"]
CMD ["--help"]
