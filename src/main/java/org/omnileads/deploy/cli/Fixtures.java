package org.omnileads.deploy.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's fixtures/ (stand-in release and dialer archive) from the running jar. */
final class Fixtures {
    private Fixtures() {}

    static Path dir() {
        try {
            Path p = Path.of(Fixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("fixtures"))) return d.resolve("fixtures");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Not from a file: no fixtures.
        }
        Path cwd = Path.of("fixtures").toAbsolutePath();
        return Files.isDirectory(cwd) ? cwd : null;
    }
}
