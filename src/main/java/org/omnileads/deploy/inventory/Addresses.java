package org.omnileads.deploy.inventory;

import java.util.regex.Pattern;

/** What a host address, SSH port and SSH user may look like. */
final class Addresses {
    private Addresses() {}

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}");
    private static final Pattern SSH_USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    /** True for a dotted-quad IPv4 address a host can have (not 0.x, multicast or reserved). */
    static boolean isHostAddress(String s) {
        return ipv4Problem(s) == null;
    }

    /** Why {@code s} is not a usable host address, or null when it is. */
    static Complaint ipv4Problem(String address) {
        String s = InventoryParser.clip(address);
        String hint = "write the host's IPv4 address as four numbers from 0 to 255, e.g. 192.0.2.10";
        if (address.isEmpty()) return new Complaint("ansible_host is empty", hint);
        if (address.indexOf(':') >= 0) {
            return new Complaint("IPv6 address " + s + " is not supported", "give the host's IPv4 address");
        }
        if (!IPV4.matcher(address).matches()) {
            boolean looksLikeName = address.chars().anyMatch(Character::isLetter) && HOST_NAME.matcher(address).matches();
            return looksLikeName
                    ? new Complaint("ansible_host must be an IP address, not the name '" + s + "'",
                            "the address goes into database and firewall rules; " + hint)
                    : new Complaint("'" + s + "' is not a valid IP address", hint);
        }
        String[] parts = address.split("\\.");
        for (String p : parts) {
            if (Integer.parseInt(p) > 255) return new Complaint("'" + s + "' is not a valid IP address", hint);
        }
        int first = Integer.parseInt(parts[0]);
        if (first == 0 || first >= 224) {
            return new Complaint(s + " cannot be a host's address (it is a network, multicast or reserved address)", hint);
        }
        return null;
    }

    static boolean isHostName(String s) {
        return HOST_NAME.matcher(s).matches();
    }

    static boolean isSshUser(String s) {
        return SSH_USER.matcher(s).matches();
    }
}
