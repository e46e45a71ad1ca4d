package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A bug ends as exit 4 with one short message naming the file of its details: no stack trace on the console. */
class InternalErrorTest {
    @Command(name = "thrower")
    static final class Thrower implements Callable<Integer> {
        final Throwable toThrow;

        Thrower(Throwable t) { toThrow = t; }

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof Exception e) throw e;
            throw (Error) toThrow;
        }
    }

    private static String[] run(Throwable t) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(new Thrower(t)));
        cl.setErr(new PrintWriter(err, true));
        int exit = Main.execute(cl);
        return new String[]{Integer.toString(exit), err.toString()};
    }

    /** Runs {@code t}, checks the console says "internal error" and no trace, and returns the details file's text (deleted). */
    private static String detailsOf(Throwable t, String says) throws Exception {
        String[] r = run(t);
        assertEquals(Integer.toString(ExitCode.INTERNAL), r[0], r[1]);
        assertTrue(r[1].startsWith("internal error (a bug in deploy, not in your input): " + says + "\n"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
        Matcher m = Pattern.compile("details written to (\\S+)").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        Path file = Path.of(m.group(1));
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            return Files.readString(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anExceptionIsExit4WithItsDetailsInAFile() throws Exception {
        String details = detailsOf(new IllegalStateException("boom \u001b[2J"), "IllegalStateException: boom \\e[2J");
        assertTrue(details.contains("java.lang.IllegalStateException: boom"), details);
        assertTrue(details.contains("\tat org.omnileads.deploy.cli.InternalErrorTest."), details);
    }

    @Test
    void anErrorSuchAsOutOfMemoryIsExit4Too() throws Exception {
        String details = detailsOf(new OutOfMemoryError("Java heap space"), "OutOfMemoryError: Java heap space");
        assertTrue(details.contains("java.lang.OutOfMemoryError: Java heap space"), details);
    }
}
