package org.omnileads.deploy.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.inventory.Inventory;
import org.omnileads.deploy.inventory.InventoryException;
import org.omnileads.deploy.inventory.InventoryParser;
import org.omnileads.deploy.inventory.MyInventoryWriter;

/**
 * Which OMniLeads release and dialer archive the hosts hold, as {@code my_inventory} records it:
 * {@value #RELEASE} and {@value #DIALER_ARCHIVE}, each {@code PATH sha256:HEX} of what was
 * uploaded. A run given {@code --release}/{@code --wombat} records the new one once it succeeds;
 * a run without them keeps the installed one on the hosts and carries the record over.
 */
public final class InstalledArtifacts {
    public static final String RELEASE = "installed_release";
    public static final String DIALER_ARCHIVE = "installed_dialer_archive";
    /** my_inventory's record of the release whose telephony is installed (release.ReleaseTelephony.RECORD). */
    public static final String RELEASE_TELEPHONY = "installed_release_telephony";
    private static final List<String> KEYS = List.of(RELEASE, DIALER_ARCHIVE, RELEASE_TELEPHONY);

    private InstalledArtifacts() {}

    /** {@code PATH sha256:HEX}: what was given and the digest of the archive that went to the host. */
    public static String describe(Path given, Path archive) throws IOException {
        return given.toAbsolutePath().normalize() + " sha256:" + sha256(archive);
    }

    /**
     * The records of the previous run: from {@code my_inventory} next to the inventory (when the
     * run reads another file; when it reads my_inventory itself they are among its variables).
     * An unreadable or invalid my_inventory records nothing.
     */
    public static Map<String, String> previous(Inventory inv) {
        Map<String, String> out = new LinkedHashMap<>();
        Path my = inv.source().toAbsolutePath().getParent().resolve(MyInventoryWriter.FILE_NAME);
        Map<String, String> vars = inv.variables();
        try {
            if (Files.isRegularFile(my) && !isSame(my, inv.source())) vars = InventoryParser.parse(my).variables();
        } catch (InventoryException | IOException e) {
            return out;
        }
        for (String k : KEYS) if (vars.containsKey(k)) out.put(k, vars.get(k));
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static boolean isSame(Path a, Path b) throws IOException {
        return Files.exists(b) && Files.isSameFile(a, b);
    }
}
