package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;
import org.omnileads.deploy.ssh.KnownHosts.State;

/** known_hosts reading and writing, checked against what OpenSSH's ssh-keygen printed for the same keys. */
class KnownHostsTest {
    // Made with ssh-keygen; the fingerprints are what `ssh-keygen -lf` printed for them.
    static final String K1 = "AAAAC3NzaC1lZDI1NTE5AAAAILD/7ejtvqHXYCHOHmZSEUxQLMx/9fL3pptFe8aRX9BH";
    static final String K1_FP = "SHA256:uAA38O2lmiRYei6GNkuf9n+8GIOShAaWrqw3BbPQSns";
    static final String K2 = "AAAAC3NzaC1lZDI1NTE5AAAAIK0i36begnzf2hM292BF+D5ezTySLOFSam1d/Svqk9qn";
    static final String K2_FP = "SHA256:w+VfzPa5fXM/t8Er+SBctoDpO4jPg/Hv+EOUifijLpY";
    static final String K3 = "AAAAB3NzaC1yc2EAAAADAQABAAABAQCaNqktybT3+CvfyXplQ2n8pyd+b7eFSE3oEKaMpB1dSWIqk6d7+6UPWZcBIK5K8wzqM8S7t6/D1AR43datJ6UbH/5LYu8SJpd9X6m2XqSp+6/xfmgwv/HS/2ik2VQ49nJqHLF9F3eOmeIZV+lfQj2Ksk2CNoAgzfaHP5lxx76KdPvV6+lgRSdmtY6jvt0ILAoc2XF0nEQPXXnl5/5l9CjZNEJF6kd3vnU1Gowoo0ksFZVRQyIwOjQ2hgmwFwNzbgyZBIgXIdG5BLF1ei4hAmvAbAIVvWhl5rb+sEjCuhBorY9SaJEhB/SD8yAw2dIi4ffiMsB94bxmKSdXEJmTAjc3";
    static final String K3_FP = "SHA256:ar8c8T01QT6UqZCKPtIoofHLZ0SY5dIKZvckG04s8vs";
    // `ssh-keygen -H` of "10.1.2.3 K1" and "[10.1.2.4]:2222 K2".
    static final String HASHED = """
            |1|MIzr3tfkt41x/T8IThrrmou2IXM=|DxcAOVl3Vh4Y1m//O5rNZcQkduU= ssh-ed25519 %s
            |1|4p9n7oDrd3G5Xi+gRv+yC1n5BpI=|+sjAaJ7u8HKWnD6262JBX/XkfBc= ssh-ed25519 %s
            """.formatted(K1, K2);

    @TempDir Path dir;

    static byte[] blob(String b64) { return Base64.getDecoder().decode(b64); }

    KnownHosts file(String text) throws Exception {
        Path f = dir.resolve("known_hosts");
        Files.writeString(f, text);
        return new KnownHosts(f);
    }

    @Test
    void fingerprintIsOpenSshs() {
        assertEquals(K1_FP, KnownHosts.fingerprint(blob(K1)));
        assertEquals(K2_FP, KnownHosts.fingerprint(blob(K2)));
        assertEquals(K3_FP, KnownHosts.fingerprint(blob(K3)));
    }

    @Test
    void hostTokenHasBracketsOnlyOffPort22() {
        assertEquals("10.1.2.3", KnownHosts.hostToken("10.1.2.3", 22));
        assertEquals("[10.1.2.3]:2222", KnownHosts.hostToken("10.1.2.3", 2222));
        assertEquals("db1.example", KnownHosts.hostToken("DB1.Example", 22));
    }

    @Test
    void hashedEntriesMatchTheirHostAndPortOnly() throws Exception {
        KnownHosts kh = file(HASHED);
        assertEquals(State.KNOWN, kh.check("10.1.2.3", 22, "ssh-ed25519", blob(K1)).state());
        assertEquals(State.KNOWN, kh.check("10.1.2.4", 2222, "ssh-ed25519", blob(K2)).state());
        assertEquals(State.UNKNOWN, kh.check("10.1.2.4", 22, "ssh-ed25519", blob(K2)).state());
        assertEquals(State.UNKNOWN, kh.check("10.1.2.3", 2222, "ssh-ed25519", blob(K1)).state());
        var changed = kh.check("10.1.2.3", 22, "ssh-ed25519", blob(K2));
        assertEquals(State.CHANGED, changed.state());
        assertEquals(1, changed.line());
        assertEquals(K1_FP, changed.knownFingerprint());
        assertEquals(K2_FP, changed.fingerprint());
    }

