package org.omnileads.deploy.inventory;

import java.util.Locale;
import java.util.Optional;

/** An OMniLeads component; each maps to one inventory group of the old installer. */
public enum Component {
    OMNIAPP("omniapp", "web application"),
    KAMAILIO("kamailio", "Kamailio + rtpengine + Redis"),
    ASTERISK("asterisk", "Asterisk"),
    DATABASE("database", "PostgreSQL"),
    DIALER("dialer", "Wombat Dialer + MariaDB");

    private final String group;
    private final String description;

    Component(String group, String description) {
        this.group = group;
        this.description = description;
    }

    /** The inventory group name, e.g. {@code omniapp}. */
    public String group() { return group; }

    public String description() { return description; }

    /** Prefix of the derived wiring variables, e.g. {@code omniapp} for {@code omniapp_ip}. */
    public String wiringPrefix() { return group; }

    public static Optional<Component> ofGroup(String group) {
        String g = group.toLowerCase(Locale.ROOT);
        for (Component c : values()) if (c.group.equals(g)) return Optional.of(c);
        return Optional.empty();
    }
}
