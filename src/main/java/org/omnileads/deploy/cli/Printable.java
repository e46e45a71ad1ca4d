package org.omnileads.deploy.cli;

/**
 * Text from inventories, files and hosts made safe for a terminal: every control character
 * (escape, carriage return, backspace, bell, the C1 range, ...) is shown as a visible escape
 * such as {@code \e} or {@code \x07}, so no value can move the cursor, recolour, retitle or
 * clear the screen. Newlines (and tabs) are kept: the tool's own messages span lines.
 */
public final class Printable {
    private Printable() {}

    /** {@code text} with every control character but newline and tab made visible. */
    public static String escape(String text) {
        if (text == null) return null;
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (!control) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(text.length() + 8).append(text, 0, i);
            switch (c) {
                case 0x1b -> b.append("\\e");
                case '\r' -> b.append("\\r");
                default -> b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }

    /** One value for a message: in single quotes, newlines and tabs made visible too. */
    public static String quoted(String value) {
        return "'" + escape(value).replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
