#!/usr/bin/env bash
# Prints the current digest of each base image the Dockerfile and compose.yaml pin, to move a pin on purpose (needs
# registry access and docker buildx). Paste the digests into Dockerfile (ARG DEBIAN_IMAGE) and compose.yaml.
set -euo pipefail
for image in debian:bookworm-slim redis:7.2-bookworm postgres:16.6-bookworm "$@"; do
  digest=$(docker buildx imagetools inspect "$image" --format '{{json .Manifest.Digest}}' | tr -d '"')
  echo "$image@$digest"
done
