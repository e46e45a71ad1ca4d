package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.Test;

/** The shared client's settings that no host test would notice missing until a long run. */
class ClientSetupTest {
    @Test
    void keepAliveOnIdleCutOffAndUserConfigIgnored() {
        HostKeyCheck check = new HostKeyCheck(HostKeyPolicy.knownOnly(new KnownHosts(Path.of("/nonexistent/known_hosts"))), n -> {});
        SshClient c = Connector.newClient(check, Duration.ofSeconds(7));
        assertEquals(Duration.ofSeconds(5), CoreModuleProperties.HEARTBEAT_INTERVAL.getRequired(c));
        assertEquals("keepalive@openssh.com", CoreModuleProperties.HEARTBEAT_REQUEST.getRequired(c));
        assertEquals(6, CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.getRequired(c));
        assertTrue(Connector.HEARTBEAT.multipliedBy(Connector.HEARTBEAT_MISSES).compareTo(Duration.ofSeconds(30)) <= 0,
                "a silent host is dropped within 30 s");
        assertEquals(Duration.ofHours(12), CoreModuleProperties.IDLE_TIMEOUT.getRequired(c), "longer than the heartbeats can take to give up");
        assertEquals(Duration.ofSeconds(7), CoreModuleProperties.IO_CONNECT_TIMEOUT.getRequired(c));
        assertSame(HostConfigEntryResolver.EMPTY, c.getHostConfigEntryResolver());
        assertSame(check, c.getServerKeyVerifier());
        assertEquals("ssh-ed25519", c.getSignatureFactories().get(0).getName());
    }

    @Test
    void answersTheServersKeepAliveAndIgnoresItsHostKeyAnnouncement() {
        HostKeyCheck check = new HostKeyCheck(HostKeyPolicy.knownOnly(new KnownHosts(Path.of("/nonexistent/known_hosts"))), n -> {});
        SshClient c = Connector.newClient(check, Duration.ofSeconds(7));
        assertEquals(List.of(KeepAliveHandler.INSTANCE), c.getGlobalRequestHandlers(),
                "hostkeys-00@openssh.com is not parsed: the deployer never uses the keys and checking them costs CPU per host");
    }

    @Test
    void theSntrupExchangesAreOursInMinasPlaceAndTheirClientsShareOneKeyPair() {
        HostKeyCheck check = new HostKeyCheck(HostKeyPolicy.knownOnly(new KnownHosts(Path.of("/nonexistent/known_hosts"))), n -> {});
        SshClient ours = Connector.newClient(check, Duration.ofSeconds(7));
        SshClient mina = SshClient.setUpDefaultClient();
        assertEquals(names(mina.getKeyExchangeFactories()), names(ours.getKeyExchangeFactories()), "same algorithms, same order");
        assertTrue(names(ours.getKeyExchangeFactories()).contains("sntrup761x25519-sha512@openssh.com"));

        org.apache.sshd.common.kex.KeyEncapsulationMethod.Client a = RunKeyShare.KEM.getClient();
        org.apache.sshd.common.kex.KeyEncapsulationMethod.Client b = RunKeyShare.KEM.getClient();
        a.init();
        b.init();
        assertTrue(java.util.Arrays.equals(a.getPublicKey(), b.getPublicKey()), "one key pair per run");
        // A server's side, as OpenSSH does it: encapsulate a secret to the public key; the client must get the same secret.
        var pub = new org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters(
                org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters.sntrup761, a.getPublicKey());
        var sent = new org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator(new java.security.SecureRandom()).generateEncapsulated(pub);
        assertTrue(java.util.Arrays.equals(sent.getSecret(), b.extractSecret(sent.getEncapsulation())));
        var other = new org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator(new java.security.SecureRandom()).generateEncapsulated(pub);
        assertFalse(java.util.Arrays.equals(sent.getSecret(), other.getSecret()), "each server's secret is its own");
        assertThrows(IllegalArgumentException.class, () -> a.extractSecret(new byte[10]));
    }

    private static List<String> names(List<? extends org.apache.sshd.common.NamedResource> l) {
        return l.stream().map(org.apache.sshd.common.NamedResource::getName).toList();
    }
}
