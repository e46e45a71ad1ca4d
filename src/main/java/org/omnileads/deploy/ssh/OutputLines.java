package org.omnileads.deploy.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.omnileads.deploy.ssh.RemoteCommand.OutputLine;

/**
 * One output stream of a remote command: hands each complete line to the listener as it arrives and keeps the
 * whole text for the result. Lines are cut on bytes, so a UTF-8 character split across packets stays whole.
 */
final class OutputLines extends OutputStream {
    private final boolean stderr;
    private final Consumer<OutputLine> listener;
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    OutputLines(boolean stderr, Consumer<OutputLine> listener) {
        this.stderr = stderr;
        this.listener = listener;
    }

    @Override
    public synchronized void write(int b) {
        all.write(b);
        if (b == '\n') emit();
        else line.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        all.write(b, off, len);
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    /** Hands over a last line that had no newline. */
    synchronized void finish() {
        if (line.size() > 0) emit();
    }

    synchronized String text() { return all.toString(StandardCharsets.UTF_8); }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        if (listener == null) return;
        try {
            listener.accept(new OutputLine(text, stderr));
        } catch (RuntimeException e) {
            // A failing listener must not break the channel; the text is still kept for the result.
        }
    }
}
