package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class QuietLoggingTest {
    @Test
    void librariesSpeakOnlyForProblemsOnStandardErrorAndMinaOnlyForErrors() {
        LoggerContext ctx = new LoggerContext();
        QuietLogging.apply(ctx);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        assertEquals(Level.ERROR, ctx.getLogger("org.apache.sshd.client.session.ClientSessionImpl").getEffectiveLevel(),
                "MINA at a lower level would flood the console and log hashes of credentials");
        assertFalse(ctx.getLogger("org.yaml.snakeyaml").isInfoEnabled());
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertEquals("System.err", stderr.getTarget());
        assertTrue(stderr.isStarted());
    }

    @Test
    void anXmlConfigurationOnTheClassPathWins() {
        // The tests' logback-test.xml is on this class path.
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new QuietLogging().configure(new LoggerContext()));
    }

    @Test
    void logbackFindsItThroughServiceLoading() {
        assertTrue(java.util.ServiceLoader.load(Configurator.class).stream().anyMatch(p -> p.type() == QuietLogging.class));
    }

    @Test
    void anExceptionLoggedByALibraryIsOneLineNotAStackTrace() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            LoggerContext ctx = new LoggerContext();
            ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
            QuietLogging.apply(ctx);
            ctx.getLogger("org.apache.sshd.Some").error("session broke", new java.io.IOException("Connection reset", new IllegalStateException("inner")));
            ctx.stop();
        } finally {
            System.setErr(saved);
        }
        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out.contains("ERROR o.apache.sshd.Some: session broke java.io.IOException: Connection reset at "), out);
        assertTrue(out.contains("java.io.IOException: Connection reset"), out);
        assertEquals(1, out.lines().count(), "one line:\n" + out);
        assertFalse(out.contains("\tat "), out);
    }
}
