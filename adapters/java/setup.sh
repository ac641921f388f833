#!/bin/sh
# Builds the Java adapter into target/ (adapter jar + target/lib/*.jar).
# Idempotent. Once the local Maven repository holds everything, it works
# offline (the first attempt is `mvn -o`).
set -eu
cd "$(dirname "$0")"

MVN="mvn -q -B -Dstyle.color=never"
SDK="com.vwo.sdk:vwo-java-sdk:1.66.0"

if $MVN -o package -DskipTests >/dev/null 2>&1; then
  exit 0
fi

# The SDK under test, pinned, from Maven Central. No other source is used:
# the adapter drives the published package or nothing.
if ! $MVN org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get \
    -Dartifact="$SDK" -Dtransitive=false >/dev/null 2>&1; then
  echo "setup.sh: $SDK is not served by the Maven registry reachable here" \
    "(its metadata lists only 1.10.0); the Java adapter cannot be built." >&2
  exit 3
fi

$MVN package -DskipTests
