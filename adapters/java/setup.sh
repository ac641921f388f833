#!/bin/sh
# Builds the Java adapter into target/ (adapter jar + target/lib/*.jar).
# Idempotent. Once the local Maven repository holds everything, it works
# offline (the first attempt is `mvn -o`).
#
# The SDK release is pom.xml's <vwo.sdk.version>, the one place it is
# written; to move to another release, change it there (README.md, "Moving
# to another release").
set -eu
cd "$(dirname "$0")"

MVN="mvn -q -B -Dstyle.color=never"
VERSION=$(sed -n 's:.*<vwo\.sdk\.version>\(.*\)</vwo\.sdk\.version>.*:\1:p' pom.xml)
SDK="com.vwo.sdk:vwo-java-sdk:$VERSION"

if $MVN -o package -DskipTests >/dev/null 2>&1; then
  exit 0
fi

# The SDK under test, pinned, from the Maven registry. No other source is
# used: the adapter drives the published package or nothing.
if ! $MVN org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get \
    -Dartifact="$SDK" -Dtransitive=false >/dev/null 2>&1; then
  echo "setup.sh: $SDK is not served by the Maven registry reachable here;" \
    "the Java adapter cannot be built (README.md, \"Moving to another release\")." >&2
  exit 3
fi

$MVN package -DskipTests
