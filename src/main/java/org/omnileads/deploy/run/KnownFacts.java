package org.omnileads.deploy.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.tasks.ContentTask;

/**
 * What a host's probes printed before, that a later probe can recognize as unchanged without the
 * process that prints it. Two kinds, each valid by construction:
 *
 * <ul>
 *   <li>the content of a file that {@code line} and {@code block} tasks edit, by its SHA-256: the
 *       probe prints the content only when the file's hash differs (the hash comes from the
 *       sha256sum the file batch runs anyway), so no base64 process on a converged host;</li>
 *   <li>the output of a probe whose facts depend on a few files alone ({@code Task#factsFiles}),
 *       with those files' stat lines (inode, size, modification and change times) when it was
 *       printed: while they are the same, the output is, and the probe (dpkg-query) is not run.</li>
 * </ul>
 *
 * A session keeper keeps these with the host's session between runs, in its memory only: the
 * contents are those of files on the host (secrets among them), as the run's own memory holds them.
 */
final class KnownFacts {
    /** Bounds of what one host's record may hold. */
    static final int MAX_CONTENTS = 256;
    static final int MAX_OUTPUTS = 64;
    private static final int FORMAT = 1;

    record Content(String sha256, String base64) {}

    /** A probe's output, and the stat lines of its facts files when it printed it. */
    record Output(Map<String, String> stats, String output) {}

    private final Map<String, Content> contents = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();

    /** What {@link #bytes()} wrote; nothing for null, empty or unreadable bytes (then everything is probed). */
    static KnownFacts read(byte[] b) {
        KnownFacts k = new KnownFacts();
        if (b == null || b.length == 0) return k;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            if (in.readInt() != FORMAT) return k;
            for (int n = in.readInt(); n > 0; n--) k.contents.put(in.readUTF(), new Content(in.readUTF(), text(in)));
            for (int n = in.readInt(); n > 0; n--) {
                String script = text(in);
                Map<String, String> stats = new LinkedHashMap<>();
                for (int m = in.readInt(); m > 0; m--) stats.put(in.readUTF(), text(in));
                k.outputs.put(script, new Output(stats, text(in)));
            }
            return k;
        } catch (IOException | RuntimeException e) {
            return new KnownFacts();
        }
    }

    byte[] bytes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeInt(FORMAT);
            out.writeInt(contents.size());
            for (Map.Entry<String, Content> e : contents.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue().sha256());
                text(out, e.getValue().base64());
            }
            out.writeInt(outputs.size());
            for (Map.Entry<String, Output> e : outputs.entrySet()) {
                text(out, e.getKey());
                out.writeInt(e.getValue().stats().size());
                for (Map.Entry<String, String> s : e.getValue().stats().entrySet()) {
                    out.writeUTF(s.getKey());
                    text(out, s.getValue());
                }
                text(out, e.getValue().output());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buf.toByteArray();
    }

    /** Edited files whose content is known: path → SHA-256. */
    synchronized Map<String, String> shas() {
        Map<String, String> out = new LinkedHashMap<>();
        contents.forEach((p, c) -> out.put(p, c.sha256()));
        return out;
    }

    /** Edited files whose content is known: path → the content in base64, as the probe prints it. */
    synchronized Map<String, String> base64s() {
        Map<String, String> out = new LinkedHashMap<>();
        contents.forEach((p, c) -> out.put(p, c.base64()));
        return out;
    }

    /** Remembers the content the probe printed for an edited file. */
    synchronized void content(String path, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            contents.remove(path);
            return;
        }
        contents.remove(path);
        if (contents.size() >= MAX_CONTENTS) contents.remove(contents.keySet().iterator().next());
        contents.put(path, new Content(ContentTask.sha256(raw), base64));
    }

    synchronized Output output(String script) { return outputs.get(script); }

    /** Remembers a probe's output with its facts files' stat lines of the same script. */
    synchronized void output(String script, Map<String, String> stats, String output) {
        outputs.remove(script);
        if (outputs.size() >= MAX_OUTPUTS) outputs.remove(outputs.keySet().iterator().next());
        outputs.put(script, new Output(Map.copyOf(stats), output));
    }

    synchronized boolean isEmpty() { return contents.isEmpty() && outputs.isEmpty(); }

    /** The stat lines of {@code files} as the file batch printed them; null when one is missing. */
    static Map<String, String> statsOf(List<String> files, Map<String, String> statFacts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : files) {
            String s = statFacts.get(f);
            if (s == null) return null;
            out.put(f, s);
        }
        return out;
    }

    /** Strings longer than writeUTF's 64 KiB. */
    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 16 * 1024 * 1024) throw new IOException("bad length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
