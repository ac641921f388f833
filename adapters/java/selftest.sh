#!/bin/sh
# Builds the adapter (setup.sh) and runs its self-test, which ends with
# "N passed, N failed" and exits non-zero when a check failed.
set -eu
cd "$(dirname "$0")"
sh setup.sh
exec java -Dfile.encoding=UTF-8 -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp 'target/vwo-conform-java-adapter.jar:target/lib/*' conform.Adapter --self-test
