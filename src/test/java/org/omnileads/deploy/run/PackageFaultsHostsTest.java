package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * Package faults on a real host: another process holds the package lock (the run waits, saying
 * who holds it, then proceeds), and the package repository cannot be reached (retries, then a
 * failure naming host, repository and command before anything of the role is applied; resume
 * completes once it answers again). docs/faults.md points here.
 */
@Tag("hosts")
class PackageFaultsHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "pkg");

    static Path dir;
    static Roles roles;
    static HostRunFixture fx;
    static TestHost h;

    @BeforeAll
    static void connect() throws Exception {
        dir = Files.createTempDirectory("package-faults");
        roles = TestRoles.load("run-faults");
        h = HOSTS.get(0);
        fx = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"));
    }

    @AfterAll
    static void close() {
        if (fx != null) fx.close();
    }

    private static RunOptions options(String scenario, List<String> packages) {
        return RunOptions.of("install", dir.resolve(scenario)).withExtraVariables(Map.of("scenario", scenario, "fault_packages", packages));
    }

    @Test
    void anotherProcessHoldingThePackageLockIsWaitedForAndNamed() throws Exception {
        assertFalse(h.hasPackage("rsync"), "premise");
        // The holder lives 20 s; flock(1) holds it as any package tool would, with nothing of SSH around it.
        h.shInside("setsid flock /var/lib/dpkg/lock-frontend sleep 20 </dev/null >/dev/null 2>&1 &");
        assertTrue(h.execInside("cat", "/proc/locks").getStdout().contains("FLOCK"), "premise: the lock is held");

        HostRunFixture.Outcome o = fx.run(roles, fx.inventory(Map.of()), options("locked", List.of("rsync")));

        assertEquals(0, o.exit(), o.console());
        assertTrue(o.console().contains(h.name() + " note: waiting for another package run (up to 600 s): /var/lib/dpkg/lock-frontend is held by flock (pid "),
                "the wait names the host and the holder:\n" + o.console());
        assertTrue(h.hasPackage("rsync"), "the run proceeded once the lock was free");
        assertTrue(o.results(h.name()).contains("packages: install package changed"), o.results(h.name()).toString());
    }

    @Test
    void anUnreachableRepositoryStopsTheHostBeforeTheRoleAndResumeCompletesOnceItAnswers() throws Exception {
        assertFalse(h.hasPackage("bc"), "premise");
        String sources = h.execInside("cat", "/etc/apt/sources.list").getStdout();
        // A port of the host itself where nothing listens: the repository cannot answer, and no traffic leaves the host.
        h.shInside("echo 'deb http://127.0.0.1:9/debian bookworm main' > /etc/apt/sources.list");
        HostRunFixture.Outcome o;
        try {
            o = fx.run(roles, fx.inventory(Map.of()), options("norepo", List.of("bc")));
        } finally {
            h.shInside("cat > /etc/apt/sources.list <<'EOF'\n" + sources + "EOF\n");
        }
        assertEquals(RunResult.TASK_FAILED, o.exit(), o.console());
        Event.HostFailed f = o.events().stream().filter(e -> e instanceof Event.HostFailed).map(e -> (Event.HostFailed) e).findFirst().orElseThrow();
        assertEquals("packages", f.role());
        assertEquals(RepositoryCheck.TASK, f.task());
        System.out.println("unreachable repository:\n" + f.message());
        for (String part : List.of(h.name() + ": the package repository http://127.0.0.1:9/debian bookworm cannot be read",
                "Could not connect to 127.0.0.1:9", "nothing of role packages was applied", "this shows the error: apt-get update")) {
            assertTrue(f.message().contains(part), "'" + part + "' in:\n" + f.message());
        }
        for (int pause : List.of(5, 10, 20)) {
            assertTrue(o.console().contains(h.name() + " note: apt-get update failed (try "), o.console());
            assertTrue(o.events().stream().anyMatch(e -> e instanceof Event.Notice n && n.message().endsWith("retrying in " + pause + " s")),
                    "a retry after " + pause + " s:\n" + o.console());
        }
        assertEquals(List.of("prepare: scenario folder changed", "prepare: count runs changed"), o.results(h.name()),
                "nothing of the role with the package ran");
        assertEquals("", h.shInside("ls /opt/ft/norepo/before.conf 2>/dev/null").getStdout());

        HostRunFixture.Outcome r = fx.run(roles, fx.inventory(Map.of()), options("norepo", List.of("bc")).resuming(RunOptions.LAST));
        assertEquals(0, r.exit(), r.console());
        assertEquals(List.of("prepare: scenario folder skipped (resumed)", "prepare: count runs skipped (resumed)", "packages: before install changed",
                "packages: install package changed", "packages: after install changed", "finish: finished changed"), r.results(h.name()));
        assertEquals("run\n", h.execInside("cat", "/opt/ft/norepo/counter").getStdout());
        assertTrue(h.hasPackage("bc"));
    }

    /**
     * The check before the phase refreshes the lists only when they are stale (older than an hour,
     * or a source changed since) and downloads what the install needs ahead; a package no
     * repository knows yet is left to the install step, which fails naming it.
     */
    @Test
    void theRepositoryCheckFetchesAheadAndRefreshesOnlyStaleLists() throws Exception {
        assertFalse(h.hasPackage("ed") || h.hasPackage("hello"), "premise");
        // apt-get's actions counted: a wrapper first on root's PATH.
        h.shInside("printf '#!/bin/sh\\necho \"$*\" >> /run/oml-apt-calls\\nexec /usr/bin/apt-get \"$@\"\\n' > /usr/local/bin/apt-get"
                + " && chmod 755 /usr/local/bin/apt-get");
        try {
            // Fresh lists: refreshed just now, the sources older.
            h.shInside("/usr/bin/apt-get -q update >/dev/null && mkdir -p /var/lib/oml-deploy && touch /var/lib/oml-deploy/apt-lists-refreshed");
            h.shInside("rm -f /run/oml-apt-calls");
            HostRunFixture.Outcome fresh = fx.run(roles, fx.inventory(Map.of()), options("fetch1", List.of("ed")));
            assertEquals(0, fresh.exit(), fresh.console());
            assertTrue(h.hasPackage("ed"));
            List<String> calls = aptCalls();
            assertEquals(2, calls.size(), calls.toString());
            assertTrue(calls.get(0).endsWith(" install --download-only ed"), "the check downloads first: " + calls);
            assertTrue(calls.get(1).endsWith(" install ed"), "then the install: " + calls);

            // A source changed since the last refresh: the lists are stale.
            h.shInside("touch /etc/apt/sources.list; rm -f /run/oml-apt-calls");
            HostRunFixture.Outcome stale = fx.run(roles, fx.inventory(Map.of()), options("fetch2", List.of("hello")));
            assertEquals(0, stale.exit(), stale.console());
            calls = aptCalls();
            assertEquals(3, calls.size(), calls.toString());
            assertTrue(calls.get(0).endsWith(" update") && calls.get(1).endsWith(" install --download-only hello") && calls.get(2).endsWith(" install hello"),
                    calls.toString());

            // Unknown to every repository: not the repository's failure, the install's, naming the package.
            HostRunFixture.Outcome unknown = fx.run(roles, fx.inventory(Map.of()), options("fetch3", List.of("oml-no-such-package")));
            assertEquals(RunResult.TASK_FAILED, unknown.exit(), unknown.console());
            assertTrue(unknown.console().contains("note: the packages are not all known yet"), unknown.console());
            Event.HostFailed f = unknown.events().stream().filter(e -> e instanceof Event.HostFailed).map(e -> (Event.HostFailed) e).findFirst().orElseThrow();
            assertEquals("install package", f.task(), f.message());
            assertTrue(unknown.console().contains("Unable to locate package oml-no-such-package"), unknown.console());
        } finally {
            h.shInside("rm -f /usr/local/bin/apt-get /run/oml-apt-calls");
        }
    }

    private static List<String> aptCalls() {
        return h.shInside("cat /run/oml-apt-calls 2>/dev/null").getStdout().lines().toList();
    }

    @Test
    void aDpkgRunCutOffEarlierIsFinishedBeforeTheNextInstall() throws Exception {
        assertFalse(h.hasPackage("tree"), "premise");
        // What a power cut inside dpkg leaves behind: a pending record in dpkg's journal.
        h.shInside("touch /var/lib/dpkg/updates/0000");
        String refused = h.shInside("DEBIAN_FRONTEND=noninteractive apt-get install -y tree 2>&1").getStdout();
        assertTrue(refused.contains("dpkg was interrupted") && !h.hasPackage("tree"), "premise: apt refuses to go on:\n" + refused);

        HostRunFixture.Outcome o = fx.run(roles, fx.inventory(Map.of()), options("cutdpkg", List.of("tree")));

        assertEquals(0, o.exit(), o.console());
        assertTrue(o.console().contains(h.name() + " note: an earlier dpkg run was cut off; finishing it with dpkg --configure -a"), o.console());
        assertTrue(h.hasPackage("tree"));
        assertEquals("", h.execInside("ls", "-A", "/var/lib/dpkg/updates").getStdout().strip());
    }
}
