package org.omnileads.deploy.inventory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes {@code my_inventory}: the effective inventory of a run (hosts, every variable with the
 * defaults filled in, values the run added), in the same format, so it can be the inventory of
 * the next run. Mode 0600, written atomically, with a header saying when, by which version,
 * which action and with which result. Root passwords are never written, and the input
 * inventory is never modified.
 */
public final class MyInventoryWriter {
    public static final String FILE_NAME = "my_inventory";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MyInventoryWriter() {}

    /**
     * Writes {@code dir/my_inventory} and returns its path.
     *
     * <p>When the run's input is that very file (a run from {@code ./my_inventory}), it is left
     * untouched, since the input is never modified; if {@code extraVars} would change it, an
     * IOException says so rather than losing those values silently.
     *
     * @param extraVars variables the run adds or changes (null for none); derived {@code *_ip}/{@code *_fqdn}
     *                  and root-password keys among them are skipped
     * @throws IllegalArgumentException when a variable name or value cannot be written in the format
     */
    public static Path write(Inventory inv, Path dir, String toolVersion, String action, String result,
                             Map<String, String> extraVars) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        String text = render(inv, Instant.now(), toolVersion, action, result, extraVars);
        if (isSameFile(target, inv.source())) {
            if (!effectiveVariables(inv, extraVars).equals(inv.variables())) {
                throw new IOException(target + " is the input inventory of this run and is never modified, but the run changed"
                        + " variables that must be kept: copy it to ./inventory, run again from there");
            }
            return target;
        }
        writeAtomically(dir, target, text.getBytes(StandardCharsets.UTF_8));
        return target;
    }

    /** The content of my_inventory; {@link InventoryParser} reads it back to the same setup. */
    static String render(Inventory inv, Instant date, String toolVersion, String action, String result,
                         Map<String, String> extraVars) {
        Map<String, String> vars = effectiveVariables(inv, extraVars);
        List<String> out = new ArrayList<>();
        out.add("# my_inventory: the effective inventory of the last oml-deploy run.");
        out.add("# date:    " + date.truncatedTo(ChronoUnit.SECONDS));
        out.add("# tool:    oml-deploy " + headerValue(toolVersion));
        out.add("# action:  " + headerValue(action));
        out.add("# result:  " + headerValue(result));
        out.add("# source:  " + headerValue(String.valueOf(inv.source())));
        out.add("# layout:  " + inv.topology().label());
        out.add("# Hosts and every variable used, defaults included. It holds passwords: keep it private.");
        out.add("# Use it for the next run with -I my_inventory, or copy it to ./inventory.");
        out.add("");
        if (inv.topology() == Topology.AIO) {
            out.add("[" + InventoryParser.AIO_GROUP + "]");
            out.add(hostLine(inv.wiring().host(Component.OMNIAPP)));
            out.add("");
        } else {
            for (Component c : groupOrder(inv)) {
                out.add("[" + c.group() + "]");
                Host h = inv.wiring().host(c);
                if (h != null) out.add(hostLine(h));
                out.add("");
            }
        }
        out.add("[" + InventoryParser.VARS_SECTION + "]");
        vars.forEach((k, v) -> out.add(k + "=" + quoteIfNeeded(k, v)));
        return String.join("\n", out) + "\n";
    }

    /**
     * The component groups in site order, unless that would change the hosts' order of first
     * appearance (which is the order hosts are asked for passwords): then grouped by host.
     */
    private static List<Component> groupOrder(Inventory inv) {
        List<Component> site = List.of(Component.values());
        List<Host> firstSeen = new ArrayList<>();
        for (Component c : site) {
            Host h = inv.wiring().host(c);
            if (h != null && !firstSeen.contains(h)) firstSeen.add(h);
        }
        if (firstSeen.equals(inv.hosts())) return site;
        List<Component> order = new ArrayList<>();
        for (Host h : inv.hosts()) order.addAll(inv.componentsOf(h));
        for (Component c : EnumSet.allOf(Component.class)) if (!order.contains(c)) order.add(c);
        return order;
    }

    /** The inventory's variables, then extraVars over them, without root passwords or derived wiring. */
    static Map<String, String> effectiveVariables(Inventory inv, Map<String, String> extraVars) {
        Map<String, String> vars = new LinkedHashMap<>();
        inv.variables().forEach((k, v) -> { if (writable(inv, k)) vars.put(k, v); });
        if (extraVars != null) extraVars.forEach((k, v) -> { if (writable(inv, k)) vars.put(k, Objects.requireNonNull(v, k)); });
        return vars;
    }

    private static boolean writable(Inventory inv, String key) {
        if (InventoryParser.ROOT_PASSWORD_KEYS.contains(key)) return false;
        for (Component c : Component.values()) {
            if (key.equals(c.wiringPrefix() + "_ip") || key.equals(c.wiringPrefix() + "_fqdn")) return false;
        }
        if (!InventoryParser.isVariableName(key)) throw new IllegalArgumentException("cannot write variable name '" + key + "'");
        return true;
    }

    private static String hostLine(Host h) {
        return h.name() + " ansible_host=" + h.address() + " ansible_ssh_port=" + h.port() + " ansible_user=" + h.user();
    }

    /** The value as written: quoted when blanks at its ends or quotes around it would be lost on reading. */
    /** One {@code NAME=VALUE} line of {@code [everyone:vars]} that the parser reads back to exactly {@code value}. */
    public static String variableLine(String key, String value) {
        if (!InventoryParser.isVariableName(key)) throw new IllegalArgumentException("cannot write variable name '" + key + "'");
        return key + "=" + quoteIfNeeded(key, value);
    }

    private static String quoteIfNeeded(String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c == 0xFEFF || c == '\r' || c == '\n') {
                throw new IllegalArgumentException("the value of " + key + " holds a control character and cannot be written");
            }
        }
        boolean keeps = InventoryParser.unquote(InventoryParser.stripBlanks(value)).equals(value);
        return keeps ? value : "\"" + value + "\"";
    }

    /** One header line: control characters would start a new line of the file, so they become '?'. */
    private static String headerValue(String s) {
        if (s == null) return "-";
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7F ? '?' : c);
        return InventoryParser.clip(b.toString().strip());
    }

    private static boolean isSameFile(Path a, Path b) {
        if (b == null) return false;
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // Undecidable: compare the paths below instead.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Temp file in the same directory, fsync, rename over the target, fsync the directory. */
    private static void writeAtomically(Path dir, Path target, byte[] bytes) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + FILE_NAME + ".", ".tmp", attrs);
        try {
            if (posix) Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable; not every platform lets a directory be opened, hence best effort.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file content is already on disk; only the rename's durability is at stake.
        }
    }
}
