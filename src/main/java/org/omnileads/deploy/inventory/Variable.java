package org.omnileads.deploy.inventory;

import java.text.Normalizer;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A variable of {@code [everyone:vars]} that the tool knows: its meaning, whether the user must
 * give it, its default otherwise, and which values can be right. Other variables are accepted
 * and passed to the roles as they are.
 */
public enum Variable {
    POSTGRES_DATABASE("postgres_database", "PostgreSQL database of the application", null, Kind.SQL_NAME),
    POSTGRES_USER("postgres_user", "PostgreSQL role the application logs in as", null, Kind.SQL_NAME),
    POSTGRES_PASSWORD("postgres_password", "password of postgres_user", null, Kind.CONF_PASSWORD),
    ADMIN_PASS("admin_pass", "password of the web administrator 'admin'", null, Kind.PASSWORD),
    AMI_USER("ami_user", "Asterisk Manager Interface user of the application and the dialer", null, Kind.USER),
    AMI_PASSWORD("ami_password", "password of ami_user", null, Kind.CONF_PASSWORD),
    DIALER_USER("dialer_user", "Wombat Dialer web user", null, Kind.USER),
    DIALER_PASSWORD("dialer_password", "password of dialer_user", null, Kind.PASSWORD),
    MYSQL_ROOT_PASSWORD("mysql_root_password", "MariaDB root password on the dialer host (deploy -cp changes it)", null, Kind.PASSWORD),
    SUP_AMI_USER("sup_ami_user", "Asterisk Manager Interface user of the supervision screens", null, Kind.USER),
    SUP_AMI_PASSWORD("sup_ami_password", "password of sup_ami_user", null, Kind.CONF_PASSWORD),
    TZ("TZ", "time zone of every host, e.g. America/Argentina/Cordoba", null, Kind.TIME_ZONE),
    EXTERNAL_PORT("external_port", "HTTPS port of the web application", "443", Kind.PORT),
    SCA("SCA", "session cookie age: seconds an idle web session lasts", "3600", Kind.SECONDS),
    ECCTL("ECCTL", "seconds the ephemeral SIP credentials of an agent last", "28800", Kind.SECONDS),
    MONITORFORMAT("MONITORFORMAT", "format recordings are converted to each night: mp3 or wav", "mp3", Kind.MONITOR_FORMAT),
    SCHEDULE("schedule", "label of the scheduled-call disposition in the application", "Agenda", Kind.TEXT);

    /**
     * What a value must look like. {@code CONF_PASSWORD}: a password also written into an Asterisk
     * configuration file ({@code manager.conf}, {@code res_odbc.conf}), which drops blanks at the
     * ends of a value.
     */
    enum Kind { PASSWORD, CONF_PASSWORD, USER, SQL_NAME, PORT, SECONDS, MONITOR_FORMAT, TIME_ZONE, TEXT }

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}");
    // Computed once: ZoneId.getAvailableZoneIds() builds a fresh set on every call.
    private static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    private final String key;
    private final String meaning;
    private final String defaultValue;
    private final Kind kind;

    Variable(String key, String meaning, String defaultValue, Kind kind) {
        this.key = key;
        this.meaning = meaning;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    /** The name as written in the inventory, e.g. {@code postgres_password} or {@code TZ}. */
    public String key() { return key; }

    public String meaning() { return meaning; }

    /** The value used when the inventory does not give one; empty for required variables. */
    public Optional<String> defaultValue() { return Optional.ofNullable(defaultValue); }

    /** True when the inventory must give the variable: every password, user and {@code TZ}. */
    public boolean required() { return defaultValue == null; }

    public boolean isPassword() { return kind == Kind.PASSWORD || kind == Kind.CONF_PASSWORD; }

    Kind kind() { return kind; }

    public static Optional<Variable> ofKey(String key) {
        for (Variable v : values()) if (v.key.equals(key)) return Optional.of(v);
        return Optional.empty();
    }

    /** Why {@code value} cannot be right for this variable, or null when it can. */
    Complaint check(String value) {
        if (value.isEmpty()) {
            return new Complaint(key + " is empty",
                    defaultValue == null ? "give " + key + " a value (" + meaning + ")"
                            : "give it a value or remove the line to use the default " + defaultValue);
        }
        return switch (kind) {
            case PORT -> isPort(value) ? null
                    : new Complaint(key + " must be a port number from 1 to 65535, not '" + InventoryParser.clip(value) + "'", "the default is " + defaultValue);
            case SECONDS -> DIGITS.matcher(value).matches() && Integer.parseInt(value) > 0 ? null
                    : new Complaint(key + " must be a whole number of seconds greater than 0, not '" + InventoryParser.clip(value) + "'", "the default is " + defaultValue);
            case MONITOR_FORMAT -> value.equals("mp3") || value.equals("wav") ? null
                    : new Complaint("MONITORFORMAT must be mp3 or wav, not '" + InventoryParser.clip(value) + "'",
                            value.equalsIgnoreCase("mp3") || value.equalsIgnoreCase("wav")
                                    ? "write it in lower case: " + value.toLowerCase(java.util.Locale.ROOT)
                                    : "mp3 files are small; wav is what Asterisk records");
            case TIME_ZONE -> ZONES.contains(value) ? null
                    : new Complaint("TZ '" + InventoryParser.clip(value) + "' is not a known time zone",
                            NearestName.of(value, ZONES).map(z -> "did you mean " + z + "? ").orElse("")
                                    + "use a zone name such as America/Argentina/Cordoba or UTC (see `timedatectl list-timezones`)");
            case SQL_NAME -> SQL_NAME.matcher(value).matches() ? null
                    : new Complaint(key + " '" + InventoryParser.clip(value) + "' is not a valid PostgreSQL name",
                            "use letters, digits and _ (not starting with a digit), at most 63 characters");
            case USER -> USER_NAME.matcher(value).matches() ? null
                    : new Complaint(key + " '" + InventoryParser.clip(value) + "' is not a valid user name",
                            "use letters, digits and . _ - @ (no blanks or brackets), at most 64 characters");
            case CONF_PASSWORD -> confPassword(value);
            case PASSWORD, TEXT -> null;
        };
    }

    /** Files a {@link Kind#CONF_PASSWORD} is written into, for messages. */
    private String confFiles() {
        return this == POSTGRES_PASSWORD ? "res_odbc.conf" : "manager.conf";
    }

    private Complaint confPassword(String value) {
        if (!value.strip().equals(value)) {
            return new Complaint(key + " starts or ends with a blank, which Asterisk's " + confFiles()
                    + " cannot hold (it drops blanks at the ends of a value, so the password would not match)",
                    "remove the blanks at the ends; blanks inside, quotes, ; # $ \\ and non-ASCII letters are fine");
        }
        // libpq sends a password through SASLprep (NFKC) before SCRAM; the stored verifier is made
        // from the text as written, so a password NFKC changes could never log in.
        if (this == POSTGRES_PASSWORD && !Normalizer.isNormalized(value, Normalizer.Form.NFKC)) {
            return new Complaint(key + " has characters PostgreSQL's clients replace before sending (Unicode compatibility"
                    + " forms such as ligatures or full-width letters), so the password would not match",
                    "use other characters; ASCII, accented letters and other scripts are fine");
        }
        return null;
    }

    /** True for a decimal port number 1..65535. */
    static boolean isPort(String value) {
        return value.length() <= 5 && DIGITS.matcher(value).matches()
                && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 65535;
    }
}
