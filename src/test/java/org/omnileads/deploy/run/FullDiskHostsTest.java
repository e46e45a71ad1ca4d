package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.testhosts.TestHost;
import org.omnileads.deploy.testhosts.TestHostsExtension;

/**
 * A full disk on a real host (a small tmpfs mounted over the destination folder): a file task
 * and an SFTP upload each fail naming the host and the file, the old file stays whole and no
 * temporary file is left; with room again, resume (or the upload) completes. docs/faults.md
 * points here.
 */
@Tag("hosts")
class FullDiskHostsTest {
    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "disk");

    static Path dir;
    static HostRunFixture fx;
    static TestHost h;

    @BeforeAll
    static void connect() throws Exception {
        dir = Files.createTempDirectory("full-disk");
        h = HOSTS.get(0);
        fx = HostRunFixture.connect(HOSTS.all(), dir.resolve("known_hosts"));
    }

    @AfterAll
    static void close() {
        if (fx != null) fx.close();
    }

    /** A folder on a 256 KiB file system holding {@code file} with {@code old} in it. */
    private static void smallDisk(String folder, String file, String old) {
        var r = h.shInside("mkdir -p " + folder + " && mount -t tmpfs -o size=256k oml-full " + folder
                + " && printf '" + old + "' > " + folder + "/" + file);
        assertEquals(0, r.getExitCode(), "premise: a small file system: " + r.getStderr());
    }

    private static String cat(String path) { return h.execInside("cat", path).getStdout(); }

    private static String listing(String folder) { return h.execInside("ls", "-A", folder).getStdout().strip(); }

    @Test
    void aFileTaskOnAFullDiskFailsNamingTheFileLeavesItWholeAndResumeCompletes() throws Exception {
        smallDisk("/opt/full", "app.conf", "old\\n");
        Path rolesDir = dir.resolve("roles");
        Files.createDirectories(rolesDir.resolve("disk"));
        Files.writeString(rolesDir.resolve("site.yaml"), "- {role: disk, on: all}\n");
        Files.writeString(rolesDir.resolve("disk/tasks.yaml"), """
                - name: big file
                  file: {path: /opt/full/app.conf, content: "{{ big }}"}
                - name: after it
                  file: {path: /opt/after-full.conf, content: "after\\n"}
                """);
        Roles roles = RoleLoader.fromDirectory(rolesDir);
        String big = "0123456789abcdef".repeat(64 * 1024) + "\n"; // 1 MiB: four times the room
        RunOptions opts = RunOptions.of("install", dir.resolve("state")).withExtraVariables(Map.of("big", big));

        HostRunFixture.Outcome o = fx.run(roles, fx.inventory(Map.of()), opts);

        assertEquals(RunResult.TASK_FAILED, o.exit(), o.console());
        Event.HostFailed f = o.events().stream().filter(e -> e instanceof Event.HostFailed).map(e -> (Event.HostFailed) e).findFirst().orElseThrow();
        assertEquals("big file", f.task());
        assertTrue(o.console().contains(h.name() + " FAILED at disk: big file"), o.console());
        assertTrue(f.message().contains("cannot write /opt/full/app.conf (0 KiB free on /opt/full); it is left as it was"), f.message());
        System.out.println("full disk, file task: " + f.message());
        assertEquals("old\n", cat("/opt/full/app.conf"), "the old file is whole");
        assertEquals("app.conf", listing("/opt/full"), "no temporary file left");
        assertEquals(List.of("disk: big file failed"), o.results(h.name()).stream().map(s -> s.replaceAll(" \\(.*", "")).toList());

        assertEquals(0, h.shInside("mount -o remount,size=4m /opt/full").getExitCode());
        HostRunFixture.Outcome r = fx.run(roles, fx.inventory(Map.of()), opts.resuming(RunOptions.LAST));
        assertEquals(0, r.exit(), r.console());
        assertEquals(List.of("disk: big file changed", "disk: after it changed"), r.results(h.name()));
        assertEquals(big, cat("/opt/full/app.conf"));
    }

    @Test
    void anUploadOntoAFullDiskFailsNamingHostAndFileAndLeavesTheOldFile() throws Exception {
        smallDisk("/opt/fullup", "blob.bin", "old blob");
        RemoteHost s = fx.sessions.values().iterator().next();
        byte[] content = "z".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);

        SshException e = assertThrows(SshException.class, () -> s.upload(new ByteArrayInputStream(content), "/opt/fullup/blob.bin", 0644, null, null));

        assertEquals(SshException.Cause.TRANSFER_FAILED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(h.name()) && e.getMessage().contains("/opt/fullup/blob.bin: ")
                && e.getMessage().matches("(?s).*: Failure, \\d+ KiB free on /opt/fullup \\(the target is unchanged\\).*"),
                e.getMessage());
        assertTrue(e.fix().contains("df -h"), e.fix());
        System.out.println("full disk, upload: " + e.getMessage() + "; " + e.fix());
        assertEquals("old blob", cat("/opt/fullup/blob.bin"));
        assertEquals("blob.bin", listing("/opt/fullup"), "no temporary file left");

        assertEquals(0, h.shInside("mount -o remount,size=4m /opt/fullup").getExitCode());
        s.upload(new ByteArrayInputStream(content), "/opt/fullup/blob.bin", 0644, null, null);
        assertEquals(content.length, Integer.parseInt(h.execInside("stat", "-c", "%s", "/opt/fullup/blob.bin").getStdout().strip()));
    }
}
