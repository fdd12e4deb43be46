#!/usr/bin/env bash
# Validates docker-compose.yml with docker-compose's own parser (no engine needed), in a scratch copy
# where .env comes from .env.example, and checks that the original design's services are all there (three brokers with the cluster file).
set -euo pipefail
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/docker-compose.yml" "$work/"
cp "$root/.env.example" "$work/.env"
cp "$root/docker-compose.cluster.yml" "$work/"
mkdir -p "$work/docker" && cp "$root"/docker/*.Dockerfile "$work/docker/"
services=$(cd "$work" && docker-compose config --services | sort | tr '\n' ' ')
echo "services: $services"
for s in zookeeper kafka cassandra api-emulator init-db producer consumer-1 consumer-2 serve; do
  [[ " $services " == *" $s "* ]] || { echo "missing service $s"; exit 1; }
done
cluster=$(cd "$work" && docker-compose -f docker-compose.yml -f docker-compose.cluster.yml config --services | tr '\n' ' ')
for s in kafka kafka-2 kafka-3; do
  [[ " $cluster " == *" $s "* ]] || { echo "missing broker $s in the cluster file"; exit 1; }
done
echo "docker-compose.yml is valid"
