#!/usr/bin/env python3
"""Helpers of bench/run.sh: reads each tool's recap, checks it, and prints the summary.

    bench.py ours-recap FILE.json HOSTS first|converged     -> "changed=N trips=M" (max per host), or exit 1
    bench.py ansible-recap FILE.log HOSTS first|converged   -> "changed=N", or exit 1
    bench.py rss FILE.time                                  -> peak resident set size in kB (GNU time -v)
    bench.py tasks PLAY.yml TASKS.yaml                      -> checks both list the same 39 task names
    bench.py summary TIMES.tsv INFO.txt PLOTDATA            -> the summary; the last line is the machine-readable one

TIMES.tsv columns: tool kind hosts round seconds rss_kb trips changed load1 run_s keeper_kb
(tool: ours|ansible; kind: first|converged|converged-login|jvm|converge|warmup|fullstack|fullstack-login; run_s: ours
only, the runner's own time from its recap: probe, plan and apply after every login; fullstack: the
converged re-run of deploy -i -a on cluster-in-5, -login: the one that logs in; converged-login: a converged re-run with no kept session; keeper_kb: ours only,
the session keeper's resident memory after the run, "-" when none runs).
"""
import json
import re
import statistics
import sys


def fail(msg):
    print("bench.py: " + msg, file=sys.stderr)
    sys.exit(1)


def ours_recap(path, hosts, kind):
    last = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    ev = json.loads(line)
                except ValueError:
                    continue
                if ev.get("event") == "RunFinished":
                    last = ev
    if last is None:
        fail(path + ": no RunFinished event (the run did not end normally)")
    recap = last["recap"]
    if last.get("exitCode") != 0:
        fail(path + ": exit code %s in the recap" % last.get("exitCode"))
    if len(recap) != hosts:
        fail(path + ": %d hosts in the recap, expected %d" % (len(recap), hosts))
    bad = {h: r for h, r in recap.items() if r["failed"] or r["unreachable"]}
    if bad:
        fail(path + ": failed or unreachable hosts: " + ", ".join(sorted(bad)))
    changed = sum(r["changed"] for r in recap.values())
    if kind == "converged" and changed != 0:
        fail(path + ": the converged re-run changed %d task(s); expected 0" % changed)
    trips = max(r["roundTrips"] for r in recap.values())
    print("changed=%d trips=%d run_ms=%d" % (changed, trips, last.get("millis", 0)))


RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def ansible_recap(path, hosts, kind):
    seen = False
    rows = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("PLAY RECAP"):
                seen = True
                continue
            m = RECAP.match(line) if seen else None
            if m:
                rows[m.group(1)] = tuple(int(x) for x in m.group(2, 3, 4, 5))
    if not seen:
        fail(path + ": no PLAY RECAP")
    if len(rows) != hosts:
        fail(path + ": %d hosts in PLAY RECAP, expected %d" % (len(rows), hosts))
    bad = [h for h, (_, _, u, fl) in rows.items() if u or fl]
    if bad:
        fail(path + ": failed or unreachable hosts: " + ", ".join(sorted(bad)))
    changed = sum(c for (_, c, _, _) in rows.values())
    if kind == "converged" and changed != 0:
        fail(path + ": the converged re-run changed %d task(s); expected 0" % changed)
    print("changed=%d" % changed)


