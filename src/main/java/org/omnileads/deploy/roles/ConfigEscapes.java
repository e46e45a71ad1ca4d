package org.omnileads.deploy.roles;

/**
 * How a value is written into the configuration formats the roles render, so it reads back as
 * the same text. What a format cannot hold at all (blanks at the ends of an Asterisk value,
 * line breaks anywhere) is refused earlier, by the inventory validator.
 */
public final class ConfigEscapes {
    private ConfigEscapes() {}

    /**
     * A value of an Asterisk {@code .conf} file ({@code key = value}): {@code ;} starts a comment
     * there unless written {@code \;}. A backslash before it still comes out as written: Asterisk
     * removes only the one backslash just before a {@code ;}.
     */
    public static String asterisk(String value) {
        return value.replace(";", "\\;");
    }

    /**
     * The inside of a double-quoted value of a systemd environment file ({@code KEY="value"}):
     * backslash and double quote escaped, as systemd reads them back.
     */
    public static String doubleQuoted(String value) {
        return kamailioString(value);
    }

    /** The inside of a Kamailio cfg string literal ({@code "..."}): backslash and double quote escaped. */
    public static String kamailioString(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
