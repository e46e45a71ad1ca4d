package org.omnileads.deploy.tasks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What {@code line} and {@code block} share: an edit of a text file made at apply time by awk on
 * the host (so several edits of one file in one apply script each see the previous one), and the
 * same edit done here in Java on the probed content to plan and show a diff.
 * Text is handled as ISO-8859-1 so every byte maps to one char and back unchanged, as awk sees it.
 */
final class EditedFile {
    private EditedFile() {}

    /** Probe: attributes, and the content in base64 when at most {@link ContentTask#INLINE_LIMIT} bytes. */
    static String probe(String path) {
        Script s = new Script();
        s.line("oml_p=%q", path);
        s.raw(FileAttributes.probe("oml_p"));
        s.line("if [ -f \"$oml_p\" ]; then if [ \"$(stat -L -c %s -- \"$oml_p\")\" -le %q ]; then printf 'content='; base64 -w0 < \"$oml_p\"; echo; else echo big=1; fi; fi", ContentTask.INLINE_LIMIT);
        return s.toString();
    }

    /** The records awk sees: split at newlines, a final newline ends the last record. */
    static List<String> records(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** What awk's print of each record writes. */
    static String join(List<String> records) {
        StringBuilder out = new StringBuilder();
        for (String r : records) out.append(r).append('\n');
        return out.toString();
    }

    static String latin1(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    static byte[] bytes(String latin1) { return latin1.getBytes(StandardCharsets.ISO_8859_1); }

    /** A UTF-8 argument as the byte string awk compares. */
    static String asBytes(String utf8) { return latin1(utf8.getBytes(StandardCharsets.UTF_8)); }

    /**
     * The plan shared by both kinds.
     *
     * @param edit     the edit of the current text (ISO-8859-1), as awk will do it
     * @param removing true when the wanted state is absent (a missing file is then fine)
     * @param create   whether a missing file may be created
     * @param what     "line …" or "block …" for summaries
     * @param stepScript the step, made only for a change (most plans of a converged host are Ok)
     */
    static Plan plan(String path, Facts f, FileAttributes attrs, UnaryOperator<String> edit, boolean removing, boolean create,
                     String what, Supplier<String> stepScript) {
        String type = FileAttributes.type(f);
        if (type.equals("absent")) {
            if (removing) return new Plan.Ok(path + " does not exist");
            if (!create) {
                // An earlier task may still create it in this run.
                return new Plan.Change("add " + what + " to " + path + ", which does not exist yet (create: false)", null, new Step(stepScript.get()), true);
            }
            byte[] wanted = bytes(edit.apply(""));
            return new Plan.Change("create " + path + " with " + what, UnifiedDiff.of(path, null, wanted), new Step(stepScript.get()), false);
        }
        if (type.equals("directory")) return new Plan.Change(path + " is a folder, not a file", null, new Step(stepScript.get()), false);
        if (f.has("big") || !f.has("content")) {
            return new Plan.Change("edit " + path + " (" + what + "; larger than " + ContentTask.INLINE_LIMIT / 1024 + " KiB, checked when applied)", null, new Step(stepScript.get()), true);
        }
        byte[] old = ContentTask.decode(f.get("content"));
        if (old == null) return new Plan.Change("edit " + path + " (" + what + ")", null, new Step(stepScript.get()), true);
        String before = latin1(old);
        String after = edit.apply(before);
        List<String> attrDiffs = attrs.differences(f);
        if (after.equals(before)) {
            if (attrDiffs.isEmpty()) return new Plan.Ok(path + ": " + what + " is as wanted");
            return new Plan.Change(path + ": " + String.join(", ", attrDiffs), null, new Step(stepScript.get()), false);
        }
        String diff = UnifiedDiff.of(path, old, bytes(after));
        String extra = attrDiffs.isEmpty() ? "" : "; " + String.join(", ", attrDiffs);
        return new Plan.Change((removing ? "remove " : "set ") + what + " in " + path + extra, diff, new Step(stepScript.get()), false);
    }

    /**
     * The step: a missing file is created only when allowed, then awk edits the current content
     * into the atomic write, which exits 99 when awk changed nothing.
     *
     * @param env the awk program's inputs, passed as environment (awk's -v would expand backslashes)
     */
    static String step(String path, FileAttributes attrs, boolean removing, boolean create, String awkProgram, List<String[]> env) {
        Script s = new Script();
        s.line("oml_t=%q", path);
        s.raw("if [ ! -e \"$oml_t\" ]; then");
        if (removing) {
            s.raw("  exit 99");
        } else if (!create) {
            s.raw("  echo \"oml: $oml_t does not exist (create: false)\" >&2; exit 1");
        } else {
            s.raw("  :");
        }
        s.raw("fi");
        // awk reads the file itself (or nothing): no cat, no pipe.
        StringBuilder producer = new StringBuilder("oml_in=/dev/null; if [ -f \"$oml_t\" ]; then oml_in=$oml_t; fi\n");
        for (String[] kv : env) producer.append(kv[0]).append('=').append(org.omnileads.deploy.ssh.Shell.quote(kv[1])).append(' ');
        producer.append("awk ").append(org.omnileads.deploy.ssh.Shell.quote(awkProgram)).append(" < \"$oml_in\" > \"$oml_tmp\"");
        s.raw(AtomicWrite.script(path, producer.toString(), attrs));
        return s.toString();
    }
}
