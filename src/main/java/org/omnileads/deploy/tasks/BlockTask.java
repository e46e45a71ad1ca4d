package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code block}: lines between two marker lines in a text file, like Ansible's blockinfile.
 * The markers are {@code marker} with {@code {mark}} replaced by BEGIN and END; a block not yet
 * there is appended at the end. An empty block, or {@code state: absent}, removes it.
 */
public record BlockTask(TaskSpec spec, String path, String block, String begin, String end, boolean absent, boolean create,
                        FileAttributes attrs) implements Task {
    public static final String DEFAULT_MARKER = "# {mark} OML MANAGED BLOCK";

    static final TaskKind KIND = new TaskKind("block", "a marked block of lines is present in (or absent from) a text file",
            List.of(ArgSpec.required("path", ArgType.PATH, "the file"),
                    ArgSpec.optional("block", ArgType.TEXT, "", "the lines between the markers"),
                    ArgSpec.optional("marker", ArgType.STRING, DEFAULT_MARKER, "marker line; {mark} becomes BEGIN or END"),
                    ArgSpec.choice("state", "present", "present or absent", "present", "absent"),
                    ArgSpec.optional("create", ArgType.BOOL, Boolean.FALSE, "create the file when missing"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning the file"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning the file"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits (0644 for a new file)")),
            BlockTask::create);

    static final String AWK = """
            { l[NR] = $0 }
            END {
              b = ENVIRON["OML_BEGIN"]; e = ENVIRON["OML_END"]; blk = ENVIRON["OML_BLOCK"]; want = ENVIRON["OML_STATE"]
              s = 0; f = 0
              for (i = 1; i <= NR; i++) {
                if (s == 0 && (l[i] "") == (b "")) s = i
                else if (s > 0 && f == 0 && (l[i] "") == (e "")) f = i
              }
              if (s > 0 && f > 0) {
                for (i = 1; i < s; i++) print l[i]
                if (want == "present") { print b; print blk; print e }
                for (i = f + 1; i <= NR; i++) print l[i]
              } else {
                for (i = 1; i <= NR; i++) print l[i]
                if (want == "present") { print b; print blk; print e }
              }
            }
            """;

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        String marker = args.string("marker");
        if (!marker.contains("{mark}")) throw new BadArgument("marker", "marker: must contain {mark}");
        if (marker.contains("\n")) throw new BadArgument("marker", "marker: must be one line");
        String block = args.string("block");
        while (block.endsWith("\n")) block = block.substring(0, block.length() - 1);
        boolean absent = args.string("state").equals("absent") || block.isEmpty();
        return new BlockTask(spec, args.string("path"), block, marker.replace("{mark}", "BEGIN"), marker.replace("{mark}", "END"),
                absent, args.bool("create"), FileAttributes.from(args));
    }

    @Override public String probe() { return EditedFile.probe(path); }

    @Override public FileProbe fileProbe() { return FileProbe.edited(path); }

    @Override
    public Plan plan(String output) {
        String what = "block \"" + begin + "\"";
        return EditedFile.plan(path, Facts.parse(output), attrs, this::edit, absent, create, what, this::step);
    }

    String step() {
        List<String[]> env = List.of(
                new String[] {"OML_BEGIN", begin}, new String[] {"OML_END", end},
                new String[] {"OML_BLOCK", block}, new String[] {"OML_STATE", absent ? "absent" : "present"});
        return EditedFile.step(path, attrs, absent, create, AWK, env);
    }

    /** The awk edit, done in Java on ISO-8859-1 text. */
    String edit(String text) {
        List<String> r = EditedFile.records(text);
        String b = EditedFile.asBytes(begin);
        String e = EditedFile.asBytes(end);
        String blk = EditedFile.asBytes(block);
        int s = -1;
        int f = -1;
        for (int i = 0; i < r.size(); i++) {
            if (s < 0 && r.get(i).equals(b)) s = i;
            else if (s >= 0 && f < 0 && r.get(i).equals(e)) f = i;
        }
        List<String> out = new ArrayList<>();
        if (s >= 0 && f >= 0) {
            out.addAll(r.subList(0, s));
            if (!absent) out.addAll(List.of(b, blk, e));
            out.addAll(r.subList(f + 1, r.size()));
        } else {
            out.addAll(r);
            if (!absent) out.addAll(List.of(b, blk, e));
        }
        return EditedFile.join(out);
    }
}
