package org.omnileads.deploy.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The inventory's own certificate authority, made once on the workstation and kept in
 * {@code .deploy/pki/} (private keys mode 0600, no passphrase: the directory is the protection,
 * as for an SSH key). Host certificates name the host's name and address; one is reissued when
 * those change (a change of network) or when it nears its end.
 */
public final class CertificateAuthority {
    private static final Duration CA_LIFE = Duration.ofDays(3650);
    private static final Duration HOST_LIFE = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private CertificateAuthority(Path dir, KeyPair caKeys, X509Certificate caCert) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /** A host's certificate and key, as PEM text. */
    public record Issued(String certificatePem, String privateKeyPem, boolean fresh) {}

    /** Loads the CA of {@code dir}, or makes it when the directory has none. */
    public static CertificateAuthority loadOrCreate(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.resolve("hosts"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path key = dir.resolve("ca.key");
            Path crt = dir.resolve("ca.crt");
            if (Files.exists(key) && Files.exists(crt)) {
                return new CertificateAuthority(dir, readKey(Files.readString(key)), readCert(Files.readString(crt)));
            }
            KeyPair kp = rsa();
            X500Name name = new X500Name("CN=OMniLeads deployment CA,O=oml-deploy");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_LIFE)), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = sign(b, kp.getPrivate());
            writePrivate(key, pem(kp.getPrivate()));
            write(crt, pem(cert));
            return new CertificateAuthority(dir, kp, cert);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the certificate authority in " + dir + ": " + e.getMessage(), e);
        }
    }

    public String caPem() throws IOException { return pem(caCert); }

    /**
     * The certificate of a host, naming {@code hostName} and {@code address}; reused from
     * {@code hosts/NAME.crt} while it still names them and is not near its end.
     */
    public Issued issue(String hostName, String address) throws IOException {
        Path crt = dir.resolve("hosts").resolve(hostName + ".crt");
        Path key = dir.resolve("hosts").resolve(hostName + ".key");
        try {
            if (Files.exists(crt) && Files.exists(key)) {
                X509Certificate old = readCert(Files.readString(crt));
                if (names(old).equals(Set.of("dns:" + hostName, "ip:" + address))
                        && old.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
                    return new Issued(Files.readString(crt), Files.readString(key), false);
                }
            }
            KeyPair kp = rsa();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(HOST_LIFE)), new X500Name("CN=" + hostName), kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, hostName), new GeneralName(GeneralName.iPAddress, address)}));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate cert = sign(b, caKeys.getPrivate());
            String keyPem = pem(kp.getPrivate());
            writePrivate(key, keyPem);
            write(crt, pem(cert));
            return new Issued(pem(cert), keyPem, true);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue the certificate of " + hostName + ": " + e.getMessage(), e);
        }
    }

    /** Subject alternative names as "dns:NAME" / "ip:ADDRESS". */
    static Set<String> names(X509Certificate c) throws GeneralSecurityException {
        Set<String> out = new HashSet<>();
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        if (sans == null) return out;
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            if (type == GeneralName.dNSName) out.add("dns:" + san.get(1));
            if (type == GeneralName.iPAddress) out.add("ip:" + san.get(1));
        }
        return out;
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        // RSA 2048: what Kamailio's TLS, nginx and every SIP/WebRTC client accept.
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() { return new BigInteger(127, RANDOM); }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws OperatorCreationException, GeneralSecurityException {
        X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static KeyPair readKey(String pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) return conv.getKeyPair(kp);
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo pki) {
                PrivateKey priv = conv.getPrivateKey(pki);
                var rsa = (java.security.interfaces.RSAPrivateCrtKey) priv;
                var pub = java.security.KeyFactory.getInstance("RSA")
                        .generatePublic(new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new KeyPair(pub, priv);
            }
            throw new IOException("not a private key");
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static X509Certificate readCert(String pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("not a certificate: " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".crt", ".tmp");
        Files.writeString(tmp, text);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every host certificate file name under hosts/, for tests and listings. */
    public List<Path> hostFiles() throws IOException {
        try (var s = Files.list(dir.resolve("hosts"))) {
            return new ArrayList<>(s.sorted().toList());
        }
    }
}
