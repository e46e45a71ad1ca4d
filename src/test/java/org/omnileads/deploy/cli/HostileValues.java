package org.omnileads.deploy.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile inputs of {@link HostileValuesHostsTest}: every password holds the sh, SQL and
 * config-file metacharacters, non-ASCII letters, and canaries (commands that would create
 * {@code /tmp/oml-canary-*} if the value were ever run as shell). Each value also holds a
 * marker of letters and digits, which survives quoting and escaping: a search for the marker
 * finds the value even where it was written quoted.
 */
final class HostileValues {
    private HostileValues() {}

    static final String CANARY = "oml-canary-";

    /** The metacharacters, canaries and non-ASCII text every hostile value carries after its marker. */
    static String hostile(String marker) {
        String c = "/tmp/" + CANARY + marker;
        return marker + "'\"$`\\;&|<>#$(touch " + c + "-a)`touch " + c + "-b`;touch " + c + "-c;|touch " + c + "-d&"
                + "'); DROP TABLE x; -- ;--ñ€中 $HOME ${IFS}%s\\n";
    }

    /** Root passwords: blanks at both ends of the first (the password file keeps them). */
    static final List<String> ROOT_PASSWORDS = List.of(" " + hostile("Zr7rootA") + " ", hostile("Zr7rootB"));

    /** Service passwords by inventory variable; written quoted where they have blanks at the ends. */
    static final Map<String, String> SERVICE = new LinkedHashMap<>();

    static {
        SERVICE.put("postgres_password", hostile("Zp7pg"));
        SERVICE.put("admin_pass", "  " + hostile("Zp7admin") + "  ");
        SERVICE.put("ami_password", hostile("Zp7ami"));
        SERVICE.put("dialer_password", hostile("Zp7dial") + " ");
        SERVICE.put("mysql_root_password", " " + hostile("Zp7myroot"));
        SERVICE.put("sup_ami_password", hostile("Zp7sup"));
        SERVICE.put("kamailio_ephemeral_secret", hostile("Zp7kam"));
    }

    static final String AMI_USER = "ami.user-1@oml";
    static final String SUP_AMI_USER = "sup-ami.2";
    static final String DIALER_USER = "dial.er-1@oml";
    /** Not a secret: a label of the application, shown in its screens. */
    static final String SCHEDULE = "Agenda " + hostile("Zs7sched");

    /** Every secret value with its marker. */
    static Map<String, String> secretsByMarker() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : ROOT_PASSWORDS) out.put(marker(s), s);
        for (String s : SERVICE.values()) out.put(marker(s), s);
        return out;
    }

    static String marker(String value) {
        String v = value.strip();
        return v.substring(0, v.indexOf('\''));
    }

    /** A cluster-in-2 inventory: omlapp (app, database, dialer) and omlvoip (Kamailio, Asterisk). */
    static String inventory(String appAddress, String voipAddress) {
        StringBuilder s = new StringBuilder();
        s.append("[omniapp]\nomlapp ansible_host=").append(appAddress).append('\n');
        s.append("[kamailio]\nomlvoip ansible_host=").append(voipAddress).append('\n');
        s.append("[asterisk]\nomlvoip\n[database]\nomlapp\n[dialer]\nomlapp\n\n[everyone:vars]\n");
        s.append("postgres_database=omnileads\npostgres_user=omnileads\n");
        s.append("ami_user=").append(AMI_USER).append("\nsup_ami_user=").append(SUP_AMI_USER).append('\n');
        s.append("dialer_user=").append(DIALER_USER).append("\nTZ=America/Argentina/Cordoba\n");
        s.append("schedule=").append(SCHEDULE).append('\n');
        SERVICE.forEach((k, v) -> {
            boolean blankEnds = !v.strip().equals(v);
            s.append(k).append('=').append(blankEnds ? "\"" + v + "\"" : v).append('\n');
        });
        return s.toString();
    }

    /** {@link #inventory} on 127.0.0.1 and 127.0.0.2 port 1, where nothing listens: every login is refused at once. */
    static String refusingInventory() {
        return inventory("127.0.0.1", "127.0.0.2")
                .replace("omlapp ansible_host=127.0.0.1", "omlapp ansible_host=127.0.0.1 ansible_port=1")
                .replace("omlvoip ansible_host=127.0.0.2", "omlvoip ansible_host=127.0.0.2 ansible_port=1");
    }
}
