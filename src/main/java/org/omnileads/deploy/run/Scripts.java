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
     * {@code inline} runs the fragment in the script's shell, not a subshell ({@code Task#probeInline}).
     */
    record Probe(int unit, String script, FileProbe file, boolean inline) {
        Probe(int unit, String script) { this(unit, script, null, false); }

        boolean batched() { return file != null && file.batchable(); }
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
    static String probeScript(String nonce, List<Probe> probes) {
        StringBuilder s = new StringBuilder();
        appendProbes(s, nonce, probes);
        return s.toString();
    }

    /** The file probes of {@code probes} that the shared section answers, in order. */
    private static List<FileProbe> batchedFiles(List<Probe> probes) {
        List<FileProbe> files = new ArrayList<>();
        for (Probe p : probes) if (p.batched()) files.add(p.file());
        return files;
    }

    private static void appendProbes(StringBuilder s, String nonce, List<Probe> probes) {
        List<FileProbe> files = batchedFiles(probes);
        if (!files.isEmpty()) {
            s.append("printf '\\n").append(marker(nonce)).append("S\\n'\n");
            // The engine's own fragment: no subshell (a process less per host).
            s.append("{\n").append(FileFacts.script(FileFacts.batchable(files))).append("} </dev/null 2>/dev/null\n");
        }
        Map<String, Integer> sent = new HashMap<>();
        for (Probe p : probes) {
            if (p.batched()) continue;
            Integer same = sent.putIfAbsent(p.script(), p.unit());
            if (same != null) {
                s.append("printf '\\n").append(marker(nonce)).append("F ").append(p.unit()).append('=').append(same).append("\\n'\n");
                continue;
            }
            s.append("printf '\\n").append(marker(nonce)).append("F ").append(p.unit()).append("\\n'\n");
            // A subshell keeps a stray exit or cd local (an inline fragment has none); no stdin, or it would eat the rest of this script.
            s.append(p.inline() ? "{\n" : "(\n").append(p.script()).append(p.script().endsWith("\n") ? "" : "\n")
                    .append(p.inline() ? "}" : ")").append(" </dev/null 2>/dev/null\n");
        }
        s.append("printf '\\n").append(marker(nonce)).append("Z\\n'\n");
    }

    /**
     * One script running the steps in order, stopping at the first that fails, then printing the
     * facts of {@code tail} (what comes later on this host), so the next planning needs no round trip.
     */
    static String applyScript(String nonce, List<StepItem> steps, List<Probe> tail) {
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
        appendProbes(s, nonce, tail);
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
    static Map<Integer, String> parseFacts(String nonce, String stdout, List<Probe> probes) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Pattern p = Pattern.compile("\n" + Pattern.quote(marker(nonce)) + "(?:F (\\d+)(?:=(\\d+))?|(S)|Z)\n");
        Matcher m = p.matcher(stdout);
        Integer open = null;
        Integer sameAs = null;
        boolean shared = false;
        int from = 0;
        while (m.find()) {
            if (open != null) {
                String facts = sameAs == null ? stdout.substring(from, m.start()) : out.get(sameAs);
                if (facts != null) out.put(open, facts);
            } else if (shared) {
                Map<FileProbe, String> facts = FileFacts.parse(stdout.substring(from, m.start()), batchedFiles(probes));
                for (Probe b : probes) if (b.batched()) out.put(b.unit(), facts.get(b.file()));
            }
            open = m.group(1) == null ? null : Integer.valueOf(m.group(1));
            sameAs = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            shared = m.group(3) != null;
            from = m.end();
        }
        return out;
    }

    /** True when the output holds the final marker: every probe section is complete. */
    static boolean complete(String nonce, String stdout) {
        return stdout.contains("\n" + marker(nonce) + "Z\n");
    }
}
