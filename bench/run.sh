#!/usr/bin/env bash
# The benchmark of issue 8: oml-deploy against Ansible, the same 39 tasks on the same kind of
# fresh local Debian 12 hosts (podman containers), alternating the two tools, several rounds,
# then the converged re-run on 5, 10 and 20 hosts; with --full-stack, also the converged re-run
# of `deploy -i -a` on cluster-in-5. See bench/README.md.
#
#   bench/run.sh [--rounds N] [--quick] [--wait-load L] [--forks N] [--deploy PATH] [--keep-sessions S]
#                [--scale-repeats N] [--scale-settle L] [--scale-ours-only] [--full-stack | --full-stack-lab DIR]
#
# Run as root from a clone of oml-deploy with ../shared/bench/ansible-synthetic beside it.
# The last line printed is exactly
#   converged ratio: R1x, first-run ratio: R2x, round trips per host: N
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
ansible_dir=${OML_BENCH_ANSIBLE_DIR:-$repo/../shared/bench/ansible-synthetic}
deploy=$repo/deploy
rounds=3
quick=0
wait_load=""
forks=""
scale_sizes=(5 10 20)
image=localhost/oml-bench-host:latest
label=org.omnileads.deploy.bench

full_stack=0
full_stack_lab=""
scale_repeats=""
scale_settle=1.0
scale_ansible=1
# Ours keeps its sessions between runs as long as the Ansible side's ControlPersist (ansible.cfg: 60s).
keep_sessions=60
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --quick) quick=1; rounds=1; shift ;;
    --wait-load) wait_load=${2:?--wait-load needs a load average, e.g. 1.5}; shift 2 ;;
    --forks) forks=${2:?--forks needs a number}; shift 2 ;;
    --keep-sessions) keep_sessions=${2:?--keep-sessions needs a number of seconds (0: none)}; shift 2 ;;
    --deploy) deploy=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --full-stack) full_stack=1; shift ;;
    --scale-repeats) scale_repeats=${2:?--scale-repeats needs a number}; shift 2 ;;
    --scale-settle) scale_settle=${2:?--scale-settle needs a load average, e.g. 1.0}; shift 2 ;;
    --scale-ours-only) scale_ansible=0; shift ;;
    --full-stack-lab) full_stack_lab=$(cd "${2:?--full-stack-lab needs the lab folder of scripts/demo.sh}" && pwd); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rounds must be a positive number" >&2; exit 2; }
