package org.omnileads.deploy.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir Path dir;

    private static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void hostCertificateNamesHostAndAddressAndIsSignedByTheCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("pki"));
        var issued = ca.issue("omlapp", "192.0.2.10");
        X509Certificate host = cert(issued.certificatePem());
        X509Certificate root = cert(ca.caPem());
        host.verify(root.getPublicKey());
        assertEquals(Set.of("dns:omlapp", "ip:192.0.2.10"), CertificateAuthority.names(host));
        assertTrue(issued.privateKeyPem().startsWith("-----BEGIN"), "PEM key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/ca.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/hosts/omlapp.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki"))));
    }

    @Test
    void theCaIsMadeOnceAndHostCertificatesAreKeptUntilTheirNamesChange() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir);
        var a = first.issue("asterisk", "192.0.2.12");
        CertificateAuthority again = CertificateAuthority.loadOrCreate(dir);
        assertEquals(first.caPem(), again.caPem());
        var b = again.issue("asterisk", "192.0.2.12");
        assertFalse(b.fresh());
        assertEquals(a.certificatePem(), b.certificatePem());
        var moved = again.issue("asterisk", "192.0.2.99");
        assertTrue(moved.fresh(), "a new address needs a new certificate");
        assertNotEquals(a.certificatePem(), moved.certificatePem());
        assertEquals(Set.of("dns:asterisk", "ip:192.0.2.99"), CertificateAuthority.names(cert(moved.certificatePem())));
        cert(moved.certificatePem()).verify(cert(first.caPem()).getPublicKey());
    }
}
