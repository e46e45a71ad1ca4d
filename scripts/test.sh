#!/usr/bin/env bash
# The project's test command (README): sets up real test hosts (podman + base image, or a
# Docker engine), then runs every test, unit and on hosts. Extra arguments go to Maven,
# e.g. `scripts/test.sh -DexcludedGroups=hosts` for unit tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
setup=(bash scripts/test-hosts-setup.sh)
if [ "$(id -u)" -ne 0 ]; then setup=(sudo bash scripts/test-hosts-setup.sh); fi
eval "$("${setup[@]}")"
exec mvn -B -ntp test "$@"
