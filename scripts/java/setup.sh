#!/usr/bin/env bash
# Makes sure a JDK 17+ and Maven are on the machine, from Debian's packages when missing. The Zipkin server jar
# (scripts/zipkin/fetch.sh), the sample shop (npm run demo) and the Java fixture scripts need both; `npm test`
# itself builds no Java (its Java fixtures are committed). Maven keeps its downloads in ~/.m2, so a machine
# fetches Spring Boot, logback and the Zipkin jar once. Idempotent: returns at once when both are there.
set -euo pipefail

java_ok() {
  command -v java >/dev/null 2>&1 || return 1
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null
}

need=()
java_ok || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
java_ok || { echo "scripts/java/setup.sh: no JDK 17 or newer after installing ${need[*]:-nothing}" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 ||
  { echo "scripts/java/setup.sh: mvn missing after installing ${need[*]:-nothing}" >&2; exit 1; }
