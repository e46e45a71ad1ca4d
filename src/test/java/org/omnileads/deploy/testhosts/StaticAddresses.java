package org.omnileads.deploy.testhosts;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.testcontainers.containers.GenericContainer;

/**
 * Static addresses for test hosts that must survive a restart. Podman's default network is
 * 10.88.0.0/16 and hands out dynamic addresses from the bottom up, so a random block high in
 * it rarely meets another container; when it does, the engine refuses the create and
 * {@link TestHosts} tries another block.
 */
final class StaticAddresses {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StaticAddresses() {}

    /** The engine's default network: {@code podman} here, overridable with OML_TEST_NETWORK. */
    static String network() { return System.getenv().getOrDefault("OML_TEST_NETWORK", "podman"); }

    /** {@code count} consecutive addresses 10.88.X.Y with X in 160-249. */
    static List<String> block(int count) {
        int third = 160 + RANDOM.nextInt(90);
        int first = 10 + RANDOM.nextInt(230 - count);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add("10.88." + third + "." + (first + i));
        return out;
    }

    static void assign(GenericContainer<?> c, String address) {
        c.withNetworkMode(network()).withCreateContainerCmdModifier(cmd -> cmd.withIpv4Address(address));
    }

    /** True when a start failed because an address was already given to another container. */
    static boolean isTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("already allocated") || m.contains("already in use") || m.contains("is already")) return true;
        }
        return false;
    }
}