[[ $keep_sessions =~ ^[0-9]+$ ]] || { echo "run.sh: --keep-sessions must be a number of seconds" >&2; exit 2; }
scale_repeats=${scale_repeats:-$rounds}
[[ $scale_repeats =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --scale-repeats must be a positive number" >&2; exit 2; }
for l in "$wait_load" "$scale_settle"; do
  [ -z "$l" ] || [[ $l =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "run.sh: a load average is a number such as 1.5, not $l" >&2; exit 2; }
done
if [ -n "$full_stack_lab" ]; then
  [ $full_stack -eq 0 ] || { echo "run.sh: --full-stack and --full-stack-lab exclude each other" >&2; exit 2; }
  [ -f "$full_stack_lab/inventory" ] && [ -f "$full_stack_lab/passwords" ] \
    || { echo "run.sh: $full_stack_lab has no inventory and passwords (make it with scripts/demo.sh --topology cluster-in-5)" >&2; exit 2; }
fi
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (installs packages, runs podman)"
[ -f "$ansible_dir/play.yml" ] && [ -f "$ansible_dir/ansible.cfg" ] && [ -f "$ansible_dir/inventory.template.ini" ] \
  || die "the Ansible side is missing: $ansible_dir (set OML_BENCH_ANSIBLE_DIR)"

# ---------------------------------------------------------------- what the benchmark needs
need=()
command -v ansible-playbook >/dev/null || need+=(ansible-core)
command -v sshpass >/dev/null || need+=(sshpass)
command -v gnuplot >/dev/null || need+=(gnuplot-nox)
[ -x /usr/bin/time ] || need+=(time)
python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
if [ ! -f "$repo/target/oml-deploy.jar" ] && [ "$deploy" = "$repo/deploy" ]; then
  command -v mvn >/dev/null || need+=(maven)
  command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >/var/log/oml-bench-apt.log 2>&1 || die "apt-get install failed; see /var/log/oml-bench-apt.log"
fi

log "setting up the container engine (scripts/test-hosts-setup.sh)"
eval "$(bash "$repo/scripts/test-hosts-setup.sh")"
engine=${OML_CONTAINER_ENGINE:-podman}
rm_args=(rm -f); [ "$engine" = podman ] && rm_args=(rm -f -t 0)

if ! "$deploy" apply --help >/dev/null 2>&1; then
  [ "$deploy" = "$repo/deploy" ] || die "$deploy has no apply command"
  log "building the deployer jar (mvn package)"
  (cd "$repo" && mvn -q -B package -DskipTests) >&2
  "$deploy" apply --help >/dev/null 2>&1 || die "the built jar has no apply command"
fi

# ---------------------------------------------------------------- working folder, clean-up
run_id=$(date +%H%M%S)-$$
work=$(mktemp -d /tmp/oml-bench.XXXXXX)     # 0700: inventories and password files live here
# Our session keeper of this run only (its socket folder inside the work folder), closed at the end.
export OML_DEPLOY_SESSIONS_DIR=$work/sessions
stamp=$(date -u +%Y%m%d-%H%M%S)
results=$here/results
out=$results/$stamp
mkdir -p "$out/logs"
tsv=$out/times.tsv
printf 'tool\tkind\thosts\tround\tseconds\trss_kb\ttrips\tchanged\tload1\trun_s\tkeeper_kb\n' > "$tsv"

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  local pids; pids=$(jobs -pr); if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
  close_sessions
  # Ansible's ControlPersist masters of this run's hosts (their sockets are in our folder).
  for s in "$work"/*/cp/*; do if [ -S "$s" ]; then ssh -o ControlPath="$s" -O exit bench >/dev/null 2>&1 || true; fi; done
  # The full-stack lab of this run (never a lab given with --full-stack-lab).
  if [ -f "$work/lab/inventory" ]; then log "removing the full-stack lab hosts"; "$deploy" lab down --dir "$work/lab" >&2 || true; fi
  local ids; ids=$("$engine" ps -aq --filter "label=$label.run=$run_id" 2>/dev/null || true)
  if [ -n "$ids" ]; then log "removing the bench hosts"; "$engine" "${rm_args[@]}" $ids >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  exit "$code"
}
# Ends our session keeper (none kept: nothing to do); each round's first run then starts without one.
close_sessions() { "$deploy" sessions --close >/dev/null 2>&1 || true; }

# The keeper's resident memory now, in kB ("-" when none runs).
keeper_rss() {
  local p; p=$(pgrep -f "org.omnileads.deploy.ssh.SessionKeeper $OML_DEPLOY_SESSIONS_DIR" | head -1 || true)
  if [ -n "$p" ] && [ -r "/proc/$p/status" ]; then awk '/^VmRSS:/ {print $2}' "/proc/$p/status"; else echo -; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

log "building $image from bench/Dockerfile.bench"
mkdir -p "$work/image" && cp "$here/Dockerfile.bench" "$work/image/Dockerfile"
"$engine" build -q -t "$image" "$work/image" >/dev/null || die "building $image failed"
# The hosts' package lists as on a host provisioned shortly before (cloud-init refreshes them at first
# boot): refreshed within the last 30 minutes, so that neither tool refreshes them (Ansible's play never
# does; ours does when they are older than an hour). An image whose lists are older is built again.
lists_age() { echo $(( $(date +%s) - $("$engine" run --rm "$image" stat -c %Y /var/lib/apt/lists) )); }
if [ "$(lists_age)" -gt 1800 ]; then
  log "the image's package lists are older than 30 minutes: building it again without the layer cache"
  "$engine" build -q --no-cache -t "$image" "$work/image" >/dev/null || die "building $image failed"
fi
lists_refreshed=$(date -u -d "@$(( $(date +%s) - $(lists_age) ))" +%H:%M)

# Our roles folder: the bench role of roles/bench and a site that runs it on every host.
mkdir -p "$work/roles"
printf -- '# written by bench/run.sh: the benchmark role on every host\n- {role: bench, on: all}\n' > "$work/roles/site.yaml"
role_src=$repo/roles/bench
[ -f "$here/roles/bench/tasks.yaml" ] && role_src=$here/roles/bench
cp -r "$role_src" "$work/roles/bench"
ntasks=$(python3 "$here/bench.py" tasks "$ansible_dir/play.yml" "$work/roles/bench/tasks.yaml") \
  || die "$role_src/tasks.yaml does not match play.yml one for one"
log "$ntasks tasks on each side ($role_src/tasks.yaml, $ansible_dir/play.yml)"

# settle WHAT BELOW MINUTES: wait until the 1-minute load average is below BELOW (MINUTES at most)
# before timing WHAT.
settle() {
  local what=$1 max=$2 i
  for i in $(seq 1 $(($3 * 6))); do
    awk -v max="$max" '{exit !($1 < max)}' /proc/loadavg && return 0
    [ $((i % 3)) -eq 1 ] && log "waiting for a quieter machine before $what: load $(cut -d' ' -f1-3 /proc/loadavg), want below $max"
    sleep 10
  done
  log "the load stayed at $(cut -d' ' -f1 /proc/loadavg) (want below $max); timing $what anyway"
}
[ -n "$wait_load" ] && settle "the benchmark" "$wait_load" 20

# ---------------------------------------------------------------- bench hosts
new_password() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# start_hosts SET COUNT PASSWORD: fresh containers SET-h1..hCOUNT, ready for SSH with PASSWORD for root;
# writes $work/SET/addresses, $work/SET/passwords (0600) and inventories for every scale size up to COUNT.
start_hosts() {
  local set=$1 count=$2 pw=$3 dir=$work/$1 i
  mkdir -p "$dir/cp" && chmod 700 "$dir"
  local pids=()
  for i in $(seq 1 "$count"); do
    "$engine" run -d --name "omlbench-$run_id-$set-h$i" --hostname "h$i" --privileged \
      --label "$label=1" --label "$label.run=$run_id" "$image" /sbin/init >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "starting a container of $set failed"; done
  pids=()
  for i in $(seq 1 "$count"); do host_ready "omlbench-$run_id-$set-h$i" "$pw" > "$dir/address-$i" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || die "a host of $set did not come up"; done
  (umask 077; : > "$dir/passwords"; for i in $(seq 1 "$count"); do printf 'host%d=%s\n' "$i" "$pw" >> "$dir/passwords"; done)
  : > "$dir/addresses"; for i in $(seq 1 "$count"); do cat "$dir/address-$i" >> "$dir/addresses"; done
  local n; for n in "${scale_sizes[@]}" "$count"; do if [ "$n" -le "$count" ]; then write_inventory "$dir" "$n" "$pw"; fi; done
  return 0
}

# host_ready CONTAINER PASSWORD: waits for systemd, sets the root password (stdin, never argv), waits for sshd; prints the address.
host_ready() {
  local c=$1 pw=$2 state="" addr="" t
  local deadline=$((SECONDS + 180))
  while [ $SECONDS -lt $deadline ]; do
    state=$(timeout 10 "$engine" exec "$c" systemctl is-system-running --wait 2>/dev/null || true)
    case $state in running|degraded) break ;; esac
    sleep 0.5
  done
  case $state in
    running|degraded) ;;
    *) log "$c: systemd did not finish booting in 180 s ($state); waiting jobs:"
       timeout 10 "$engine" exec "$c" systemctl list-jobs --no-pager >&2 || true
       return 1 ;;
  esac
  printf 'root:%s\n' "$pw" | "$engine" exec -i "$c" chpasswd || { log "$c: chpasswd failed"; return 1; }
  addr=$("$engine" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$c" | awk '{print $1}')
  [ -n "$addr" ] || { log "$c: no address"; return 1; }
  for t in $(seq 1 100); do
    if timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/22" && head -c 4 <&3' _ "$addr" 2>/dev/null | grep -q SSH-; then
      echo "$addr"; return 0
    fi
    sleep 0.2
  done
  log "$c: sshd does not answer on $addr:22"; return 1
}

# write_inventory DIR N PASSWORD: inventory-N.ini from the Ansible side's template, its five
# host lines replaced by the first N bench hosts, ROOT_PASSWORD by the round's password.
write_inventory() {
  local dir=$1 n=$2 pw=$3 line emitted=0 i=0
  local -a addrs; mapfile -t addrs < "$dir/addresses"
  (
    umask 077
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^host[0-9]+\ ansible_host=ADDRESS[0-9]+$ ]]; then
        if [ $emitted -eq 0 ]; then
          for i in $(seq 1 "$n"); do printf 'host%d ansible_host=%s\n' "$i" "${addrs[$((i - 1))]}"; done
          emitted=1
        fi
        continue
      fi
      printf '%s\n' "${line//ROOT_PASSWORD/$pw}"
    done < "$ansible_dir/inventory.template.ini" > "$dir/inventory-$n.ini"
    [ $emitted -eq 1 ]
  ) || die "the inventory template has no 'hostN ansible_host=ADDRESSN' lines"
}

# same_packages SET1 SET2: the first host of each set holds the same installed packages (after each
# tool's first run: both must have installed the same ones, recommended packages included or not).
same_packages() {
  local a b
  a=$("$engine" exec "omlbench-$run_id-$1-h1" dpkg-query -W -f '${db:Status-Abbrev} ${binary:Package}\n' | awk '$1 == "ii" {print $2}' | sort)
  b=$("$engine" exec "omlbench-$run_id-$2-h1" dpkg-query -W -f '${db:Status-Abbrev} ${binary:Package}\n' | awk '$1 == "ii" {print $2}' | sort)
  [ -n "$a" ] && [ "$a" = "$b" ] && return 0
  diff <(echo "$a") <(echo "$b") | sed 's/^/    /' >&2 || true
  die "the two tools' first runs left different packages on $1-h1 and $2-h1 (above: < $1, > $2)"
}

remove_hosts() {
  local ids; ids=$("$engine" ps -aq --filter "name=^omlbench-$run_id-$1-h" 2>/dev/null || true)
  for s in "$work/$1"/cp/*; do if [ -S "$s" ]; then ssh -o ControlPath="$s" -O exit bench >/dev/null 2>&1 || true; fi; done
  [ -z "$ids" ] || "$engine" "${rm_args[@]}" $ids >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- the two sides
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (b - a) / 1e9}'; }
# record TOOL KIND HOSTS ROUND SECONDS RSS_KB TRIPS CHANGED LOAD1 RUN_S [KEEPER_KB]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${@:1:10}" "${11:--}" >> "$tsv"; }

# ours SET N KIND ROUND: ./deploy apply on the first N hosts of SET; KIND first (new host keys), converged,
# or converged-login (converged, but no kept session: --keep-sessions 0, every host logged in to by this run).
ours() {
  local set=$1 n=$2 kind=$3 round=$4 dir=$work/$1 name load t0 t1 rc=0 res rss keep=$keep_sessions
  name=$out/logs/ours-$round-$set-$n-$kind-$(date +%H%M%S%N | cut -c1-9)
  [ "$kind" = converged-login ] && keep=0
  local args=(apply --hosts "$dir/inventory-$n.ini" --roles "$work/roles" --password-file "$dir/passwords"
              --known-hosts "$dir/known_hosts" --json --keep-sessions "$keep")
  case $kind in first|warmup) args+=(--accept-new-host-keys) ;; esac
  [ -n "$forks" ] && args+=(--forks "$forks")
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(now)
  /usr/bin/time -v -o "$name.time" "$deploy" "${args[@]}" > "$name.json" 2> "$name.err" || rc=$?
  t1=$(now)
  [ $rc -eq 0 ] || { tail -5 "$name.err" >&2; die "ours ($kind, $n hosts) exited $rc; see $name.*"; }
  res=$(python3 "$here/bench.py" ours-recap "$name.json" "$n" "${kind%-login}") || die "ours ($kind, $n hosts): bad recap; see $name.json"
  rss=$(python3 "$here/bench.py" rss "$name.time")
  local changed trips run_ms
  read -r changed trips run_ms <<< "$(echo "$res" | sed 's/[a-z_]*=//g')"
  local kept=-; [ "$keep" -gt 0 ] && kept=$(keeper_rss)
  record ours "$kind" "$n" "$round" "$(secs "$t0" "$t1")" "$rss" "$trips" "$changed" "$load" "$(awk -v m="$run_ms" 'BEGIN{printf "%.3f", m / 1000}')" "$kept"
  log "ours     $kind $n hosts: $(secs "$t0" "$t1") s, $res, peak RSS $((rss / 1024)) MB$([ "$kept" != - ] && echo ", session keeper $((kept / 1024)) MB") (load $load)"
}

# ansible SET N KIND ROUND: ansible-playbook as in shared/bench/ansible-synthetic on the first N hosts of SET.
# Two settings only keep the runs apart, they change no speed: a known_hosts file per host set (a new
# container may get an address an earlier one had, and OpenSSH then refuses password login), and the
# ControlPersist sockets in a folder per host set (a master left by a removed host must not be reused).
ansible() {
  local set=$1 n=$2 kind=$3 round=$4 dir=$work/$1 name load t0 t1 rc=0 res rss
  name=$out/logs/ansible-$round-$set-$n-$kind-$(date +%H%M%S%N | cut -c1-9)
  load=$(cut -d' ' -f1 /proc/loadavg)
  playbook() {
    ANSIBLE_CONFIG=$ansible_dir/ansible.cfg ANSIBLE_SSH_CONTROL_PATH_DIR=$dir/cp \
      ANSIBLE_SSH_COMMON_ARGS="-o UserKnownHostsFile=$dir/ansible_known_hosts" ANSIBLE_NOCOLOR=1 \
      /usr/bin/time -v -o "$name.time" ansible-playbook -i "$dir/inventory-$n.ini" "$ansible_dir/play.yml" > "$name.log" 2>&1
  }
  t0=$(now); playbook || rc=$?; t1=$(now)
  # A ControlPersist master that expires (60 s idle) just as a task uses it fails that task with
  # "Broken pipe" (seen once in the scale part, where runs are minutes apart): run it again once,
  # timed afresh, and say so. Any other failure stops the benchmark.
  if [ $rc -ne 0 ] && grep -q 'Broken pipe' "$name.log"; then
    log "Ansible  $kind $n hosts: failed on a closing ControlPersist connection (Broken pipe, see $name.broken-pipe.log); running it again"
    mv "$name.log" "$name.broken-pipe.log"
    rc=0
    t0=$(now); playbook || rc=$?; t1=$(now)
  fi
  [ $rc -eq 0 ] || { tail -15 "$name.log" >&2; die "Ansible ($kind, $n hosts) exited $rc; see $name.log"; }
  local check=$kind; [ "$kind" = converge ] && check=first
  res=$(python3 "$here/bench.py" ansible-recap "$name.log" "$n" "$check") || die "Ansible ($kind, $n hosts): bad recap; see $name.log"
  rss=$(python3 "$here/bench.py" rss "$name.time")
  record ansible "$kind" "$n" "$round" "$(secs "$t0" "$t1")" "$rss" - "${res#changed=}" "$load" -
  log "Ansible  $kind $n hosts: $(secs "$t0" "$t1") s, $res (load $load)"
}

# full_stack LAB: the converged re-run of the whole OMniLeads install on the cluster-in-5 lab in LAB,
# --rounds times: ./deploy -i -a as an operator runs it, JVM start, logins, preflight, the
# certificates and the artifact checks included; each must change nothing.
full_stack() {
  local lab=$1 r name load t0 t1 rc res rss changed trips run_ms kind kept
  close_sessions
  # Run 0 logs in (no keeper yet) and is reported apart; the timed rounds find their sessions kept, as the others.
  for r in $(seq 0 "$rounds"); do
    name=$out/logs/fullstack-$r
    kind=fullstack; [ "$r" -eq 0 ] && kind=fullstack-login
    rc=0
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(now)
    /usr/bin/time -v -o "$name.time" "$deploy" -i -a -I "$lab/inventory" --password-file "$lab/passwords" --json \
      --keep-sessions "$keep_sessions" > "$name.json" 2> "$name.err" || rc=$?
    t1=$(now)
    [ $rc -eq 0 ] || { tail -5 "$name.err" >&2; die "full stack: deploy -i -a exited $rc; see $name.*"; }
    res=$(python3 "$here/bench.py" ours-recap "$name.json" 5 converged) || die "full stack: not converged; see $name.json"
    rss=$(python3 "$here/bench.py" rss "$name.time")
    read -r changed trips run_ms <<< "$(echo "$res" | sed 's/[a-z_]*=//g')"
    kept=$(keeper_rss)
    record ours "$kind" 5 "$r" "$(secs "$t0" "$t1")" "$rss" "$trips" "$changed" "$load" "$(awk -v m="$run_ms" 'BEGIN{printf "%.3f", m / 1000}')" "$kept"
    log "ours     full stack, cluster-in-5, converged$([ "$r" -eq 0 ] && echo ', logging in'): $(secs "$t0" "$t1") s, $res, peak RSS $((rss / 1024)) MB (load $load)"
  done
  close_sessions
}

# ---------------------------------------------------------------- machine and versions
{
  echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine:  $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory"
  echo "versions: Debian $(cat /etc/debian_version), $(ansible-playbook --version | head -1 | tr -d '[]'), $(java -version 2>&1 | head -1), $("$engine" --version), $("$deploy" --version 2>/dev/null | head -1)"
  echo "hosts:    $image (bench/Dockerfile.bench), systemd + OpenSSH, one container per host, root password login; package lists refreshed at $lists_refreshed UTC"
  echo "launcher: $deploy (java $(grep -m1 '^opts=(' "$deploy" 2>/dev/null | sed 's/^opts=(//; s/)$//')$(grep -q SharedArchiveFile "$deploy" && echo ' + class data sharing archive of the jar'))"
  echo "sessions: ours kept $keep_sessions s after each run by its session keeper (--keep-sessions $keep_sessions), as the Ansible side's ControlPersist=60s; every round's first run and the scale's start with none"
  echo "rounds:   $rounds, our scale runs $scale_repeats times each$([ $scale_ansible -eq 0 ] && echo ', no Ansible scale runs (--scale-ours-only)')$([ $quick -eq 1 ] && echo ' (--quick: 5 hosts only)')$([ -n "$full_stack_lab" ] && echo " (--full-stack-lab: the full stack on $full_stack_lab only)")"
} > "$out/info.txt"
cat "$out/info.txt" >&2


if [ -z "$full_stack_lab" ]; then
# ---------------------------------------------------------------- warm-up, not timed
# One run of each tool on a host of its own: disk caches for both, and for ours the class data
# sharing archive that ./deploy records on its first run after a build (see the launcher).
log "warm-up: one host, one untimed run of each tool"
start_hosts warmup 1 "$(new_password)"
ours warmup 1 warmup warmup
ansible warmup 1 warmup warmup
close_sessions
remove_hosts warmup
for _ in 1 2 3; do
  t0=$(now); "$deploy" --version >/dev/null; t1=$(now)
  record ours jvm 0 - "$(secs "$t0" "$t1")" - - - "$(cut -d' ' -f1 /proc/loadavg)" -
done

# ---------------------------------------------------------------- rounds: fresh hosts per first run
for r in $(seq 1 "$rounds"); do
  pw=$(new_password)
  log "round $r of $rounds: starting 2 x 5 fresh hosts"
  start_hosts "r$r-ours" 5 "$pw" & p1=$!
  start_hosts "r$r-ansible" 5 "$pw" & p2=$!
  wait $p1 || die "hosts for round $r did not start"; wait $p2 || die "hosts for round $r did not start"
  if [ $((r % 2)) -eq 1 ]; then order=(ours ansible); else order=(ansible ours); fi
  for tool in "${order[@]}"; do
    "$tool" "r$r-$tool" 5 first "$r"
    "$tool" "r$r-$tool" 5 converged "$r"
  done
  close_sessions
  same_packages "r$r-ours" "r$r-ansible"
  remove_hosts "r$r-ours"; remove_hosts "r$r-ansible"
done

# ---------------------------------------------------------------- scale: 5, 10, 20 hosts
if [ $quick -eq 0 ]; then
  max=${scale_sizes[-1]}
  pw=$(new_password)
  log "scale: starting $max fresh hosts"
  start_hosts scale "$max" "$pw"
  ours scale "$max" first scale
  # The first run on 20 hosts leaves the machine busy for a while (the load average falls for minutes):
  # re-runs timed then are slower the sooner they come, which would favour whichever size runs last.
  # So the re-runs start once the load is below --scale-settle (10 minutes at most), and take turns, 20, 10, 5, 20, 10, 5, ..., so a
  # drift in the machine's load weighs on every size alike. The wait may outlast the kept sessions:
  # one converged re-run on all hosts, not counted (kind warmup), opens them again first.
  settle "the re-runs on $max, 10 and 5 hosts" "$scale_settle" 10
  ours scale "$max" warmup scale
  for r in $(seq 1 "$scale_repeats"); do
    for n in $(printf '%s\n' "${scale_sizes[@]}" | sort -rn); do ours scale "$n" converged scale; done
  done
  # The same re-runs without the kept sessions (every run logs in to every host), reported beside them.
  if [ "$keep_sessions" -gt 0 ]; then
    for r in $(seq 1 "$scale_repeats"); do
      for n in $(printf '%s\n' "${scale_sizes[@]}" | sort -rn); do ours scale "$n" converged-login scale; done
    done
  fi
  # Ansible converges the same hosts (after ours: nothing to change), then its converged re-runs,
  # largest first so every run finds its ControlPersist masters open, as a re-run right after a run would.
  if [ $scale_ansible -eq 1 ]; then
    ansible scale "$max" converge scale
    for n in $(printf '%s\n' "${scale_sizes[@]}" | sort -rn); do ansible scale "$n" converged scale; done
  fi
  close_sessions
  remove_hosts scale
fi
fi

# ---------------------------------------------------------------- full stack: deploy -i -a on cluster-in-5
if [ $full_stack -eq 1 ]; then
  compgen -G "${XDG_CACHE_HOME:-$HOME/.cache}/oml-deploy/asterisk-*.tar.gz" >/dev/null \
    || log "note: no Asterisk build in ${XDG_CACHE_HOME:-$HOME/.cache}/oml-deploy/: the install compiles it (tens of minutes)"
  log "full stack: installing cluster-in-5 on fresh lab hosts (deploy demo, not timed)"
  "$deploy" demo --topology cluster-in-5 --dir "$work/lab" --json > "$out/logs/fullstack-install.json" 2> "$out/logs/fullstack-install.err" \
    || { tail -5 "$out/logs/fullstack-install.err" >&2; die "the full-stack install failed; see $out/logs/fullstack-install.*"; }
  full_stack "$work/lab"
  log "removing the full-stack lab hosts"
  "$deploy" lab down --dir "$work/lab" >&2 || true
  rm -rf "$work/lab"
elif [ -n "$full_stack_lab" ]; then
  full_stack "$full_stack_lab"
fi

# ---------------------------------------------------------------- summary and plot
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/info.txt"
python3 "$here/bench.py" summary "$tsv" "$out/info.txt" "$out/plot.dat" > "$out/summary.txt"
if [ -s "$out/plot.dat" ]; then
  ansible_curve=""   # none after --scale-ours-only
  if awk '$3 != "NaN" {found = 1} END {exit !found}' "$out/plot.dat"; then
    ansible_curve="\"$out/plot.dat\" using 1:3 with linespoints lw 2 pt 7 title \"Ansible (ansible-core, 5 forks, pipelining, ControlPersist)\","
  fi
  login_curve=""    # ours without kept sessions, when measured
  if awk 'NF > 3 && $4 != "NaN" {found = 1} END {exit !found}' "$out/plot.dat"; then
    login_curve=", \"$out/plot.dat\" using 1:4 with linespoints lw 2 pt 9 title \"oml-deploy, each run logs in (--keep-sessions 0)\""
  fi
  gnuplot <<EOF || log "gnuplot failed; the figures are in $out/plot.dat"
set terminal pngcairo size 800,500 font "sans,10"
set output "$out/time-vs-hosts.png"
set title "Converged re-run of the same 39 tasks: time against number of hosts\n$(head -1 "$out/info.txt" | cut -c11-), $(nproc) cores"
set xlabel "hosts"
set ylabel "seconds (wall clock, log scale)"
set logscale y
set yrange [0.3:*]
set xrange [0:22]
set xtics (5, 10, 20)
set key top left
set grid
plot $ansible_curve "$out/plot.dat" using 1:2 with linespoints lw 2 pt 5 title "oml-deploy (JVM start included$([ "$keep_sessions" -gt 0 ] && echo ', sessions kept'))"$login_curve
EOF
  [ -f "$out/time-vs-hosts.png" ] && cp "$out/time-vs-hosts.png" "$results/time-vs-hosts.png"
  cp "$out/plot.dat" "$results/plot.dat"
fi
cp "$out/summary.txt" "$results/summary.txt"
log "raw logs and figures: $out"
cat "$out/summary.txt"
