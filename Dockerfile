# One image for every role of the auditor: `eindex worker`, `eindex schedule`, `eindex serve`, `eindex audit ...`.
# The stages are scripts/setup.sh's steps (and so CI's): its Debian packages, then its `npm ci`. Redis, the
# third thing setup.sh provides, is not in the image: it runs as its own container (compose.yaml).

# Base images are pinned by digest, so a rebuild gets the same Debian until someone moves the pin on purpose
# (scripts/pin-images.sh prints the current digests; docs/service.md, "Image"). The digest below was recorded from a
# public build of debian:bookworm-slim; this project's build machine has no registry access to re-check it.
ARG DEBIAN_IMAGE=debian:bookworm-slim@sha256:3783cc01769c7b2b1b83a5c5ad96c815348e28ed7da68e2e3687004faa906251

# Stage 1, setup.sh's `npm ci`: nodejs/npm only to run npm; the pinned Node 24 comes from the `node` package in
# package.json and is what every role runs on. The lock holds every platform's entry of bullmq's optional native
# addon, so `npm ci` installs exactly the committed tree.
FROM ${DEBIAN_IMAGE} AS deps
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

# Stage 2, setup.sh's Debian packages for running: Chromium from Debian (Playwright and Lighthouse cannot download
# browsers here), CA certificates for https sites, tini as PID 1. Fonts that match what visitors see, because text
# metrics decide reflow, text-resize and contrast checks: Liberation (metric-compatible with Arial, Times New Roman,
# Courier New, the fonts most Latvian public sites name), Noto (wide coverage: every Latvian letter, Cyrillic,
# symbols), DejaVu as the last fallback. (The one step beyond setup.sh: the tests keep setup.sh's DejaVu only, so
# the fixture sites' expected layouts do not depend on which fonts a machine has.) No nodejs/npm: not needed once
# node_modules (with its Node) is built.
FROM ${DEBIAN_IMAGE} AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation2 fonts-noto-core fonts-dejavu-core ca-certificates tini \
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

# Every long-running role answers /healthz (serve on its port, worker on --metrics-port, scheduler on --health-port);
# EINDEX_HEALTH_URL says where, compose.yaml sets it per role. One-shot commands (audit, export) finish first.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/bin/healthcheck.js"]

# tini reaps Chromium's child processes and forwards SIGTERM so workers shut down gracefully.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/src/cli.ts"]
CMD ["--help"]
