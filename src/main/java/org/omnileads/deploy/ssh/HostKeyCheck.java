package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.omnileads.deploy.inventory.Host;

/**
 * Applies the {@link HostKeyPolicy} during key exchange. It never blocks a network thread: an unknown key that
 * needs the operator's answer is refused here and noted on the session; the connector asks in inventory order
 * and connects again. It also asks servers for the key types already known for them first, as OpenSSH does,
 * so a host known by its RSA key is not reported changed because it also has an ed25519 key.
 */
final class HostKeyCheck implements ServerKeyVerifier, SessionListener {
    /** What one connection attempt is for, and what the check found; set in the connection context. */
    static final AttributeKey<Attempt> ATTEMPT = new AttributeKey<>();

    /**
     * One connection attempt. The session's own attributes are cleared when it closes, so a refusal is noted
     * here, where the connector can still read it.
     */
    static final class Attempt {
        final Host host;
        volatile KnownHosts.Verdict refused;
        volatile PublicKey presented;
        volatile IOException fileError;

        Attempt(Host host) { this.host = host; }
    }

    private final HostKeyPolicy policy;
    private final Consumer<String> notices;

    HostKeyCheck(HostKeyPolicy policy, Consumer<String> notices) {
        this.policy = policy;
        this.notices = notices;
    }

    HostKeyPolicy policy() { return policy; }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey key) {
        Attempt attempt = attemptOf(session);
        if (attempt == null) return false;
        Host host = attempt.host;
        KnownHosts kh = policy.knownHosts();
        try {
            KnownHosts.Verdict v = kh.check(host.address(), host.port(), key);
            if (v.state() == KnownHosts.State.KNOWN) return true;
            if (v.state() == KnownHosts.State.UNKNOWN && policy.acceptNew()) {
                kh.add(host.address(), host.port(), key);
                notices.accept(host.label() + ": new host key " + v.keyType() + " " + v.fingerprint() + " added to " + kh.file());
                return true;
            }
            attempt.presented = key;
            attempt.refused = v;
            return false;
        } catch (IOException e) {
            attempt.fileError = e;
            return false;
        }
    }

    @Override
    public void sessionNegotiationOptionsCreated(Session session, Map<KexProposalOption, String> proposal) {
        if (!(session instanceof ClientSession cs)) return;
        Attempt attempt = attemptOf(cs);
        String algorithms = proposal.get(KexProposalOption.SERVERKEYS);
        if (attempt == null || algorithms == null) return;
        Host host = attempt.host;
        try {
            List<String> known = policy.knownHosts().knownKeyTypes(host.address(), host.port());
            if (!known.isEmpty()) proposal.put(KexProposalOption.SERVERKEYS, preferKnown(algorithms, known));
        } catch (IOException e) {
            // The verifier meets the same error and reports it.
        }
    }

    /** Moves the algorithms whose key type is known to the front, keeping the order otherwise. */
    static String preferKnown(String algorithms, List<String> knownTypes) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String a : algorithms.split(",")) (knownTypes.contains(keyTypeOf(a)) ? first : rest).add(a);
        first.addAll(rest);
        return String.join(",", first);
    }

    /** The key type a host key algorithm uses: the RSA signature names all use an {@code ssh-rsa} key. */
    static String keyTypeOf(String algorithm) {
        return switch (algorithm) {
            case "rsa-sha2-256", "rsa-sha2-512" -> "ssh-rsa";
            default -> algorithm;
        };
    }

    static Attempt attemptOf(ClientSession session) {
        AttributeRepository context = session.getConnectionContext();
        return context == null ? null : context.getAttribute(ATTEMPT);
    }
}
