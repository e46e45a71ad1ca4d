package org.omnileads.deploy.ssh;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.digest.Digest;
import org.apache.sshd.common.kex.AbstractDH;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyEncapsulationMethod;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.kex.MontgomeryCurve;
import org.apache.sshd.common.kex.XDH;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;

/**
 * The post-quantum key exchange {@code sntrup761x25519-sha512} (OpenSSH's default since 9.0, the
 * best Debian 12's sshd offers) with its Streamlined NTRU Prime key pair made once per run, in the
 * background as the deployer starts, instead of once per host on the login's path.
 *
 * <p>Why: making an sntrup761 key pair costs this JVM about 33 ms of CPU (110-170 ms for the first,
 * before the code is compiled): on 20 hosts, the largest share of the deployer's own work in a
 * converged run. Why it is safe: sntrup761 is a KEM built to be secure against chosen-ciphertext
 * attacks (IND-CCA2), which covers one public key answered by many servers; the X25519 half of the
 * hybrid stays new for every session (MINA makes it per key exchange), and the shared secret hashes
 * both. The key pair lives only in this process's memory, like the session keys of every session
 * it has open, and is gone when the run ends. What changes is only that the post-quantum half's
 * forward secrecy is per run instead of per session.
 */
final class RunKeyShare {
    private static final String NAME = BuiltinDHFactories.sntrup761x25519.getName();
    private static final String OPENSSH_NAME = BuiltinDHFactories.sntrup761x25519_openssh.getName();

    private static volatile CompletableFuture<AsymmetricCipherKeyPair> pair;

    private RunKeyShare() {}

    /** Starts making the run's key pair on a background thread; later calls do nothing. */
    static void prepare() {
        if (pair != null) return;
        synchronized (RunKeyShare.class) {
            if (pair == null) pair = startMaking();
        }
    }

    /**
     * A new key pair for the logins to come (a {@link SessionKeeper} lives across runs and logs in
     * for each of them); key exchanges already under way keep the one they took.
     */
    static void renew() {
        synchronized (RunKeyShare.class) {
            pair = startMaking();
        }
    }

    private static CompletableFuture<AsymmetricCipherKeyPair> startMaking() {
        CompletableFuture<AsymmetricCipherKeyPair> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(generate());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "oml-kex-keys");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static AsymmetricCipherKeyPair generate() {
        SNTRUPrimeKeyPairGenerator g = new SNTRUPrimeKeyPairGenerator();
        g.init(new SNTRUPrimeKeyGenerationParameters(new SecureRandom(), SNTRUPrimeParameters.sntrup761));
        return g.generateKeyPair();
    }

    private static AsymmetricCipherKeyPair pair() {
        prepare();
        return pair.join();
    }

    /** {@code factories} with MINA's sntrup761x25519 exchanges replaced, in place, by this one. */
    static List<KeyExchangeFactory> replaceIn(List<? extends KeyExchangeFactory> factories) {
        List<KeyExchangeFactory> out = new ArrayList<>();
        for (KeyExchangeFactory f : factories) {
            if (f.getName().equals(NAME) || f.getName().equals(OPENSSH_NAME)) {
                out.add(ClientBuilder.DH2KEX.apply(new Factory(f.getName())));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** The exchange under one of its two names, as MINA's own: X25519 raw, SHA-512. */
    private static final class Factory implements DHFactory {
        private final String name;

        Factory(String name) { this.name = name; }

        @Override public String getName() { return name; }

        @Override public boolean isGroupExchange() { return false; }

        @Override public boolean isSupported() { return MontgomeryCurve.x25519.isSupported(); }

        @Override
        public AbstractDH create(Object... params) throws Exception {
            if (params != null && params.length > 0) throw new IllegalArgumentException("no parameters for " + name);
            return new XDH(MontgomeryCurve.x25519, true) {
                @Override public KeyEncapsulationMethod getKeyEncapsulation() { return KEM; }

                @Override public Digest getHash() throws Exception { return BuiltinDigests.sha512.create(); }
            };
        }
    }

    /** The KEM of both names: clients share the run's key pair. */
    static final KeyEncapsulationMethod KEM = new KeyEncapsulationMethod() {
        @Override public Client getClient() { return new SharedClient(); }

        @Override public Server getServer() { throw new UnsupportedOperationException("the deployer is only an SSH client"); }
    };

    /** One key exchange's client side, with the run's key pair. */
    private static final class SharedClient implements KeyEncapsulationMethod.Client {
        private SNTRUPrimeKEMExtractor extractor;
        private SNTRUPrimePublicKeyParameters publicKey;

        @Override
        public void init() {
            AsymmetricCipherKeyPair p = pair();
            extractor = new SNTRUPrimeKEMExtractor((SNTRUPrimePrivateKeyParameters) p.getPrivate());
            publicKey = (SNTRUPrimePublicKeyParameters) p.getPublic();
        }

        @Override public byte[] getPublicKey() { return publicKey.getEncoded(); }

        @Override
        public byte[] extractSecret(byte[] encapsulated) {
            if (encapsulated.length != extractor.getEncapsulationLength()) {
                throw new IllegalArgumentException("sntrup761 ciphertext of " + encapsulated.length + " bytes, expected "
                        + extractor.getEncapsulationLength());
            }
            return extractor.extractSecret(encapsulated);
        }

        @Override public int getEncapsulationLength() { return extractor.getEncapsulationLength(); }
    }
}
