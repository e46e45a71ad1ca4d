package org.omnileads.deploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnileads.deploy.inventory.Host;

class PasswordFileTest {
    @TempDir Path dir;

    Path write(String text, String mode) throws IOException {
        Path f = dir.resolve("passwords");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void valueIsEverythingAfterTheFirstEqualsSign() throws Exception {
        PasswordFile pf = PasswordFile.read(write("""
                # lab hosts
                omniapp=s3cret
                  \t
                kamailio= with spaces and = signs \s
                asterisk=ñandú'"$`\\;&|\r
                """, "rw-------"));
        assertEquals(Optional.of("s3cret"), pf.passwordOf("omniapp"));
        assertEquals(Optional.of(" with spaces and = signs  "), pf.passwordOf("kamailio"));
        assertEquals(Optional.of("ñandú'\"$`\\;&|"), pf.passwordOf("asterisk"), "only the line ending is cut");
        assertEquals(3, pf.passwords().size());
        PasswordPrompt p = pf.asPrompt();
        Host h = new Host("omniapp", "10.0.0.1", 22, "root", 1);
        assertEquals("s3cret", p.ask(h, 1, null));
        assertNull(p.ask(h, 2, "the password was rejected"), "a file's password is not retried");
        assertNull(p.ask(new Host("other", "10.0.0.2", 22, "root", 2), 1, null));
    }

    @Test
    void refusedUnlessOnlyTheOwnerMayReadIt() throws Exception {
        Path f = write("a=b\n", "rw-r--r--");
        IOException e = assertThrows(IOException.class, () -> PasswordFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
        assertThrows(IOException.class, () -> PasswordFile.read(write("a=b\n", "rw-rw----")));
        assertThrows(IOException.class, () -> PasswordFile.read(write("a=b\n", "rwx------")));
        assertEquals(Optional.of("b"), PasswordFile.read(write("a=b\n", "r--------")).passwordOf("a"));
    }

    @Test
    void errorsNameTheLineButNeverShowAPassword() throws Exception {
        IOException e = assertThrows(IOException.class, () -> PasswordFile.read(write("a=b\nhunter2-no-equals\n", "rw-------")));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IOException.class, () -> PasswordFile.read(write("a=b\na=c\n", "rw-------")));
        assertThrows(IOException.class, () -> PasswordFile.read(write("a=\n", "rw-------")));
        assertThrows(IOException.class, () -> PasswordFile.read(write("=x\n", "rw-------")));
    }
}
