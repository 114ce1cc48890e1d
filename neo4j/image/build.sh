#!/usr/bin/env bash
# Builds the local Neo4j test image without pulling anything:
#   1. a Debian bookworm rootfs with Java 17 (debootstrap), imported as
#      $BASE_IMAGE with `docker import` (once; it does not change);
#   2. FROM it, the Maven-assembled server and the entry point (package
#      localneo4j, which embeds the cypher/ library for the Browser guide).
# The image is rebuilt only when its inputs change: their hash is the
# image's label io.chokepoint.inputs.
# Usage: neo4j/image/build.sh [IMAGE]   (run from anywhere; needs root for debootstrap)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
image=${1:-${NEO4J_LOCAL_IMAGE:-chokepoint/neo4j:5.26-local}}
base=${BASE_IMAGE:-chokepoint/debian-jre17:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
lib=${CHOKEPOINT_NEO4J_LIB:-}

say() { printf 'neo4j image: %s\n' "$*" >&2; }

docker info >/dev/null 2>&1 || { say "no Docker engine answers (start dockerd, or run .ci/deps)"; exit 1; }

inputs=$(cd "$repo" && cat neo4j/pom.xml neo4j/*.go neo4j/image/Dockerfile neo4j/image/entrypoint/*.go cypher/*.go cypher/*.cypher cypher/schema/*.cypher go.mod go.sum | sha256sum | cut -c1-16)
have=$(docker image inspect --format '{{ index .Config.Labels "io.chokepoint.inputs" }}' "$image" 2>/dev/null || true)
if [ "$have" = "$inputs" ]; then
  say "$image is up to date ($inputs)"
  exit 0
fi

start=$(date +%s)
if ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { say "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
  rootfs=$(mktemp -d /tmp/chokepoint-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  say "debootstrap bookworm with openjdk-17-jre-headless into $rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
  rm -f "$rootfs.log"
  say "imported $base in $(( $(date +%s) - start )) s"
fi

ctx=$(mktemp -d /tmp/chokepoint-image.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
if [ -z "$lib" ]; then
  lib=$(cd "$repo" && go run . neo4j assemble)
fi
cp -al "$lib" "$ctx/lib" 2>/dev/null || cp -a "$lib" "$ctx/lib"
(cd "$repo" && CGO_ENABLED=0 go build -trimpath -o "$ctx/neo4j-entrypoint" ./neo4j/image/entrypoint)
cp "$here/Dockerfile" "$ctx/Dockerfile"
# The legacy builder takes a local base image without pulling; its
# deprecation notice is noise here, so its output shows only on failure.
docker build -q --build-arg BASE="$base" --label io.chokepoint.inputs="$inputs" -t "$image" "$ctx" >"$ctx.log" 2>&1 \
  || { cat "$ctx.log" >&2; rm -f "$ctx.log"; exit 1; }
rm -f "$ctx.log"
say "built $image ($inputs) in $(( $(date +%s) - start )) s"
