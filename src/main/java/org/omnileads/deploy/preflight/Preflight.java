package org.omnileads.deploy.preflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.omnileads.deploy.inventory.Component;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.ssh.CommandResult;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;

/**
 * Read-only checks of every host before anything changes: the seed document's "common errors"
 * turned into diagnoses. One probe script per host (one round trip), all hosts in parallel.
 */
public final class Preflight {
    /** The seed's minimums: 4 GB of memory and 20 GB of disk per host. */
    static final long MIN_MEM_KB = 4L * 1000 * 1000 - 200_000;
    static final long MIN_DISK_KB = 20L * 1000 * 1000;
    static final double CLOCK_WARN_S = 1.0;
    static final double CLOCK_FAIL_S = 10.0;

    /** Settings of a preflight. {@code lab}: memory and disk below the minimums are warnings. */
    public record Options(boolean lab) {}

    // Prints key=value lines; changes nothing. Constant text: no workstation value is put into it.
    static final String PROBE = String.join("\n",
            "export LC_ALL=C",
            "if [ -r /etc/os-release ]; then . /etc/os-release; echo \"os_id=$ID\"; echo \"os_version=$VERSION_ID\"; echo \"os_name=$PRETTY_NAME\"; fi",
            "echo \"cpus=$(nproc 2>/dev/null)\"",
            "echo \"mem_kb=$(awk '/^MemTotal:/{print $2}' /proc/meminfo)\"",
            "echo \"disk_kb=$(df -Pk / | awk 'NR==2{print $4}')\"",
            "echo \"hostname=$(hostname)\"",
            "if command -v ip >/dev/null; then echo \"addrs=$(ip -o addr show | awk '{print $4}' | cut -d/ -f1 | tr '\\n' ' ')\";"
                    + " else echo \"addrs=$(hostname -I 2>/dev/null)\"; fi",
            "mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null"
                    + " | grep -Eo 'https?://[^/ ]+' | head -n1)",
            "echo \"mirror=$mirror\"",
            "mhost=${mirror#*://}; mport=80; case $mirror in https*) mport=443;; esac",
            "if [ -n \"$mhost\" ]; then",
            "  if getent hosts \"$mhost\" >/dev/null 2>&1; then echo dns=ok; else echo dns=fail; fi",
            "  if timeout 5 bash -c \"exec 3<>/dev/tcp/$mhost/$mport\" 2>/dev/null; then echo repo=ok; else echo repo=fail; fi",
            "fi",
            "if command -v ss >/dev/null; then ss -Hlntup 2>/dev/null | while read -r proto state rq sq local peer rest; do",
            "  echo \"listen=$proto $local ${rest#*((\\\"}\"; done; else echo listen_unknown=1; fi",
            "echo \"clock=$(date +%s.%N)\"",
            "");

    private final Inventory inventory;
    private final Options options;

    public Preflight(Inventory inventory, Options options) {
        this.inventory = inventory;
        this.options = options;
    }

    /** Name of the check a host fails when it could not be logged in to, so nothing else of it was checked. */
    public static final String LOGIN = "login";

    /** As {@link #run(Map, Map)} when no login failed. */
    public List<Check> run(Map<Host, RemoteHost> sessions) { return run(sessions, Map.of()); }

