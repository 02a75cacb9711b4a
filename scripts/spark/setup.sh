#!/usr/bin/env bash
# Installs what tests/spark.rs needs: a Java runtime (Debian's, when `java` is missing) and
# pyspark (pinned) in a virtualenv shared by every checkout of the machine:
# ${CORSDX_SPARK_VENV:-$HOME/.cache/corsdx/spark-venv}. Idempotent; used by .ci/run.
set -euo pipefail

PYSPARK_VERSION=4.0.1
VENV="${CORSDX_SPARK_VENV:-$HOME/.cache/corsdx/spark-venv}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v java >/dev/null 2>&1; then
  # Spark 4 runs on Java 17 or 21: Debian 12 ships 17, Debian 13 ships 21 as the default.
  apt_install default-jre-headless || apt_install openjdk-17-jre-headless
fi
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_install python3 python3-venv
fi
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" >/dev/null 2>&1; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "pyspark==$PYSPARK_VERSION"
fi
java -version 2>&1 | head -1
"$VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'