def rss(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "Maximum resident set size" in line:
                print(line.rsplit(":", 1)[1].strip())
                return
    fail(path + ": no 'Maximum resident set size' line")


def tasks(play, ours):
    import yaml  # python3-yaml, a dependency of ansible-core
    with open(play, encoding="utf-8") as f:
        theirs = [t["name"] for t in json.load(f)[0]["tasks"]]
    with open(ours, encoding="utf-8") as f:
        mine = [t["name"] for t in yaml.safe_load(f)]
    if theirs != mine:
        for i, (a, b) in enumerate(zip(theirs, mine)):
            if a != b:
                fail("task %d: play.yml has '%s', %s has '%s'" % (i + 1, a, ours, b))
        fail("play.yml has %d tasks, %s has %d" % (len(theirs), ours, len(mine)))
    print(len(mine))


def fmt(x):
    return "%.2f" % x


def summary(tsv, info, plotdata):
    rows = []
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 9 or p[0] == "tool":
                continue
            rows.append({"tool": p[0], "kind": p[1], "hosts": int(p[2]), "round": p[3], "s": float(p[4]),
                         "rss": int(p[5]) if p[5] not in ("", "-") else None,
                         "trips": int(p[6]) if p[6] not in ("", "-") else None,
                         "changed": p[7], "load": p[8],
                         "run": float(p[9]) if len(p) > 9 and p[9] not in ("", "-") else None,
                         "keeper": int(p[10]) if len(p) > 10 and p[10] not in ("", "-") else None})

    def sel(tool, kind, hosts, scale=None):
        out = [r for r in rows if r["tool"] == tool and r["kind"] == kind and r["hosts"] == hosts]
        if scale is not None:
            out = [r for r in out if (r["round"] == "scale") == scale]
        return out

    def stats(rs):
        v = [r["s"] for r in rs]
        return (statistics.median(v), min(v), max(v), len(v)) if v else None

    with open(info, encoding="utf-8") as f:
        print(f.read().rstrip())
    print()
    print("== Same 39 tasks, 5 fresh hosts per first run; seconds, wall clock, JVM start included ==")
    print("%-18s %-30s %-30s %s" % ("", "ours: median (min-max) n", "Ansible: median (min-max) n", "Ansible/ours"))
    ratios = {}
    for kind, label in (("first", "first run"), ("converged", "converged re-run")):
        o = stats(sel("ours", kind, 5, scale=False))
        a = stats(sel("ansible", kind, 5, scale=False))
        cell = lambda s: "-" if s is None else "%s (%s-%s) n=%d" % (fmt(s[0]), fmt(s[1]), fmt(s[2]), s[3])
        ratio = a[0] / o[0] if (o and a) else None
        ratios[kind] = ratio
        print("%-18s %-30s %-30s %s" % (label, cell(o), cell(a), "-" if ratio is None else "%.1fx" % ratio))
    conv = sel("ours", "converged", 5, scale=False) + [r for r in rows if r["tool"] == "ours" and r["kind"] == "converged" and r["round"] == "scale"]
    trips = [r["trips"] for r in conv if r["trips"] is not None]
    trips_median = int(round(statistics.median(trips))) if trips else None
    if trips:
        print("round trips per host, ours, converged re-run: median %d, max %d (%d runs; the most of any host in each run)"
              % (trips_median, max(trips), len(trips)))
    first_trips = [r["trips"] for r in sel("ours", "first", 5) if r["trips"] is not None]
    if first_trips:
        print("round trips per host, ours, first run: median %d" % int(round(statistics.median(first_trips))))
    for label, rs in (("5 hosts", sel("ours", "converged", 5, scale=False)),
                      ("20 hosts", sel("ours", "converged", 20, scale=True))):
        split = [(r["s"] - r["run"], r["run"]) for r in rs if r["run"] is not None]
        if split:
            before = statistics.median(a for a, _ in split)
            run = statistics.median(b for _, b in split)
            print("ours, converged, %s: %s s before the run (JVM start, roles, the kept sessions or logins) + %s s the run (probe and plan)"
                  % (label, fmt(before), fmt(run)))
    big = [r for r in rows if r["tool"] == "ours" and r["kind"] == "first" and r["round"] == "scale"]
    for r in big:
        print("first run on %d fresh hosts, ours: %s s, %s MB peak RSS" % (r["hosts"], fmt(r["s"]), r["rss"] // 1024 if r["rss"] else "-"))
    for r in rows:
        if r["tool"] == "ansible" and r["kind"] == "converge":
            print("Ansible on the %d hosts that ours had converged: %s s, changed=%s (0: both tools leave the same state)"
                  % (r["hosts"], fmt(r["s"]), r["changed"]))
    for r in rows:
        if r["tool"] == "ours" and r["kind"] == "fullstack-login":
            print("full stack, cluster-in-5, converged re-run that logs in to the five hosts (no session kept yet): %s s" % fmt(r["s"]))
    full = [r for r in rows if r["tool"] == "ours" and r["kind"] == "fullstack"]
    if full:
        s = stats(full)
        runs = [r["run"] for r in full if r["run"] is not None]
        print("full stack, cluster-in-5, converged re-run of deploy -i -a (JVM, logins, preflight, certificates, artifact"
              " checks, roles): %s (%s-%s) n=%d s; the roles' run alone %s s; round trips per host in the roles: %d; peak RSS %d MB"
              % (fmt(s[0]), fmt(s[1]), fmt(s[2]), s[3], fmt(statistics.median(runs)) if runs else "-",
                 max(r["trips"] for r in full), max(r["rss"] for r in full) // 1024))
    jvm = [r["s"] for r in rows if r["kind"] == "jvm"]
    if jvm:
        print("JVM start and exit alone (./deploy --version): median %s s" % fmt(statistics.median(jvm)))

    sizes = sorted({r["hosts"] for r in rows if r["round"] == "scale" and r["kind"] == "converged"})
    plot = []
    if sizes:
        print()
        print("== Scale: converged re-run on the same hosts (seconds) ==")
        relogin = any(r["kind"] == "converged-login" for r in rows)
        print("%-6s %-34s %-34s %s" % ("hosts", "ours: median (min-max) n", "Ansible: median (min-max) n",
                                        "ours, each run logs in" if relogin else ""))
        base = {}
        for n in sizes:
            o = stats(sel("ours", "converged", n, scale=True))
            a = stats(sel("ansible", "converged", n, scale=True))
            l = stats(sel("ours", "converged-login", n, scale=True))
            for tool, s in (("ours", o), ("ansible", a), ("login", l)):
                if s and n == sizes[0]:
                    base[tool] = s[0]
            grow = lambda tool, s: "" if not s or tool not in base else " x%.2f" % (s[0] / base[tool])
            cell = lambda s: "-" if s is None else "%s (%s-%s) n=%d" % (fmt(s[0]), fmt(s[1]), fmt(s[2]), s[3])
            print("%-6d %-34s %-34s %s" % (n, cell(o) + grow("ours", o), cell(a) + grow("ansible", a),
                                            cell(l) + grow("login", l) if relogin else ""))
            plot.append((n, o[0] if o else None, a[0] if a else None, l[0] if l else None))
        print("(xF: time relative to %d hosts%s)" % (sizes[0], "; ours with the sessions kept by --keep-sessions, as"
                                                    " Ansible's ControlPersist, and without" if relogin else ""))
    def rss_rows(scale):
        out = {}
        for r in rows:
            if r["tool"] == "ours" and r["kind"] == "converged" and r["rss"] and (r["round"] == "scale") == scale:
                out.setdefault(r["hosts"], []).append(r["rss"])
        return out

    def keeper_of(rs):
        v = [r["keeper"] for r in rs if r["keeper"] is not None]
        return statistics.median(v) / 1024.0 if v else None
    scale_rows = bool(rss_rows(True))
    rss_by = rss_rows(scale_rows)
    # The keeper holds the sessions of every host it was asked for: 5 in the rounds, all of them in the scale part.
    kept = {}
    k5 = keeper_of(sel("ours", "converged", 5, scale=False))
    if k5 is not None:
        kept[5] = k5
    if scale_rows:
        top = max(rss_by)
        ktop = keeper_of(sel("ours", "converged", top, scale=True))
        if ktop is not None:
            kept[top] = ktop
    if rss_by:
        print()
        print("== Resident memory, converged re-run: our JVM's peak (GNU time 'Maximum resident set size')"
              + (" + the session keeper's after the run (VmRSS), holding that many hosts' sessions ==" if kept else " =="))
        med = {n: statistics.median(v) / 1024.0 for n, v in sorted(rss_by.items())}
        for n, mb in med.items():
            if n in kept:
                print("%2d hosts: %.0f MB (max %.0f MB) + keeper %.0f MB = %.0f MB" % (n, mb, max(rss_by[n]) / 1024.0, kept[n], mb + kept[n]))
            else:
                print("%2d hosts: %.0f MB (max %.0f MB)" % (n, mb, max(rss_by[n]) / 1024.0))
        ns = sorted(med)
        if len(ns) > 1:
            lo, hi = ns[0], ns[-1]
            both = lo in kept and hi in kept
            total = lambda n: med[n] + (kept[n] if both else 0.0)
            print("per added host (%d -> %d): %.2f MB%s" % (lo, hi, (total(hi) - total(lo)) / (hi - lo),
                                                           " (both processes)" if both else ""))
    with open(plotdata, "w", encoding="utf-8") as f:
        for row in plot:
            f.write("%d %s\n" % (row[0], " ".join("NaN" if v is None else "%.3f" % v for v in row[1:])))
    r1 = ratios.get("converged")
    r2 = ratios.get("first")
    print()
    print("converged ratio: %sx, first-run ratio: %sx, round trips per host: %s"
          % ("-" if r1 is None else "%.1f" % r1, "-" if r2 is None else "%.1f" % r2,
             "-" if trips_median is None else trips_median))


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    cmd = argv[1]
    if cmd == "ours-recap":
        ours_recap(argv[2], int(argv[3]), argv[4])
    elif cmd == "ansible-recap":
        ansible_recap(argv[2], int(argv[3]), argv[4])
    elif cmd == "rss":
        rss(argv[2])
    elif cmd == "tasks":
        tasks(argv[2], argv[3])
    elif cmd == "summary":
        summary(argv[2], argv[3], argv[4])
    else:
        fail("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
