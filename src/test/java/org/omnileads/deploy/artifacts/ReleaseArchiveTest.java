package org.omnileads.deploy.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Releases that would write outside their folder are refused; archives made by GNU tar in its formats. */
class ReleaseArchiveTest {
    @TempDir Path dir;

    private Path tar(String archive, String... args) throws Exception {
        Path out = dir.resolve(archive);
        List<String> cmd = new ArrayList<>(List.of("tar", "-P", "-C", dir.resolve("src").toString(), "-cf", out.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), msg);
        return out;
    }

    private Path release() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/app/pkg"));
        Files.writeString(src.getParent().resolve("manage.py"), "print('x')\n");
        Files.writeString(src.resolve("a".repeat(120) + ".py"), "\n");
        return src.getParent();
    }

    @Test
    void theStandInReleaseAndAPackedOneAreAccepted() throws Exception {
        assertNull(ReleaseArchive.problem(Path.of("fixtures/omnileads-release-1")));
        release();
        assertNull(ReleaseArchive.problem(tar("ok.tar.gz", "-z", "app")));
        assertNull(ReleaseArchive.problem(tar("ok.tar.xz", "-J", "app")));
        assertNull(ReleaseArchive.problem(tar("ok-pax.tar", "--format=pax", "app")));
    }

    @Test
    void anAbsoluteMemberIsRefused() throws Exception {
        Path app = release();
        String why = ReleaseArchive.problem(tar("abs.tar.gz", "-z", app.resolve("manage.py").toString()));
        assertEquals("member '" + app.resolve("manage.py") + "' has an absolute path", why);
    }

    @Test
    void aDotDotMemberIsRefusedInEveryHeaderFormat() throws Exception {
        Path app = release();
        Files.createDirectories(dir.resolve("src/other"));
        String longName = "app/pkg/" + "a".repeat(120) + ".py";
        for (String format : List.of("gnu", "pax", "ustar")) {
            String why = ReleaseArchive.problem(tar("dd-" + format + ".tar.gz", "-z", "--format=" + format, "app/../app/manage.py"));
            assertEquals("member 'app/../app/manage.py' has '..' in its path", why, format);
        }
        String why = ReleaseArchive.problem(tar("long.tar.bz2", "-j", "--format=gnu", "other/../" + longName));
        assertTrue(why != null && why.contains("has '..' in its path"), why);
        assertTrue(app.toFile().exists());
    }

    @Test
    void linksPointingOutsideAreRefusedInArchivesAndDirectories() throws Exception {
        Path app = release();
        Files.createSymbolicLink(app.resolve("pkg/shadow"), Path.of("/etc/shadow"));
        assertEquals("link 'app/pkg/shadow' points outside the release (to '/etc/shadow')",
                ReleaseArchive.problem(tar("link.tar.gz", "-z", "app")));
        assertEquals("link 'pkg/shadow' points outside the release (to '/etc/shadow')", ReleaseArchive.problem(app));
        Files.delete(app.resolve("pkg/shadow"));
        Files.createSymbolicLink(app.resolve("up"), Path.of("../../etc"));
        assertEquals("link 'up' points outside the release (to '../../etc')", ReleaseArchive.problem(app));
    }
}
