package org.omnileads.deploy.ssh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.omnileads.deploy.secrets.Redactor;
import org.omnileads.deploy.testhosts.TestHost;
import org.slf4j.LoggerFactory;

/** What the host tests of this package share: quiet logs, connectors, sshd restarts. */
final class TestLogins {
    /** Current root password per host name (a test may change it). */
    static final Map<String, String> PASSWORDS = new ConcurrentHashMap<>();

    private TestLogins() {}

    /** MINA and Testcontainers log at DEBUG by default, which slows the tests and floods their output. */
    static void quietLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    static void remember(List<TestHost> hosts) {
        for (TestHost h : hosts) PASSWORDS.put(h.name(), h.rootPassword());
    }

    /** Answers each host's current password. */
    static PasswordPrompt rightPasswords() {
        return (host, attempt, why) -> PASSWORDS.get(host.name());
    }

    static Connector connector(HostKeyPolicy policy, PasswordPrompt passwords, Consumer<String> notices) {
        Credentials cred = Credentials.passwordsOnly(passwords, new Redactor());
        return new Connector(ConnectOptions.of(policy, cred).withConnectTimeout(Duration.ofSeconds(4)).withNotices(notices));
    }

    static Connector connector(Path knownHosts, PasswordPrompt passwords, Consumer<String> notices) {
        return connector(HostKeyPolicy.acceptNew(new KnownHosts(knownHosts)), passwords, notices);
    }

    /** Restarts sshd inside the host (set-up, outside SSH) and waits until it answers again. */
    static void restartSsh(TestHost h) {
        var r = h.execInside("systemctl", "restart", "ssh");
        if (r.getExitCode() != 0) throw new IllegalStateException("restart ssh on " + h + ": " + r.getStderr());
        waitForPort(h);
    }

    static void waitForPort(TestHost h) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(h.address(), 22), 500);
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("sshd of " + h + " does not answer");
    }

    /** Kills, by process id, the sshd processes serving root's connections inside the host: a cut-off link. */
    static void cutConnections(TestHost h) {
        String ps = h.execInside("ps", "-eo", "pid=,args=").getStdout();
        for (String line : ps.lines().toList()) {
            String[] f = line.strip().split("\\s+", 2);
            if (f.length == 2 && f[1].startsWith("sshd: root")) h.execInside("kill", "-9", f[0]);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
