package org.omnileads.deploy.lifecycle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryException;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.InventoryProblem;
import org.omnileads.deploy.inventory.MyInventoryWriter;

/**
 * An upgrade from an inventory that lacks service users or passwords (the old installer reset
 * its inventory): the missing values are read back from the installed hosts' environment file.
 * The inventory is first read with stand-in values, only to know the hosts; once the installed
 * values are known it is read again with them, so every later step sees one ordinary inventory.
 */
public final class ReadBack {
    private static final Pattern MISSING = Pattern.compile("required variable (\\w+) is missing");
    /** A stand-in value, never sent to a host: the inventory is read again before any change. */
    static final String PENDING = "oml-deploy-value-pending-read-back";

    private ReadBack() {}

    /**
     * The variables the hosts can supply when those are the inventory's only problems; empty
     * when any other problem is there (then the problems are reported as they are).
     */
    public static Set<String> readable(InventoryException e) {
        Set<String> out = new LinkedHashSet<>();
        for (InventoryProblem p : e.problems()) {
            Matcher m = MISSING.matcher(p.message());
            if (!m.matches() || !InstalledState.READ_BACK.contains(m.group(1))) return Set.of();
            out.add(m.group(1));
        }
        return out;
    }

    /** The inventory with {@code values} added in a further {@code [everyone:vars]} section. */
    public static Inventory with(Path file, byte[] original, Map<String, String> values) throws InventoryException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(original);
        StringBuilder extra = new StringBuilder("\n[everyone:vars]\n");
        values.forEach((k, v) -> extra.append(MyInventoryWriter.variableLine(k, v)).append('\n'));
        b.writeBytes(extra.toString().getBytes(StandardCharsets.UTF_8));
        return InventoryParser.parse(file, b.toByteArray());
    }

    /** True while {@code inv} still holds stand-ins: it must not be used for a change or written down. */
    public static boolean isPending(Inventory inv) { return inv.variables().containsValue(PENDING); }

    /** The inventory with stand-ins for {@code missing}: for logging in to the hosts only. */
    public static Inventory pending(Path file, byte[] original, Set<String> missing) throws InventoryException {
        Map<String, String> v = new LinkedHashMap<>();
        for (String k : missing) v.put(k, PENDING);
        return with(file, original, v);
    }

    /**
     * The inventory completed with the installed values of {@code missing}.
     *
     * @throws InventoryException naming each variable the hosts do not hold either
     */
    public static Inventory completed(Path file, byte[] original, Set<String> missing, InstalledState installed) throws InventoryException {
        Map<String, String> v = new LinkedHashMap<>();
        java.util.List<InventoryProblem> absent = new java.util.ArrayList<>();
        for (String k : missing) {
            String value = installed.variables().get(k);
            if (value == null || value.isEmpty()) {
                absent.add(new InventoryProblem(file, 0, "required variable " + k + " is missing, and " + installed.file() + " does not hold it either",
                        "add " + k + "=... under [everyone:vars] with the value the cluster was installed with"));
            } else {
                v.put(k, value);
            }
        }
        if (!absent.isEmpty()) throw new InventoryException(absent);
        return with(file, original, v);
    }
}
