package org.omnileads.deploy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The deployer's logging, set up in code (found through {@code META-INF/services}): the deployer
 * prints through its own event views, and libraries only speak up for problems, on standard
 * error. MINA SSHD at DEBUG would flood the console and log hashes of credentials, so it is held
 * at ERROR. Done without logback's XML configurator, which took about half of logback's start-up.
 * A {@code logback-test.xml}, {@code logback.xml} or {@code -Dlogback.configurationFile} still
 * wins: this configurator then leaves the work to logback's own.
 */
public final class QuietLogging extends ContextAwareBase implements Configurator {
    /** One line per event: an exception is its first lines joined (class, message, where), never a stack trace on the console. */
    static final String PATTERN = "%d{HH:mm:ss} %-5level %logger{20}: %msg%replace(%replace( %ex{short}){'[\\r\\n\\t]+', ' '}){' +$', ''}%n%nopex";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || xmlGiven()) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Standard error, WARN and above; MINA SSHD only ERROR. */
    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.apache.sshd").setLevel(Level.ERROR);
    }

    private static boolean xmlGiven() {
        ClassLoader cl = QuietLogging.class.getClassLoader();
        return cl.getResource("logback-test.xml") != null || cl.getResource("logback.xml") != null;
    }
}
