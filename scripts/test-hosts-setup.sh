#!/usr/bin/env bash
# Makes real test hosts possible on this machine: a container engine with a Docker API
# socket for Testcontainers, and a local Debian 12 base image (no registry is needed).
# Idempotent: a second run only checks and prints the environment to use.
# Usage: scripts/test-hosts-setup.sh [--quiet]   (prints `export ...` lines on stdout)
set -euo pipefail

BASE_IMAGE="${OML_BASE_IMAGE:-localhost/oml-debian-base:bookworm}"
SOCKET_DIR=/run/podman
SOCKET="$SOCKET_DIR/podman.sock"
MIRROR="${OML_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
log() { printf "[test-hosts-setup] %s\n" "$*" >&2; }
started=$(date +%s)

# A real Docker engine answers: use it and change nothing.
if docker info >/dev/null 2>&1; then
  log "a Docker engine answers; using it as it is"
  echo "export OML_CONTAINER_ENGINE=docker"
  echo "export OML_BASE_IMAGE=debian:bookworm"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (installs packages and starts the podman API service)"; exit 1
fi

need=()
# baresip: the real SIP phone the telephony tests register through Kamailio with
for cmd in podman runc debootstrap curl baresip; do command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd"); done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq podman runc debootstrap curl baresip-core >/var/log/oml-test-hosts-apt.log 2>&1 \
    || { log "apt-get install failed; see /var/log/oml-test-hosts-apt.log"; exit 1; }
fi

# The kernel shifts the clock by the time zone the first time anyone tells it a time zone after
# boot (settimeofday with a zone: its "warp" for clocks kept in local time). systemd as PID 1 tells
# it UTC at boot to prevent that; a machine whose PID 1 is not systemd leaves it to the first
# caller, and a privileged test host setting its zone (timedatectl, the timezone task's tests)
# then moved this machine's clock by hours, and every timeout running at that moment fired
# (seen: +3 h on setting America/Argentina/Cordoba). Tell it UTC first, as systemd does.
reset_timewarp() {
  if command -v python3 >/dev/null 2>&1; then
    python3 - <<'PY' && return 0
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
zone = (ctypes.c_int * 2)(0, 0)   # struct timezone: minutes west 0, no DST
sys.exit(0 if libc.settimeofday(None, zone) == 0 else 1)
PY
  fi
  if command -v gcc >/dev/null 2>&1; then
    local d; d=$(mktemp -d)
    printf '#include <sys/time.h>\nint main(void){struct timezone z={0,0};return settimeofday(0,&z)!=0;}\n' > "$d/tz.c"
    gcc -o "$d/tz" "$d/tz.c" >/dev/null 2>&1 && "$d/tz" && { rm -rf "$d"; return 0; }
    rm -rf "$d"
  fi
  return 1
}
reset_timewarp || log "warning: could not tell the kernel the UTC zone; a test host setting its time zone may move this machine's clock"

# Every systemd host holds several inotify instances; the default 128 per user stops the 20th
# container's systemd at boot (exit 255, no log). Raise the limits when they are lower.
if [ "$(sysctl -n fs.inotify.max_user_instances 2>/dev/null || echo 0)" -lt 8192 ]; then
  sysctl -q -w fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=1048576 >/dev/null 2>&1 \
    || log "could not raise fs.inotify limits: more than ~20 hosts at once may fail to boot"
fi

# crun fails here ("cgroups in hybrid mode") and the default ulimits are refused.
conf=/etc/containers/containers.conf
want=$'[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"'
if [ ! -f "$conf" ] || ! grep -q 'runtime = "runc"' "$conf"; then
  log "writing $conf (runc runtime, no default ulimits)"
  mkdir -p /etc/containers
  printf '%s\n' "$want" > "$conf"
fi

if ! podman image exists "$BASE_IMAGE"; then
  dir=$(mktemp -d /var/tmp/oml-debootstrap.XXXXXX)
  trap 'rm -rf "$dir"' EXIT
  log "building base image $BASE_IMAGE with debootstrap (about a minute)"
  debootstrap --variant=minbase \
    --include=openssh-server,systemd,systemd-sysv,dbus,iproute2,ca-certificates \
    bookworm "$dir" "$MIRROR" >/var/log/oml-debootstrap.log 2>&1 \
    || { log "debootstrap failed; see /var/log/oml-debootstrap.log"; exit 1; }
  tar -C "$dir" -c . | podman import --change 'CMD ["/sbin/init"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir"; trap - EXIT
fi

# The target host image itself (the layer cache makes this a no-op when nothing changed).
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$here/Dockerfile.test" ]; then
  podman build -q -t localhost/oml-test-host:latest --build-arg "BASE=$BASE_IMAGE" -f "$here/Dockerfile.test" "$here/scripts" >/dev/null \
    || { log "building Dockerfile.test failed"; exit 1; }
fi

if ! curl -s --unix-socket "$SOCKET" http://d/_ping 2>/dev/null | grep -q OK; then
  log "starting the podman API service on $SOCKET"
  mkdir -p "$SOCKET_DIR"
  rm -f "$SOCKET"
  nohup podman system service --time=0 "unix://$SOCKET" >/var/log/oml-podman-service.log 2>&1 &
  for _ in $(seq 1 50); do
    curl -s --unix-socket "$SOCKET" http://d/_ping 2>/dev/null | grep -q OK && break
    sleep 0.2
  done
  curl -s --unix-socket "$SOCKET" http://d/_ping 2>/dev/null | grep -q OK \
    || { log "the podman API service did not answer on $SOCKET; see /var/log/oml-podman-service.log"; exit 1; }
fi

log "ready in $(( $(date +%s) - started )) s"
echo "export DOCKER_HOST=unix://$SOCKET"
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
echo "export OML_CONTAINER_ENGINE=podman"
echo "export OML_BASE_IMAGE=$BASE_IMAGE"
