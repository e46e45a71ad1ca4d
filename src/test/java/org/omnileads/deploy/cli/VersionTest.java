package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class VersionTest {
    private static final String COMMIT = "a48076819e0be2d304a7ae8836d3dfb6d06c0b73";

    private static Version.Info parse(String describe, String count) {
        return Version.parse(new Version.Build("0.1.0", describe, count, COMMIT));
    }

    @Test
    void onATagTheVersionIsTheTag() {
        assertEquals(new Version.Info("1.2.3", "1.2.3", COMMIT), parse("v1.2.3-0-ga480768", "200"));
    }

    @Test
    void afterATagTheVersionSaysHowFarAndWhichCommit() {
        assertEquals(new Version.Info("1.2.3-5-ga480768", "1.2.3+5.ga480768", COMMIT), parse("v1.2.3-5-ga480768", "205"));
    }

    @Test
    void uncommittedChangesAreMarkedDirty() {
        assertEquals(new Version.Info("1.2.3-dirty", "1.2.3+dirty", COMMIT), parse("v1.2.3-0-ga480768-dirty", "200"));
        assertEquals(new Version.Info("1.2.3-5-ga480768-dirty", "1.2.3+5.ga480768.dirty", COMMIT), parse("v1.2.3-5-ga480768-dirty", "205"));
        assertEquals("0.1.0-dev.132-ga480768-dirty", parse("a480768-dirty", "132").version());
    }

    @Test
    void withoutATagThePomVersionIsTheNextReleaseAndTheCountTheDistance() {
        assertEquals(new Version.Info("0.1.0-dev.132-ga480768", "0.1.0~dev.132.ga480768", COMMIT), parse("a480768", "132"));
    }

    @Test
    void aBuildWithoutGitSaysUnknown() {
        // Maven leaves ${git.describe} as it is when the build could not run git.
        Version.Info i = Version.parse(new Version.Build("0.1.0", "", "", ""));
        assertEquals(new Version.Info("0.1.0-unknown", "0.1.0~unknown", ""), i);
    }

    @Test
    void garbageFromGitIsNotTakenForAVersion() {
        assertEquals("0.1.0-unknown", parse("fatal: not a git repository", "").version());
        assertEquals("0.1.0-unknown", parse("a480768", "").version());
        assertEquals("0.1.0-unknown", parse("release-1-5-ga480768", "3").version());
        assertEquals("", Version.parse(new Version.Build("0.1.0", "a480768", "3", "not-a-commit")).commit());
    }

    /** dpkg's rules: an upstream version without a revision has only [0-9A-Za-z.+~] and starts with a digit. */
    @Test
    void debianVersionsAreValidAndOrderedAsReleases() throws Exception {
        List<String> debian = new ArrayList<>();
        for (String[] d : new String[][] {{"a480768", "132"}, {"v0.1.0-0-ga480768", "1"}, {"v0.1.0-5-ga480768", "6"},
                {"v0.1.0-5-ga480768-dirty", "6"}, {"a480768-dirty", "9"}}) {
            String v = parse(d[0], d[1]).debian();
            assertTrue(v.matches("\\d[0-9A-Za-z.+~]*"), v);
            debian.add(v);
        }
        assertEquals(List.of("0.1.0~dev.132.ga480768", "0.1.0", "0.1.0+5.ga480768", "0.1.0+5.ga480768.dirty",
                "0.1.0~dev.9.ga480768.dirty"), debian);
        // an untagged build comes before the release it leads to, a build after a tag after the tag
        assertTrue(dpkgLess("0.1.0~dev.132.ga480768", "0.1.0"));
        assertTrue(dpkgLess("0.1.0", "0.1.0+5.ga480768"));
        assertTrue(dpkgLess("0.1.0+5.ga480768", "0.1.0+6.gb123456"));
    }

    @Test
    void versionOptionPrintsVersionCommitAndRuntime() {
        StringWriter out = new StringWriter();
        int rc = Main.commandLine().setOut(new PrintWriter(out)).execute("--version");
        assertEquals(0, rc);
        String[] lines = out.toString().split("\\R");
        assertEquals("oml-deploy " + Version.current(), lines[0]);
        assertTrue(lines[1].startsWith("commit "), lines[1]);
        assertTrue(lines[2].startsWith("Java " + System.getProperty("java.version")), lines[2]);
        assertTrue(lines[2].endsWith(System.getProperty("java.home")), lines[2]);
    }

    /** dpkg's own order, {@code dpkg --compare-versions A lt B}; skipped where dpkg is absent. */
    private static boolean dpkgLess(String a, String b) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg is not installed");
        return new ProcessBuilder("/usr/bin/dpkg", "--compare-versions", a, "lt", b).inheritIO().start().waitFor() == 0;
    }
}
