package org.omnileads.deploy.run;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.tasks.Facts;
import org.omnileads.deploy.tasks.FileFacts;
import org.omnileads.deploy.tasks.FileProbe;

/**
 * The batched scripts a host receives, and the parsing of what they print. Every section is
 * announced by a marker line carrying a per-script random nonce, printed with a leading newline
 * so output without a trailing newline still ends before the marker.
 *
 * <pre>
 * probe:  [\n@@OML-nonce S\n  (file facts)]  \n@@OML-nonce F unit\n  (probe output, exact)  ...  \n@@OML-nonce Z\n
 * apply:  \n@@OML-nonce B item\n  (step output)  \n@@OML-nonce E item status\n  ...  then the probe sections
 * </pre>
 *
 * The facts of file tasks ({@link FileProbe}) come from one shared section {@code S} printed by
 * {@link FileFacts}, a few processes for all of them, instead of a section each.
 *
 * A probe identical to an earlier one of the same script is not run again: its section is
 * {@code F unit=earlier} and gets the earlier unit's facts (probes change nothing, so both would
 * print the same; several {@code line} tasks on one file are the common case).
 */
final class Scripts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scripts() {}

    /**
     * A probe fragment and the unit whose facts it prints; {@code file}, when not null, asks the
     * same facts as data and is answered by the shared file section instead of the fragment;
     * {@code inline} runs the fragment in the script's shell, not a subshell ({@code Task#probeInline});
     * {@code factsFiles}: the files its output depends on alone ({@code Task#factsFiles}).
     */
    record Probe(int unit, String script, FileProbe file, boolean inline, List<String> factsFiles, boolean alongside) {
        Probe {
            factsFiles = List.copyOf(factsFiles);
        }

        Probe(int unit, String script) { this(unit, script, null, false, List.of(), false); }

        Probe(int unit, String script, FileProbe file, boolean inline) { this(unit, script, file, inline, List.of(), false); }

        Probe(int unit, String script, FileProbe file, boolean inline, List<String> factsFiles) { this(unit, script, file, inline, factsFiles, false); }

        /** Started first, in the background, its output printed in its place (see {@link org.omnileads.deploy.tasks.Task#probeAlongside()}). */
        boolean background() { return alongside && !batched() && !watched(); }

        boolean batched() { return file != null && file.batchable(); }

        /** True when the output may be recognized as unchanged by its facts files' stat lines. */
        boolean watched() {
            return !batched() && !factsFiles.isEmpty() && factsFiles.stream().allMatch(f -> FileProbe.stat(f).batchable());
        }
    }

    /** A step fragment, identified by its item number in the batch. */
    record StepItem(int item, String script) {}

    static String nonce() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String marker(String nonce) { return "@@OML-" + nonce + " "; }

    /** One script printing the facts of every probe. */
    static String probeScript(String nonce, List<Probe> probes) { return probeScript(nonce, probes, null); }

    /** As {@link #probeScript(String, List)}, recognizing what {@code known} (may be null) holds instead of printing it again. */
    static String probeScript(String nonce, List<Probe> probes, KnownFacts known) {
        StringBuilder s = new StringBuilder();
        appendProbes(s, nonce, probes, known);
        return s.toString();
    }

    /**
     * What the shared file section answers, in order: the batched file probes, then the stat lines
     * of the watched probes' facts files.
     */
    private static List<FileProbe> sectionFiles(List<Probe> probes) {
        List<FileProbe> files = new ArrayList<>();
        for (Probe p : probes) if (p.batched()) files.add(p.file());
        for (Probe p : probes) if (p.watched()) for (String f : p.factsFiles()) files.add(FileProbe.stat(f));
        return files;
    }

    /** The line a recognized probe prints instead of its output. */
    private static String recognized(String nonce) { return marker(nonce) + "M\n"; }

    private static void appendProbes(StringBuilder s, String nonce, List<Probe> probes, KnownFacts known) {
        // Slow probes start first, in the background, each writing to a file of a private folder;
        // without the folder (mktemp failed) they run in their place like the others.
        Map<String, Integer> sent = new HashMap<>();
        boolean background = false;
        for (Probe p : probes) {
            // Only a first occurrence runs (a later identical probe refers to it, below).
            if (p.batched() || sent.putIfAbsent(p.script(), p.unit()) != null || !p.background()) continue;
            if (!background) s.append("oml_bg=$(mktemp -d 2>/dev/null) || oml_bg=\nif [ -n \"$oml_bg\" ]; then\n");
            background = true;
            s.append("(\n").append(p.script()).append(p.script().endsWith("\n") ? "" : "\n")
                    .append(") </dev/null >\"$oml_bg/").append(p.unit()).append("\" 2>/dev/null &\noml_bg").append(p.unit()).append("=$!\n");
        }
        if (background) s.append("fi\n");
        List<FileProbe> files = sectionFiles(probes);
        if (!files.isEmpty()) {
            s.append("printf '\\n").append(marker(nonce)).append("S\\n'\n");
            // The engine's own fragment: no subshell (a process less per host).
            s.append("{\n").append(FileFacts.script(FileFacts.batchable(files), known == null ? Map.of() : known.shas()))
                    .append("} </dev/null 2>/dev/null\n");
        }
        sent.clear();
        for (Probe p : probes) {
            if (p.batched()) continue;
            Integer same = sent.putIfAbsent(p.script(), p.unit());
            if (same != null) {
                s.append("printf '\\n").append(marker(nonce)).append("F ").append(p.unit()).append('=').append(same).append("\\n'\n");
                continue;
            }
            s.append("printf '\\n").append(marker(nonce)).append("F ").append(p.unit()).append("\\n'\n");
            // A subshell keeps a stray exit or cd local (an inline fragment has none); no stdin, or it would eat the rest of this script.
            String run = (p.inline() ? "{\n" : "(\n") + p.script() + (p.script().endsWith("\n") ? "" : "\n")
                    + (p.inline() ? "}" : ")") + " </dev/null 2>/dev/null\n";
            if (p.background()) {
                s.append("if [ -n \"$oml_bg\" ]; then wait \"$oml_bg").append(p.unit()).append("\"; cat -- \"$oml_bg/").append(p.unit())
                        .append("\"; else\n").append(run).append("fi\n");
                continue;
            }
            KnownFacts.Output before = known == null || !p.watched() ? null : known.output(p.script());
            if (before != null && before.stats().keySet().equals(new java.util.LinkedHashSet<>(p.factsFiles()))) {
                s.append(unlessUnchanged(nonce, before.stats(), run));
            } else {
                s.append(run);
            }
        }
        if (background) s.append("[ -z \"$oml_bg\" ] || rm -rf -- \"$oml_bg\"\n");
        s.append("printf '\\n").append(marker(nonce)).append("Z\\n'\n");
    }

    /**
     * Runs {@code run} unless every facts file has the stat lines it had when the known output was
     * printed (read from the file section's {@code oml_st}); then only says so.
     */
    private static String unlessUnchanged(String nonce, Map<String, String> stats, String run) {
        StringBuilder s = new StringBuilder("oml_k=1\n");
        for (Map.Entry<String, String> e : stats.entrySet()) {
            // The section's lines as stat printed them: one newline after the last (the parse may keep a blank line).
            String body = e.getValue().replaceAll("\n+$", "\n");
            String record = body.equals("type=absent\n") ? null : "@@- " + e.getKey() + "\n" + body;
            if (record == null) {
                // Absent then: it must still be absent.
                s.append("case \"$oml_st$oml_nl\" in *").append(org.omnileads.deploy.ssh.Shell.quote("@@- " + e.getKey() + "\n")).append("*) oml_k= ;; esac\n");
            } else {
                s.append("case \"$oml_st$oml_nl\" in *").append(org.omnileads.deploy.ssh.Shell.quote(record)).append("*) ;; *) oml_k= ;; esac\n");
            }
        }
        s.append("if [ -n \"$oml_k\" ]; then printf '%s\\n' ").append(org.omnileads.deploy.ssh.Shell.quote(recognized(nonce).strip()))
                .append("; else\n").append(run).append("fi\n");
        return s.toString();
    }

    /**
     * One script running the steps in order, stopping at the first that fails, then printing the
     * facts of {@code tail} (what comes later on this host), so the next planning needs no round trip.
     */
    static String applyScript(String nonce, List<StepItem> steps, List<Probe> tail) { return applyScript(nonce, steps, tail, null); }

    /** As {@link #applyScript(String, List, List)}, the tail probes recognizing what {@code known} (may be null) holds. */
    static String applyScript(String nonce, List<StepItem> steps, List<Probe> tail, KnownFacts known) {
        StringBuilder s = new StringBuilder();
        // The script's pid and process group, so Ctrl-C can stop it and every step it started (see Runner).
        s.append("oml_pg=$( (read -r s < /proc/$$/stat; s=${s##*) }; set -- $s; echo \"$3\") 2>/dev/null )\n");
        s.append("printf '\\n").append(marker(nonce)).append("P %s %s\\n' \"$$\" \"${oml_pg:-0}\"\n");
        for (StepItem st : steps) {
            String m = marker(nonce);
            s.append("printf '\\n").append(m).append("B ").append(st.item()).append("\\n'\n");
            // Standard error joins standard output so each line lands in its task, in order.
            s.append("(\n").append(st.script()).append(st.script().endsWith("\n") ? "" : "\n").append(") </dev/null 2>&1\n");
            s.append("oml_rc=$?\n");
            s.append("printf '\\n").append(m).append("E ").append(st.item()).append(" %s\\n' \"$oml_rc\"\n");
            s.append("case $oml_rc in 0|99) ;; *) exit \"$oml_rc\" ;; esac\n");
        }
        appendProbes(s, nonce, tail, known);
        return s.toString();
    }

    /**
     * Stops an apply script started on the same host: its whole process group when the script
     * leads one (sshd starts commands in a session of their own), else the script alone.
     */
    static String killScript(long pid, long pgid) {
        String target = pgid == pid ? "-" + pid : String.valueOf(pid);
        // dash's kill takes -- only after -s SIGNAL.
        return "kill -s TERM -- " + target + " 2>/dev/null || exit 0\n"
                + "for i in 1 2 3 4 5 6 7 8 9 10; do kill -s 0 -- " + target + " 2>/dev/null || exit 0; sleep 0.2; done\n"
                + "kill -s KILL -- " + target + " 2>/dev/null; exit 0\n";
    }

    /**
     * The facts per unit from a probe script's (or apply script's) standard output, for the
     * {@code probes} the script was made of. Only sections followed by another marker are
     * complete; a missing unit means the script did not get there.
     */
    static Map<Integer, String> parseFacts(String nonce, String stdout, List<Probe> probes) { return parseFacts(nonce, stdout, probes, null); }

    /**
     * As {@link #parseFacts(String, String, List)}, with what {@code known} (may be null) held
     * where the script recognized it; {@code known} learns the edited files' contents and the
     * watched probes' outputs printed this time.
     */
    static Map<Integer, String> parseFacts(String nonce, String stdout, List<Probe> probes, KnownFacts known) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Map<Integer, Probe> byUnit = new HashMap<>();
        for (Probe pr : probes) byUnit.putIfAbsent(pr.unit(), pr);
        Map<String, String> stats = new HashMap<>();
        Pattern p = Pattern.compile("\n" + Pattern.quote(marker(nonce)) + "(?:F (\\d+)(?:=(\\d+))?|(S)|Z)\n");
        Matcher m = p.matcher(stdout);
        Integer open = null;
        Integer sameAs = null;
        boolean shared = false;
        int from = 0;
        while (m.find()) {
            if (open != null) {
                String facts = sameAs == null ? stdout.substring(from, m.start()) : out.get(sameAs);
                Probe pr = byUnit.get(open);
                if (facts != null && sameAs == null && known != null && pr != null && pr.watched()) facts = remembered(nonce, pr, facts, stats, known);
                if (facts != null) out.put(open, facts);
            } else if (shared) {
                List<FileProbe> files = sectionFiles(probes);
                Map<FileProbe, String> facts = FileFacts.parse(stdout.substring(from, m.start()), files, known == null ? Map.of() : known.base64s());
                for (Probe b : probes) {
                    if (!b.batched()) continue;
                    String f = facts.get(b.file());
                    out.put(b.unit(), f);
                    if (known != null && b.file().kind() == FileProbe.Kind.EDITED && f != null) {
                        String content = Facts.parse(f).get("content");
                        if (content != null) known.content(b.file().path(), content);
                    }
                }
                for (FileProbe f : files) if (f.kind() == FileProbe.Kind.STAT) stats.put(f.path(), facts.get(f));
            }
            open = m.group(1) == null ? null : Integer.valueOf(m.group(1));
            sameAs = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            shared = m.group(3) != null;
            from = m.end();
        }
        return out;
    }

    /** A watched probe's facts: the known output where the script recognized it, else what it printed, now known. */
    private static String remembered(String nonce, Probe pr, String printed, Map<String, String> stats, KnownFacts known) {
        if (printed.equals(recognized(nonce))) {
            KnownFacts.Output before = known.output(pr.script());
            return before == null ? null : before.output();
        }
        Map<String, String> now = KnownFacts.statsOf(pr.factsFiles(), stats);
        if (now != null) known.output(pr.script(), now, printed);
        return printed;
    }

    /** True when the output holds the final marker: every probe section is complete. */
    static boolean complete(String nonce, String stdout) {
        return stdout.contains("\n" + marker(nonce) + "Z\n");
    }
}
