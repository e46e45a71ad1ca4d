#!/usr/bin/env bash
# The release check CI runs after the tests: builds the packages (scripts/package.sh), then on a
# clean Debian 12 and a clean Debian 13 (containers with no JDK and no network) installs the .deb
# with dpkg and runs `deploy --version`, `deploy --help`, `deploy inventory check` on the example
# inventory, `man deploy`, the bash completion, and removes the package; on Debian 13 also the
# tarball. Exits non-zero when anything fails; the last line counts the checks.
# Images: localhost/oml-debian-minbase:SUITE, debootstrap minbase + man-db, made once and kept.
# Usage: scripts/package-check.sh [--no-package]   (--no-package: check the target/dist/ there is)
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf "[package-check] %s\n" "$*" >&2; }
MIRROR="${OML_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITES=(bookworm trixie)

if [ "${1:-}" != --no-package ]; then
  bash scripts/package.sh >/dev/null
fi
debs=(target/dist/oml-deploy_*_amd64.deb)
tarballs=(target/dist/oml-deploy-*-linux-x64.tar.gz)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ] || [ ${#tarballs[@]} -ne 1 ] || [ ! -f "${tarballs[0]}" ]; then
  log "expected one .deb and one tarball in target/dist/ (scripts/package.sh makes them)"; exit 1
fi
deb=$(basename "${debs[0]}")
tarball=$(basename "${tarballs[0]}")

# podman, runc, debootstrap and the containers.conf this machine needs (see docs/testing.md).
eval "$(bash scripts/test-hosts-setup.sh)"
engine=${OML_CONTAINER_ENGINE:-podman}

image_for() {
  local suite=$1 image dir
  image="localhost/oml-debian-minbase:$suite"
  if ! "$engine" image inspect "$image" >/dev/null 2>&1; then
    command -v debootstrap >/dev/null || { apt-get update -qq >&2 && apt-get install -y -qq debootstrap >&2; }
    dir=$(mktemp -d /var/tmp/oml-minbase.XXXXXX)
    log "building $image with debootstrap (once; a minute or two)"
    if ! debootstrap --variant=minbase --include=man-db "$suite" "$dir" "$MIRROR" >"/var/log/oml-debootstrap-$suite.log" 2>&1; then
      rm -rf "$dir"; log "debootstrap $suite failed; see /var/log/oml-debootstrap-$suite.log"; exit 1
    fi
    tar -C "$dir" -c . | "$engine" import - "$image" >/dev/null
    rm -rf "$dir"
  fi
  echo "$image"
}

# Runs inside the container: one line per check, "ok NAME" or "FAIL NAME", then the output of
# what failed. $1: the .deb, $2: the tarball or empty.
read -r -d '' checks <<'INSIDE' || true
export MANPAGER=cat MANWIDTH=100 LC_ALL=C.UTF-8
out=$(mktemp)
check() {
  name=$1; shift
  if "$@" >"$out" 2>&1; then echo "ok $name"; else echo "FAIL $name"; sed 's/^/    /' "$out" | tail -20; fi
}
. /etc/os-release
echo "on $PRETTY_NAME"
check "no Java before the install" sh -c '! command -v java && ! ls /usr/lib/jvm 2>/dev/null | grep -q .'
check "dpkg -i $(basename "$1")" dpkg -i "$1"
check "deploy on PATH is /usr/bin/deploy" sh -c '[ "$(command -v deploy)" = /usr/bin/deploy ]'
check "deploy --version" sh -c 'deploy --version | tee /dev/stderr | grep -q "^oml-deploy [0-9]" && deploy --version | grep -q "in /usr/lib/oml-deploy/runtime"'
check "deploy --help" sh -c 'deploy --help | grep -q "^Usage: deploy"'
check "deploy inventory check (example)" sh -c 'cd /tmp && deploy inventory check /usr/share/doc/oml-deploy/inventory.example.ini | grep -q ": ok ("'
check "deploy inventory check (an error: exit 2)" sh -c 'printf "[omnileads_aio]\n" > /tmp/bad.ini; deploy inventory check /tmp/bad.ini; [ $? -eq 2 ]'
check "start-up archive made by postinst" test -s /usr/lib/oml-deploy/lib/oml-deploy.jsa
check "man deploy" sh -c 'man deploy | grep -q "OMniLeads" && man deploy-inventory-check | grep -q "inventory"'
check "bash completion" bash -c 'source /usr/share/bash-completion/completions/deploy && complete -p deploy | grep -q _complete_deploy'
check "zsh completion file" grep -q "^#compdef deploy" /usr/share/zsh/vendor-completions/_deploy
check "dpkg -r leaves nothing" sh -c 'dpkg -r oml-deploy && [ ! -e /usr/lib/oml-deploy ] && [ ! -e /usr/bin/deploy ]'
if [ -n "$2" ]; then
  mkdir -p /opt && tar -C /opt -xzf "$2"
  t=$(ls -d /opt/oml-deploy-*)
  check "tarball: bin/deploy --version (first run makes the archive)" sh -c "'$t/bin/deploy' --version | grep -q 'in $t/runtime' && test -s '$t/lib/oml-deploy.jsa'"
  check "tarball: inventory check" sh -c "'$t/bin/deploy' inventory check '$t/share/doc/oml-deploy/inventory.example.ini' | grep -q ': ok ('"
  check "tarball: man -l" sh -c "man -l '$t/share/man/man1/deploy.1' | grep -q OMniLeads"
fi
INSIDE

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for suite in "${SUITES[@]}"; do
  image=$(image_for "$suite")
  with_tarball=
  [ "$suite" = "${SUITES[-1]}" ] && with_tarball="/dist/$tarball"
  log "checking $deb on $image"
  if ! "$engine" run --rm --network none -v "$PWD/target/dist:/dist:ro" "$image" \
      bash -c "$checks" check "/dist/$deb" "$with_tarball" | sed "s/^/[$suite] /" | tee -a "$results"; then
    echo "[$suite] FAIL the container did not run" | tee -a "$results"
  fi
done

passed=$(grep -c '^\[[a-z]*\] ok ' "$results" || true)
failed=$(grep -c '^\[[a-z]*\] FAIL ' "$results" || true)
echo "package-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
