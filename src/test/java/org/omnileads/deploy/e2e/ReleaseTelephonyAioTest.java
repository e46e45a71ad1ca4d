package org.omnileads.deploy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.cli.CliRunner;
import org.omnileads.deploy.inventory.Topology;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * The real OMniLeads 1.11.6 release (../shared/releases, its telephony files as they are) with
 * the stand-in web app laid over its tree (the real app's Python packages cannot be had here),
 * installed all-in-one by {@code deploy -i -a}: Asterisk runs the release's dialplan and ODBC
 * sources, an operator's line in a *_custom file survives a re-run, and the re-run changes nothing.
 */
@Tag("hosts")
class ReleaseTelephonyAioTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = EndToEnd.hostsFor(Topology.AIO);

    @TempDir Path dir;

    static final String AST = "/opt/omnileads/asterisk";

    /** The 1.11.6 tree, its settings package replaced by the stand-in app of fixtures/omnileads-release-1. */
    static Path release(Path dir) throws Exception {
        Path tar = Path.of("..", "shared", "releases", "ominicontacto-1.11.6-partial.tar.gz").toAbsolutePath();
        assertTrue(Files.isRegularFile(tar), "the real release is test input: " + tar);
        run("tar", "-xzf", tar.toString(), "-C", dir.toString());
        Path tree = dir.resolve("ominicontacto-1.11.6");
        run("rm", "-rf", tree.resolve("ominicontacto/settings").toString());
        run("sh", "-c", "cd \"$0\" && tar cf - --exclude=VERSION . | tar xf - -C \"$1\"",
                EndToEnd.fixtures().resolve("omnileads-release-1").toString(), tree.toString());
        Files.writeString(tree.resolve("VERSION"), "1.11.6\n");
        return tree;
    }

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", argv));
    }

    static String rx(TestHost h, String command) {
        return h.execInside(AST + "/sbin/asterisk", "-rx", command).getStdout();
    }

    @Test
    void asteriskRunsTheReleasesDialplanAndTheOperatorsCustomLinesSurvive() throws Exception {
        EndToEnd e2e = new EndToEnd(Topology.AIO, HOSTS, dir);
        Path inventory = e2e.writeInventory();
        Path passwords = e2e.writePasswords();
        Path release = release(Files.createDirectories(dir.resolve("rel")));
        CliRunner.Outcome first = e2e.deploy(inventory, passwords, "--accept-new-host-keys", "--release", release.toString(),
                "--wombat", EndToEnd.fixtures().resolve("wombat-standin").toString());
        e2e.keep("release-1.11.6-first-install", first);
        assertEquals(0, first.exit(), "first install with the 1.11.6 release failed:\n" + EndToEnd.failureReport(first));
        assertTrue(first.err().contains("telephony: the release's own (1.11.6)"), first.err());

        TestHost h = HOSTS.get(0);
        // the release's dialplan is loaded: its contexts, as many as its files define
        String contexts = rx(h, "dialplan show");
        for (String c : List.of("oml-dial-internal", "oml-dial-out", "oml-dial-in", "from-oml", "sub-oml-hangup")) {
            assertTrue(contexts.contains("'" + c + "'"), "context " + c + " is loaded:\n" + contexts.lines().limit(40).toList());
        }
        Matcher n = Pattern.compile("(\\d+) contexts").matcher(contexts);
        assertTrue(n.find() && Integer.parseInt(n.group(1)) >= 80, "the release's ~87 contexts: " + contexts.lines().reduce((a, b) -> b).orElse(""));
        // its ODBC class, connected to PostgreSQL with the password from the environment file
        String odbc = rx(h, "odbc show asteriskrealtime");
        assertTrue(odbc.contains("Name:   asteriskrealtime") && odbc.contains("DSN:    asteriskara"), odbc);
        assertTrue(odbc.contains("Number of active connections: 1"), odbc);
        // the release's PJSIP wizard templates are live (agents are wizard objects)
        assertTrue(rx(h, "module show like config_wizard").contains("res_pjsip_config_wizard.so"));
        assertTrue(rx(h, "pjsip show transports").contains("agent-transport"));

        // an operator's context in a *_custom file: loaded, and its queue_log line reaches PostgreSQL
        // through the release's realtime mapping (extconfig.conf: queue_log => odbc,asteriskrealtime)
        String custom = AST + "/etc/asterisk/oml_extensions_custom.conf";
        h.shInside("printf '%s\\n' '[oml-operator-added]' 'exten => s,1,Answer()'"
                + " 'same => n,QueueLog(e2e-queue,${UNIQUEID},e2e-agent,E2ETEST,probe)' 'same => n,Hangup()' >> " + custom);
        String before = h.execInside("cat", custom).getStdout();
        rx(h, "dialplan reload");
        assertTrue(rx(h, "dialplan show oml-operator-added").contains("QueueLog"), "the operator's context is loaded");
        rx(h, "channel originate Local/s@oml-operator-added application Wait 1");
        String rows = "";
        for (int i = 0; i < 20 && !rows.equals("1"); i++) {
            Thread.sleep(500);
            rows = h.shInside("runuser -u postgres -- psql -d omnileads -tAc \"SELECT count(*) FROM queue_log WHERE event = 'E2ETEST'"
                    + " AND queuename = 'e2e-queue' AND agent = 'e2e-agent'\"").getStdout().strip();
        }
        assertEquals("1", rows, "the QueueLog row in PostgreSQL's queue_log");
        CliRunner.Outcome second = e2e.deploy(inventory, passwords);
        e2e.keep("release-1.11.6-second-install", second);
        assertEquals(0, second.exit(), "re-run failed:\n" + EndToEnd.failureReport(second));
        Map<String, Map<String, Object>> recap = EndToEnd.recap(second);
        recap.forEach((host, r) -> assertEquals(0L, ((Number) r.get("changed")).longValue(),
                host + " changed on the re-run: " + EndToEnd.changedTasks(second, host)));
        assertEquals(before, h.execInside("cat", custom).getStdout(), "the operator's custom file was changed");
        assertTrue(second.out().contains("oml_extensions_custom.conf exists: left as it is"), "the plan says the file is left alone");
    }
}
