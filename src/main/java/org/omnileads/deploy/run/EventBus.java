package org.omnileads.deploy.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.omnileads.deploy.secrets.Redactor;

/**
 * The one stream of events of a run. Every event passes the {@link Redactor} before any
 * subscriber sees it; delivery is serialized, in publication order. A subscriber that throws
 * does not stop the others: its failure is kept in {@link #failures()} for the caller to report.
 */
public final class EventBus implements AutoCloseable {
    private final Redactor redactor;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    public EventBus(Redactor redactor) { this.redactor = redactor; }

    public Redactor redactor() { return redactor; }

    public EventBus subscribe(Subscriber s) {
        subscribers.add(s);
        return this;
    }

    public List<Subscriber> subscribers() { return List.copyOf(subscribers); }

    /** Redacts {@code event} and hands it to every subscriber. */
    public synchronized void publish(Event event) {
        Event clean = event.redacted(redactor::redact);
        for (Subscriber s : subscribers) {
            try {
                s.on(clean);
            } catch (RuntimeException e) {
                failures.add(redactor.redact(s.getClass().getSimpleName() + ": " + e));
            }
        }
    }

    /** Subscriber errors (e.g. a journal that could not be written), redacted. */
    public List<String> failures() { return new ArrayList<>(failures); }

    /** Closes every subscriber (flushes files, stops the live view). */
    @Override
    public synchronized void close() {
        for (Subscriber s : subscribers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failures.add(redactor.redact(s.getClass().getSimpleName() + ": " + e));
            }
        }
    }
}