    @Test
    void plainPatternsWildcardsAndNegation() throws Exception {
        KnownHosts kh = file("""
                # a comment

                10.1.2.3,db1 ssh-ed25519 %s
                10.9.*,!10.9.0.7 ssh-ed25519 %s
                [10.1.2.5]:2200 ssh-ed25519 %s
                @cert-authority * ssh-ed25519 %s
                """.formatted(K1, K2, K1, K2));
        assertEquals(State.KNOWN, kh.check("10.1.2.3", 22, "ssh-ed25519", blob(K1)).state());
        assertEquals(State.KNOWN, kh.check("db1", 22, "ssh-ed25519", blob(K1)).state());
        assertEquals(State.KNOWN, kh.check("10.9.3.4", 22, "ssh-ed25519", blob(K2)).state());
        assertEquals(State.UNKNOWN, kh.check("10.9.0.7", 22, "ssh-ed25519", blob(K2)).state(), "negated");
        assertEquals(State.KNOWN, kh.check("10.1.2.5", 2200, "ssh-ed25519", blob(K1)).state());
        assertEquals(State.UNKNOWN, kh.check("10.1.2.6", 22, "ssh-ed25519", blob(K2)).state(), "@cert-authority lines are not host keys");
    }

    @Test
    void changedNamesTheLineOfTheSameTypeAndAnotherTypeCountsAsChanged() throws Exception {
        KnownHosts kh = file("10.1.2.3 ssh-rsa %s\n10.1.2.3 ssh-ed25519 %s\n".formatted(K3, K1));
        var v = kh.check("10.1.2.3", 22, "ssh-ed25519", blob(K2));
        assertEquals(State.CHANGED, v.state());
        assertEquals(2, v.line());
        assertEquals("ssh-ed25519", v.knownType());
        assertEquals(State.KNOWN, kh.check("10.1.2.3", 22, "ssh-rsa", blob(K3)).state(), "any known key passes");
        KnownHosts rsaOnly = file("10.1.2.3 ssh-rsa %s\n".formatted(K3));
        var other = rsaOnly.check("10.1.2.3", 22, "ssh-ed25519", blob(K1));
        assertEquals(State.CHANGED, other.state(), "a host known by RSA that shows another type is not silently trusted");
        assertEquals(List.of("ssh-rsa"), rsaOnly.knownKeyTypes("10.1.2.3", 22));
    }

    @Test
    void revokedKeyIsRefused() throws Exception {
        KnownHosts kh = file("@revoked * ssh-ed25519 %s\n10.1.2.3 ssh-ed25519 %s\n".formatted(K1, K1));
        assertEquals(State.REVOKED, kh.check("10.1.2.3", 22, "ssh-ed25519", blob(K1)).state());
    }

    @Test
    void addCreatesFolderAndFilePrivateAndKeepsLinesApart() throws Exception {
        Path f = dir.resolve("new/.ssh/known_hosts");
        KnownHosts kh = new KnownHosts(f);
        kh.add("10.1.2.3", 22, "ssh-ed25519", blob(K1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
        Files.writeString(f, Files.readString(f) + "# no newline at the end");
        kh.add("10.1.2.4", 2222, "ssh-ed25519", blob(K2));
        assertEquals(List.of("10.1.2.3 ssh-ed25519 " + K1, "# no newline at the end", "[10.1.2.4]:2222 ssh-ed25519 " + K2),
                Files.readAllLines(f));
        assertEquals(State.KNOWN, kh.check("10.1.2.4", 2222, "ssh-ed25519", blob(K2)).state());
    }

    @Test
    void changedKeyMessageNamesEverythingNeededToAct() throws Exception {
        KnownHosts kh = file("# first\n10.1.2.3 ssh-ed25519 %s\n".formatted(K1));
        var v = kh.check("10.1.2.3", 22, "ssh-ed25519", blob(K2));
        SshException e = Connector.changed(new Host("db1", "10.1.2.3", 22, "root", 3), v, kh);
        assertEquals(SshException.Cause.HOST_KEY_CHANGED, e.kind());
        String m = e.getMessage();
        for (String part : List.of("db1", "10.1.2.3", K1_FP, K2_FP, kh.file().toString(), "line 2",
                "ssh-keygen -R 10.1.2.3 -f " + kh.file())) {
            assertTrue(m.contains(part), "message lacks " + part + ": " + m);
        }
        assertTrue(e.fix().contains("ssh-keygen -R 10.1.2.3 -f " + kh.file()));
    }

    @Test
    void knownTypesAreAskedFirst() {
        String offered = "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";
        assertEquals("rsa-sha2-512,rsa-sha2-256,ssh-ed25519,ecdsa-sha2-nistp256", HostKeyCheck.preferKnown(offered, List.of("ssh-rsa")));
        assertEquals(offered, HostKeyCheck.preferKnown(offered, List.of("ssh-ed25519")));
        assertFalse(KnownHosts.hostMatches("10.1.2.3", "10.1.2.30"));
    }
}
