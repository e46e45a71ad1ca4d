package org.omnileads.deploy.run;

/**
 * Receives the run's events, already redacted, one at a time (the bus delivers them in order,
 * never two at once), so a subscriber needs no locking of its own for {@link #on}.
 */
public interface Subscriber extends AutoCloseable {
    void on(Event event);

    /** Called once when the bus closes, after the last event. */
    @Override default void close() {}
}
