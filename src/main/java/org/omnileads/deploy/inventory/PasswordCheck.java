package org.omnileads.deploy.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds passwords that must not protect a real install: the examples shipped in the old
 * installer's template, placeholders, values shorter than {@value #MIN_LENGTH} characters and
 * passwords equal to a user name. The CLI refuses an install with any of them unless the user
 * passes {@code --allow-weak-passwords}. Messages never contain the password itself.
 */
public final class PasswordCheck {
    /** The hint of every weak-password problem. */
    public static final String HINT = "choose strong passwords or pass --allow-weak-passwords";
    public static final int MIN_LENGTH = 8;
    /** Values starting with this (any case) are placeholders, as in inventory.example.ini. */
    public static final String PLACEHOLDER_PREFIX = "CHANGE-ME";
    /** Example passwords of the old installer's inventory files (1.2.x and 1.3.x), lower case. */
    static final Set<String> EXAMPLES = Set.of("my_very_strong_pass", "5_meo_dmt", "demo", "sup3rst1c10n",
            "admin", "admin123", "098098zzz", "omnileads");

    private PasswordCheck() {}

    /** One problem per weak password variable, in line order, each with {@link #HINT}. */
    public static List<InventoryProblem> weakPasswords(Inventory inv) {
        List<InventoryProblem> out = new ArrayList<>();
        for (Map.Entry<String, String> e : inv.variables().entrySet()) {
            if (!isPasswordName(e.getKey())) continue;
            String why = weakness(e.getValue(), inv.variables());
            if (why != null) out.add(new InventoryProblem(inv.source(), inv.lineOf(e.getKey()), e.getKey() + " " + why, HINT));
        }
        out.sort(Comparator.comparingInt(InventoryProblem::line));
        return out;
    }

    /** True for a variable holding a password ({@code *pass*}: admin_pass, ami_password, ...). */
    static boolean isPasswordName(String key) {
        return key.toLowerCase(Locale.ROOT).contains("pass");
    }

    /** Why {@code password} is weak, as the end of a sentence, or null when it is not. */
    static String weakness(String password, Map<String, String> variables) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.startsWith(PLACEHOLDER_PREFIX.toLowerCase(Locale.ROOT))) return "is still a placeholder (" + PLACEHOLDER_PREFIX + "...)";
        if (EXAMPLES.contains(lower)) return "is an example password shipped with the old installer";
        if (password.length() < MIN_LENGTH) return "is shorter than " + MIN_LENGTH + " characters";
        for (Map.Entry<String, String> v : variables.entrySet()) {
            boolean userName = v.getKey().endsWith("_user") || v.getKey().equals("postgres_database");
            if (userName && v.getValue().equalsIgnoreCase(password)) return "is the same as " + v.getKey();
        }
        return null;
    }
}
