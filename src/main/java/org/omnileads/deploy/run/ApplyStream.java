package org.omnileads.deploy.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.omnileads.deploy.ssh.RemoteCommand;

/**
 * Reads an apply script's output as it arrives: step markers become begin/end callbacks, other
 * lines are the running step's output, and the trailing probe sections are kept to read facts
 * from when the transport does not also return the whole standard output.
 */
final class ApplyStream implements Consumer<RemoteCommand.OutputLine> {
    /** What the stream reports; called on the transport's thread, one call at a time. */
    interface Listener {
        void begin(int item);

        void end(int item, int status);

        void output(String line, boolean stderr);

        /** The apply script's process id and process group on the host. */
        default void started(long pid, long processGroup) {}
    }

    private final String prefix;
    private final Listener listener;
    private final List<String> tail = new ArrayList<>();
    private boolean inTail;
    private boolean heldBlank;
    private boolean received;

    ApplyStream(String nonce, Listener listener) {
        this.prefix = Scripts.marker(nonce);
        this.listener = listener;
    }

    @Override
    public synchronized void accept(RemoteCommand.OutputLine l) {
        received = true;
        if (l.stderr()) {
            listener.output(l.text(), true);
            return;
        }
        String text = l.text();
        if (text.startsWith(prefix)) {
            // The blank line before a marker is the marker's own leading newline.
            heldBlank = false;
            String[] f = text.substring(prefix.length()).trim().split(" ");
            try {
                switch (f[0]) {
                    case "B" -> listener.begin(Integer.parseInt(f[1]));
                    case "E" -> listener.end(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                    case "P" -> listener.started(Long.parseLong(f[1]), Long.parseLong(f[2]));
                    case "S", "F", "Z" -> inTail = true;
                    default -> { }
                }
            } catch (RuntimeException malformed) {
                listener.output(text, false);
            }
            if (inTail) tail.add(text);
            return;
        }
        if (inTail) {
            tail.add(text);
            return;
        }
        if (heldBlank) listener.output("", false);
        heldBlank = text.isEmpty();
        if (!heldBlank) listener.output(text, false);
    }

    /** Feeds a whole standard output, for transports that return it without calling the line listener. */
    synchronized void replay(String stdout) {
        if (stdout == null || stdout.isEmpty()) return;
        String s = stdout.endsWith("\n") ? stdout.substring(0, stdout.length() - 1) : stdout;
        for (String line : s.split("\n", -1)) accept(new RemoteCommand.OutputLine(line, false));
    }

    synchronized boolean received() { return received; }

    /** The probe sections as text, rebuilt from the lines (exact when the transport keeps empty lines). */
    synchronized String tailText() { return tail.isEmpty() ? "" : "\n" + String.join("\n", tail) + "\n"; }
}
