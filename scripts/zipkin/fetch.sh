#!/usr/bin/env bash
# Fetches the Zipkin server (the exec jar of io.zipkin:zipkin-server, pinned) with Maven into .cache/zipkin/, for
# the tests and the demo that run a real Zipkin. Idempotent: once the jar is there and matches Maven's checksum,
# it exits at once, so a machine fetches it once. Prints the jar's path on stdout, progress on stderr.
set -euo pipefail

VERSION="${ZIPKIN_VERSION:-3.5.1}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/.cache/zipkin"
JAR="$DEST/zipkin-server-$VERSION-exec.jar"
SUM="$JAR.sha1"

matches() {
  [ -s "$JAR" ] && [ -s "$SUM" ] && [ "$(sha1sum "$JAR" | cut -d' ' -f1)" = "$(cut -c1-40 "$SUM")" ]
}

if matches; then
  echo "$JAR"
  exit 0
fi

command -v mvn >/dev/null || { echo "fetch.sh: mvn not found; install Maven (apt-get install maven)" >&2; exit 1; }
command -v java >/dev/null ||
  { echo "fetch.sh: java not found; install a JDK 17 (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

mkdir -p "$DEST"
TMP="$(mktemp -d "$DEST/.fetch.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
echo "fetching io.zipkin:zipkin-server:$VERSION:jar:exec with Maven" >&2
# dependency:copy resolves through the local repository (~/.m2), so a jar Maven already has is not downloaded again.
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="io.zipkin:zipkin-server:$VERSION:jar:exec" -DoutputDirectory="$TMP" -Dmdep.useBaseVersion=true >&2
got="$TMP/zipkin-server-$VERSION-exec.jar"
[ -s "$got" ] || { echo "fetch.sh: Maven finished but $got is missing" >&2; exit 1; }

# Maven checked the download against Central's .sha1; keep that sum beside the jar for the check above.
m2sum="$(mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || true)"
m2sum="${m2sum:-$HOME/.m2/repository}/io/zipkin/zipkin-server/$VERSION/zipkin-server-$VERSION-exec.jar.sha1"
if [ -s "$m2sum" ]; then
  [ "$(sha1sum "$got" | cut -d' ' -f1)" = "$(cut -c1-40 "$m2sum")" ] ||
    { echo "fetch.sh: $got does not match Maven's checksum $m2sum" >&2; exit 1; }
fi
sha1sum "$got" | cut -d' ' -f1 > "$TMP/sum"
mv "$got" "$JAR"
mv "$TMP/sum" "$SUM"
echo "$JAR"
