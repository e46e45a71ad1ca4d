package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --known-hosts, ~/.ssh/known_hosts is checked by type and size before it is read, as --known-hosts is. */
class DefaultKnownHostsCheckTest {
    @TempDir Path dir;

    @Test
    void aFifoOrAFolderAtTheDefaultPlaceIsRefusedAMissingOrRegularFileIsFine() throws Exception {
        Path fifo = dir.resolve("known_hosts");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        InputChecks c = new InputChecks();
        c.defaultKnownHosts(fifo);
        List<InputChecks.Problem> problems = c.problems();
        assertEquals(1, problems.size(), problems.toString());
        String m = problems.get(0).format();
        assertTrue(m.startsWith("error: ~/.ssh/known_hosts '" + fifo + "': is not a regular file") && m.contains("--known-hosts FILE"), m);

        InputChecks folder = new InputChecks();
        folder.defaultKnownHosts(Files.createDirectory(dir.resolve("kh-dir")));
        assertTrue(folder.problems().get(0).what().contains("is a directory"), folder.problems().toString());

        InputChecks fine = new InputChecks();
        fine.defaultKnownHosts(dir.resolve("absent"));
        fine.defaultKnownHosts(Files.writeString(dir.resolve("kh"), "10.0.0.1 ssh-ed25519 AAAA\n"));
        assertTrue(fine.ok(), fine.problems().toString());
    }
}
