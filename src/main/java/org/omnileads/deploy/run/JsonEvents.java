package org.omnileads.deploy.run;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --json}: every event as one JSON object per line, {@code {"event":"TaskFinished","time":...,...}};
 * the last line is {@code RunFinished} with the recap per host ({@code ok}, {@code changed},
 * {@code failed}, {@code skipped}, {@code unreachable}, {@code roundTrips}, ...).
 */
public final class JsonEvents implements Subscriber {
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
        m.put("event", event.type());
        m.put("time", Instant.now().toString());
        m.putAll(event.fields());
        return Json.write(m);
    }
}
