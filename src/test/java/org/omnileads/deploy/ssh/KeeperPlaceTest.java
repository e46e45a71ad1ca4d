package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the session keeper listens: a folder of the user's alone, and the JVM settings it is started with. */
class KeeperPlaceTest {
    @TempDir Path dir;

    @Test
    void theFolderIsMadeOwnerOnlyAndOneOpenToOthersIsRefusedWithTheFix() throws Exception {
        KeeperPlace p = new KeeperPlace(dir.resolve("a/sessions"));
        p.prepare();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.dir())));
        assertTrue(p.socket().startsWith(p.dir()));
        Files.setPosixFilePermissions(p.dir(), PosixFilePermissions.fromString("rwxr-x---"));
        IOException e = assertThrows(IOException.class, p::prepare);
        assertTrue(e.getMessage().contains("chmod 700 " + p.dir()), e.getMessage());
    }

    @Test
    void eachBuildHasASocketOfItsOwnAndEveryKeepersSocketIsFound() throws Exception {
        KeeperPlace p = new KeeperPlace(dir.resolve("s"));
        p.prepare();
        assertTrue(p.socket().getFileName().toString().matches("keeper-v" + KeeperWire.VERSION + "-[0-9a-f]{8}\\.sock"), p.socket().toString());
        Path older = Files.createFile(p.dir().resolve("keeper-v1.sock"));
        Files.createFile(p.dir().resolve("keeper.log"));
        assertEquals(List.of(older), p.sockets(), "an earlier build's keeper is found (to be closed), the log is not a socket");
    }

    @Test
    void aLinkInsteadOfTheFolderIsRefused() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThrows(IOException.class, () -> new KeeperPlace(link).prepare(), "someone else's link could lead anywhere");
    }

    @Test
    void aSocketPathTooLongForTheKernelIsSaidBeforeUse() throws Exception {
        KeeperPlace p = new KeeperPlace(dir.resolve("x".repeat(100)));
        IOException e = assertThrows(IOException.class, p::prepare);
        assertTrue(e.getMessage().contains(KeeperPlace.DIR_VARIABLE), e.getMessage());
    }

    @Test
    void nobodyListeningIsAConnectFailureNotAHang() throws Exception {
        KeeperPlace p = new KeeperPlace(dir.resolve("s"));
        p.prepare();
        assertThrows(IOException.class, p::connect);
    }

    @Test
    void theKeeperGetsThisJvmsSettingsButNotItsArchiveRecordingOrAgents() {
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"),
                KeeperPlace.jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=/t/x.jsa",
                        "-javaagent:/j.jar", "-Xshare:auto", "-jar", "/t/oml-deploy.jar", "apply", "-Xmx9g")));
        assertEquals(List.of("-Xss512k"), KeeperPlace.jvmOptions(List.of("-Xss512k", "-cp", "a.jar", "Main")));
        assertEquals(List.of(), KeeperPlace.jvmOptions(List.of("Main", "-Xmx1g")));
    }
}
