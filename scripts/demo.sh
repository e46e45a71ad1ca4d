#!/usr/bin/env bash
# The README's main command: on a fresh Debian 12 machine, sets up local test hosts, builds the
# deployer, and runs `./deploy demo` (lab hosts + install with the stand-in release).
# Arguments go to `deploy demo`, e.g. --topology aio, --check, --json.
set -euo pipefail
cd "$(dirname "$0")/.."
setup=(bash scripts/test-hosts-setup.sh)
if [ "$(id -u)" -ne 0 ]; then setup=(sudo bash scripts/test-hosts-setup.sh); fi
eval "$("${setup[@]}")"
command -v mvn >/dev/null || { echo "demo: Maven is missing: apt-get install maven openjdk-17-jdk-headless" >&2; exit 2; }
[ -f target/oml-deploy.jar ] && [ -z "$(find src roles pom.xml -newer target/oml-deploy.jar -print -quit)" ] \
  || mvn -q -B package -DskipTests
exec ./deploy demo "$@"
