#!/usr/bin/env bash
# Validates docker-compose.yml with docker-compose's own parser (no engine needed), in a scratch copy
# where .env comes from .env.example, and checks that the original design's services are all there.
set -euo pipefail
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/docker-compose.yml" "$work/"
cp "$root/.env.example" "$work/.env"
mkdir -p "$work/docker" && cp "$root/docker/Dockerfile" "$work/docker/"
services=$(cd "$work" && docker-compose config --services | sort | tr '\n' ' ')
echo "services: $services"
for s in zookeeper kafka cassandra init-db producer consumer; do
  [[ " $services " == *" $s "* ]] || { echo "missing service $s"; exit 1; }
done
echo "docker-compose.yml is valid"
