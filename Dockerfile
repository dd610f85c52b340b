# One image for every role of the auditor: `eindex worker`, `eindex schedule`, `eindex serve`, `eindex audit ...`.
# Same Debian packages and install commands as scripts/setup.sh (and so as CI).
FROM debian:bookworm-slim

# Chromium from Debian (Playwright and Lighthouse cannot download browsers here), fonts for text metrics,
# nodejs/npm only to run npm: the pinned Node 24 comes from the `node` package in package.json.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      chromium fonts-dejavu-core ca-certificates nodejs npm tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: see scripts/setup.sh (npm 11 lockfile and bullmq's optional native addon).
RUN npm install --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY config ./config
COPY schema ./schema
COPY demo ./demo
COPY targets.json README.md ./

RUN useradd --system --create-home --home-dir /home/eindex eindex \
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
