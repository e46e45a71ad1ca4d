package org.omnileads.deploy.run;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --json}: every event as one JSON object per line, {@code {"schema":1,"event":"TaskFinished","time":...,...}}
 * (the format is {@code docs/events.schema.json});
 * the last line is {@code RunFinished} with the recap per host ({@code ok}, {@code changed},
 * {@code failed}, {@code skipped}, {@code unreachable}, {@code roundTrips}, ...).
 */
public final class JsonEvents implements Subscriber {
    /** The version of the events' format ({@code docs/events.schema.json}), in every line as {@code "schema"}. */
    public static final int SCHEMA_VERSION = 1;
    private final PrintStream out;
    private final boolean outputLines;

    /** @param outputLines false leaves out {@link Event.OutputLine} events (they go to the host logs anyway) */
    public JsonEvents(PrintStream out, boolean outputLines) {
        this.out = out;
        this.outputLines = outputLines;
    }

    public JsonEvents(PrintStream out) { this(out, true); }

    @Override
    public void on(Event event) {
        if (!outputLines && event instanceof Event.OutputLine) return;
        out.println(line(event));
        out.flush();
    }

    /** The JSON line of one event. */
    public static String line(Event event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA_VERSION);
        m.put("event", event.type());
        m.put("time", Instant.now().toString());
        m.putAll(event.fields());
        return Json.write(m);
    }
}