    /**
     * Runs the checks on every connected host in parallel; results are in inventory order. A host
     * without a session is a failed {@link #LOGIN} check with the cause from {@code failures}
     * (never left out: "nothing blocks" means every host was looked at).
     */
    public List<Check> run(Map<Host, RemoteHost> sessions, Map<Host, SshException> failures) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(sessions.size(), 10)));
        try {
            List<Future<List<Check>>> futures = new ArrayList<>();
            for (Host h : inventory.hosts()) {
                RemoteHost r = sessions.get(h);
                if (r != null) {
                    futures.add(pool.submit(() -> checkHost(h, r)));
                } else {
                    SshException e = failures.get(h);
                    Check unchecked = e == null
                            ? Check.fail(h.name(), LOGIN, "not checked: no session to " + h.label(), "log in to it first (see the errors above)")
                            : Check.fail(h.name(), LOGIN, "not checked: " + e.getMessage(), e.fix() == null ? "" : e.fix());
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(List.of(unchecked)));
                }
            }
            List<Check> out = new ArrayList<>();
            for (Future<List<Check>> f : futures) {
                try {
                    out.addAll(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            pool.shutdownNow();
        }
    }

    List<Check> checkHost(Host host, RemoteHost remote) {
        long before = System.currentTimeMillis();
        CommandResult r;
        try {
            r = remote.exec(RemoteCommand.script(PROBE).withTimeout(Duration.ofSeconds(30)));
        } catch (SshException e) {
            return List.of(Check.fail(host.name(), "probe", e.getMessage(), e.fix()));
        }
        long after = System.currentTimeMillis();
        Map<String, String> facts = new HashMap<>();
        List<String> listening = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1).trim();
            if (k.equals("listen")) listening.add(v);
            else facts.put(k, v);
        }
        return evaluate(host, facts, listening, (before + after) / 2000.0);
    }

    /** Turns the probe's facts into checks; pure, so it is unit-tested without a host. */
    List<Check> evaluate(Host host, Map<String, String> f, List<String> listening, double workstationMidpointSeconds) {
        String n = host.name();
        List<Check> out = new ArrayList<>();
        String os = f.getOrDefault("os_name", "unknown");
        if ("debian".equals(f.get("os_id")) && "12".equals(f.get("os_version"))) out.add(Check.ok(n, "os", os));
        else out.add(Check.warn(n, "os", os + ": not tested (Debian 12 is)", "use Debian 12 for a tested install"));

        out.add(Check.ok(n, "cpus", f.getOrDefault("cpus", "?")));
        out.add(size(n, "memory", parseLong(f.get("mem_kb")), MIN_MEM_KB, "4 GB", "give the host at least 4 GB of memory"));
        out.add(size(n, "free disk /", parseLong(f.get("disk_kb")), MIN_DISK_KB, "20 GB", "free or add disk space: at least 20 GB on /"));

        String hn = f.getOrDefault("hostname", "");
        if (hn.equals(host.name()) || hn.startsWith(host.name() + ".")) out.add(Check.ok(n, "host name", hn));
        else out.add(Check.warn(n, "host name", "is '" + hn + "', the inventory says '" + host.name() + "'",
                "the prereqs role sets it to the inventory name; certificates and the web server use that name"));

        List<String> addrs = Arrays.asList(f.getOrDefault("addrs", "").trim().split("\\s+"));
        if (addrs.contains(host.address())) out.add(Check.ok(n, "address", host.address() + " is on the host"));
        else out.add(Check.fail(n, "address", host.address() + " is not one of the host's addresses (" + String.join(", ", addrs) + ")",
                "fix ansible_host in the inventory, or the host's network configuration"));

        double remote = parseDouble(f.get("clock"));
        if (Double.isNaN(remote)) {
            out.add(Check.warn(n, "clock", "could not read the host's clock", "check `date` on the host"));
        } else {
            double offset = remote - workstationMidpointSeconds;
            String d = String.format("%+.2f s from the workstation", offset);
            String fix = "set the time (e.g. install and enable systemd-timesyncd or chrony on the host)";
            if (Math.abs(offset) > CLOCK_FAIL_S) out.add(Check.fail(n, "clock", d, fix));
            else if (Math.abs(offset) > CLOCK_WARN_S) out.add(Check.warn(n, "clock", d, fix));
            else out.add(Check.ok(n, "clock", d));
        }

        String mirror = f.getOrDefault("mirror", "");
        if (mirror.isEmpty()) {
            out.add(Check.warn(n, "package repository", "no repository found in /etc/apt/sources.list*", "configure APT sources on the host"));
        } else {
            if ("ok".equals(f.get("dns"))) out.add(Check.ok(n, "DNS", "resolves " + mirror));
            else out.add(Check.fail(n, "DNS", "cannot resolve the host of " + mirror,
                    "check /etc/resolv.conf on the host; try: getent hosts " + mirror.replaceFirst("https?://", "")));
            if ("ok".equals(f.get("repo"))) out.add(Check.ok(n, "package repository", mirror + " reachable"));
            else out.add(Check.fail(n, "package repository", mirror + " not reachable from the host",
                    "check the host's internet access and proxy; try on the host: apt-get update"));
        }

        out.addAll(ports(host, listening));
        return out;
    }

    private List<Check> ports(Host host, List<String> listening) {
        Set<Component> components = inventory.componentsOf(host);
        int external = parseInt(inventory.variables().get("external_port"), 443);
        List<Check> out = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        for (Ports.Port p : Ports.forHost(components, external).values()) {
            for (String l : listening) {
                String[] parts = l.split(" ", 3);
                if (parts.length < 2 || !parts[0].equals(p.protocol())) continue;
                String local = parts[1];
                int colon = local.lastIndexOf(':');
                if (colon < 0 || parseInt(local.substring(colon + 1), -1) != p.number()) continue;
                String proc = parts.length > 2 ? parts[2].replaceAll("[\"(),].*$", "") : "";
                if (!proc.isEmpty() && p.owners().contains(proc)) continue;
                busy.add(p.number() + "/" + p.protocol() + " (" + p.what() + ") held by " + (proc.isEmpty() ? "another process" : proc));
            }
        }
        if (busy.isEmpty()) out.add(Check.ok(host.name(), "ports", "free (or held by our own services)"));
        else out.add(Check.fail(host.name(), "ports", String.join("; ", busy),
                "stop the program holding the port, or use another host for this component"));
        return out;
    }

    private Check size(String host, String what, long kb, long minKb, String minText, String fix) {
        if (kb < 0) return Check.warn(host, what, "unknown", "check the host by hand");
        String d = String.format("%.1f GB", kb / 1e6);
        if (kb >= minKb) return Check.ok(host, what, d);
        String text = d + ", below the " + minText + " the install needs";
        return options.lab() ? Check.warn(host, what, text + " (lab)", fix) : Check.fail(host, what, text, fix + " (or pass --lab for test hosts)");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static int parseInt(String s, int dflt) {
        try {
            return Integer.parseInt(s.trim());
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
