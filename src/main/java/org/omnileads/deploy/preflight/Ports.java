package org.omnileads.deploy.preflight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnileads.deploy.inventory.Component;

/** The ports each component listens on, and the programs allowed to hold them (ours, on a re-run). */
public final class Ports {
    /** A listening port: number, protocol, and the process names that are ours. */
    public record Port(int number, String protocol, String what, Set<String> owners) {}

    private Ports() {}

    public static List<Port> of(Component c, int externalPort) {
        return switch (c) {
            case OMNIAPP -> List.of(
                    new Port(80, "tcp", "nginx HTTP (redirect)", Set.of("nginx")),
                    new Port(externalPort, "tcp", "nginx HTTPS", Set.of("nginx")),
                    new Port(6379, "tcp", "Redis", Set.of("redis-server")));
            case KAMAILIO -> List.of(
                    new Port(5060, "udp", "Kamailio SIP", Set.of("kamailio")),
                    new Port(5060, "tcp", "Kamailio SIP", Set.of("kamailio")),
                    new Port(5061, "tcp", "Kamailio SIP TLS", Set.of("kamailio")),
                    new Port(1080, "tcp", "Kamailio WebSocket", Set.of("kamailio")),
                    new Port(14443, "tcp", "Kamailio secure WebSocket", Set.of("kamailio")),
                    new Port(22222, "udp", "rtpengine control", Set.of("rtpengine")),
                    new Port(6379, "tcp", "Redis", Set.of("redis-server")));
            case ASTERISK -> List.of(
                    new Port(5038, "tcp", "Asterisk AMI", Set.of("asterisk")),
                    new Port(5160, "udp", "Asterisk SIP", Set.of("asterisk")),
                    new Port(7088, "tcp", "Asterisk HTTP", Set.of("asterisk")));
            case DATABASE -> List.of(new Port(5432, "tcp", "PostgreSQL", Set.of("postgres")));
            case DIALER -> List.of(
                    new Port(8080, "tcp", "Tomcat (Wombat Dialer)", Set.of("java")),
                    new Port(3306, "tcp", "MariaDB", Set.of("mariadbd", "mysqld")));
        };
    }

    /** Ports of several components on one host, one entry per number/protocol. */
    public static Map<String, Port> forHost(Set<Component> components, int externalPort) {
        Map<String, Port> m = new LinkedHashMap<>();
        for (Component c : components) for (Port p : of(c, externalPort)) m.putIfAbsent(p.number() + "/" + p.protocol(), p);
        return m;
    }
}
