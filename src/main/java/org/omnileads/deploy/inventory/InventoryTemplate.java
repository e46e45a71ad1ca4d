package org.omnileads.deploy.inventory;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.omnileads.deploy.secrets.PasswordGenerator;

/**
 * A commented starting inventory for {@code deploy inventory init}: the old installer's format,
 * one of the three layouts, placeholder hosts and freshly generated strong passwords. The text
 * parses without errors as it is (with the 192.0.2.x documentation addresses kept).
 */
public final class InventoryTemplate {
    /** User names the old template shipped; they are not secrets, so they are kept. */
    private static final Map<Variable, String> USER_NAMES = Map.of(
            Variable.POSTGRES_DATABASE, "omnileads",
            Variable.POSTGRES_USER, "omnileads",
            Variable.AMI_USER, "omnileadsami",
            Variable.DIALER_USER, "demoadmin",
            Variable.SUP_AMI_USER, "omnisup");

    private InventoryTemplate() {}

    /**
     * The host names of a layout and the components each one runs, as the seed document names
     * them: {@code omnileads-aio}; {@code omlapp} + {@code omlvoip}; {@code omlapp},
     * {@code kamailio}, {@code asterisk}, {@code database}, {@code dialer}.
     *
     * @throws IllegalArgumentException for {@link Topology#CUSTOM}, which has no template
     */
    public static Map<String, Set<Component>> layout(Topology topology) {
        Map<String, Set<Component>> m = new LinkedHashMap<>();
        switch (topology) {
            case AIO -> m.put("omnileads-aio", EnumSet.allOf(Component.class));
            case CLUSTER_IN_2 -> {
                m.put("omlapp", EnumSet.of(Component.OMNIAPP, Component.DATABASE, Component.DIALER));
                m.put("omlvoip", EnumSet.of(Component.KAMAILIO, Component.ASTERISK));
            }
            case CLUSTER_IN_5 -> {
                m.put("omlapp", EnumSet.of(Component.OMNIAPP));
                for (Component c : List.of(Component.KAMAILIO, Component.ASTERISK, Component.DATABASE, Component.DIALER)) {
                    m.put(c.group(), EnumSet.of(c));
                }
            }
            case CUSTOM -> throw new IllegalArgumentException("there is no template for a custom layout; choose aio, cluster-in-2 or cluster-in-5");
        }
        return m;
    }

    /** The template with placeholder addresses 192.0.2.10, .11, ... and this machine's time zone (or UTC). */
    public static String render(Topology topology) {
        return render(topology, Map.of(), defaultZone());
    }

    /**
     * The template with the given addresses.
     *
     * @param addresses IPv4 address per host name of {@link #layout}; missing names get a 192.0.2.x placeholder
     * @param timeZone  the TZ value, a zone such as {@code America/Argentina/Cordoba}
     * @throws IllegalArgumentException for an unknown host name, an invalid address or time zone, or {@link Topology#CUSTOM}
     */
    public static String render(Topology topology, Map<String, String> addresses, String timeZone) {
        Map<String, Set<Component>> layout = layout(topology);
        for (Map.Entry<String, String> e : addresses.entrySet()) {
            if (!layout.containsKey(e.getKey())) throw new IllegalArgumentException("no host " + e.getKey() + " in the " + topology + " layout " + layout.keySet());
            Complaint c = Addresses.ipv4Problem(e.getValue());
            if (c != null) throw new IllegalArgumentException(c.message());
        }
        Complaint tz = Variable.TZ.check(timeZone);
        if (tz != null) throw new IllegalArgumentException(tz.message());

        Map<String, String> hostLines = new LinkedHashMap<>();
        int placeholder = 10;
        boolean placeholders = false;
        for (String name : layout.keySet()) {
            String address = addresses.get(name);
            if (address == null) {
                address = "192.0.2." + placeholder;
                placeholders = true;
            }
            placeholder++;
            hostLines.put(name, name + " ansible_host=" + address + " ansible_ssh_port=22 ansible_user=root");
        }

        List<String> out = new ArrayList<>();
        out.add("# OMniLeads inventory for oml-deploy, layout " + topology.label() + ": " + summary(topology));
        out.add("# Written by `deploy inventory init`. Format and every variable: docs/inventory.md");
        out.add("#");
        if (placeholders) {
            out.add("# 1. Replace the host names and the 192.0.2.x addresses (reserved for documentation,");
            out.add("#    they reach no machine) by your hosts' names and IPv4 addresses. Each name must be");
            out.add("#    the host's own name (the output of `hostname` on it).");
        } else {
            out.add("# 1. Each host name must be the host's own name (the output of `hostname` on it).");
        }
        out.add("# 2. Check TZ and the other settings under [everyone:vars].");
        out.add("# 3. The passwords were generated for you. Keep this file private: chmod 600 inventory");
        out.add("#");
        out.add("# A host line: NAME ansible_host=IP_ADDRESS ansible_ssh_port=22 ansible_user=root");
        out.add("# Lines starting with # or ; are comments.");
        out.add("");
        if (topology == Topology.AIO) {
            out.add("# All-in-one: every component on this one host. For a cluster, use the groups");
            out.add("# [omniapp] [kamailio] [asterisk] [database] [dialer] instead (see inventory.example.ini).");
            out.add("[" + InventoryParser.AIO_GROUP + "]");
            out.add(hostLines.values().iterator().next());
            out.add("");
        } else {
            out.add("# Cluster: one host per component group; a host line may appear under several groups.");
            for (Component c : Component.values()) {
                out.add("# " + c.description());
                out.add("[" + c.group() + "]");
                for (Map.Entry<String, Set<Component>> h : layout.entrySet()) {
                    if (h.getValue().contains(c)) out.add(hostLines.get(h.getKey()));
                }
                out.add("");
            }
        }
        out.add("# Shared settings. A value is everything after the first '=' (# and ; inside a value are");
        out.add("# kept); quotes around a whole value are removed.");
        out.add("[" + InventoryParser.VARS_SECTION + "]");
        for (Variable v : Variable.values()) {
            out.add("# " + v.meaning() + (v.required() ? "" : " (default " + v.defaultValue().orElseThrow() + ")"));
            String value;
            if (v.isPassword()) value = PasswordGenerator.generate();
            else if (v == Variable.TZ) value = timeZone;
            else value = USER_NAMES.getOrDefault(v, v.defaultValue().orElse(""));
            out.add(v.key() + "=" + value);
        }
        return String.join("\n", out) + "\n";
    }

    private static String summary(Topology topology) {
        return switch (topology) {
            case AIO -> "every component on one host";
            case CLUSTER_IN_2 -> "web app + database + dialer on omlapp, Kamailio + Asterisk on omlvoip";
            case CLUSTER_IN_5 -> "each component on its own host";
            case CUSTOM -> "custom";
        };
    }

    /** This machine's time zone when it is a named zone the hosts also know, else UTC. */
    static String defaultZone() {
        try {
            String id = ZoneId.systemDefault().getId();
            return Variable.TZ.check(id) == null && id.contains("/") ? id : "UTC";
        } catch (RuntimeException e) {
            return "UTC";
        }
    }
}
