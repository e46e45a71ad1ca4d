package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code line}: one line is in a text file (or is not), like Ansible's lineinfile. With
 * {@code regexp} (a POSIX extended regular expression, as awk reads it) the last matching line is
 * replaced by {@code line}; without a match, or without {@code regexp}, the line is appended
 * unless it is already there. With {@code state: absent} every line matching {@code regexp}
 * (or equal to {@code line}) is removed.
 */
public record LineTask(TaskSpec spec, String path, String line, String regexp, boolean absent, boolean create, FileAttributes attrs)
        implements Task {
    static final TaskKind KIND = new TaskKind("line", "one line is present in (or absent from) a text file",
            List.of(ArgSpec.required("path", ArgType.PATH, "the file"),
                    ArgSpec.optional("line", ArgType.STRING, null, "the whole line; required unless state is absent with a regexp"),
                    ArgSpec.optional("regexp", ArgType.STRING, null, "POSIX extended regular expression finding the line to replace or remove"),
                    ArgSpec.choice("state", "present", "present or absent", "present", "absent"),
                    ArgSpec.optional("create", ArgType.BOOL, Boolean.FALSE, "create the file when missing"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning the file"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning the file"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits (0644 for a new file)")),
            LineTask::create);

    static final String AWK_PRESENT = """
            { l[NR] = $0 }
            END {
              line = ENVIRON["OML_LINE"]; re = ENVIRON["OML_RE"]; m = 0; same = 0
              for (i = 1; i <= NR; i++) {
                if (re != "" && l[i] ~ re) m = i
                if ((l[i] "") == (line "")) same = 1
              }
              if (m > 0) l[m] = line
              for (i = 1; i <= NR; i++) print l[i]
              if (m == 0 && !same) print line
            }
            """;

    static final String AWK_ABSENT = """
            {
              line = ENVIRON["OML_LINE"]; re = ENVIRON["OML_RE"]
              if (re != "") { if ($0 ~ re) next }
              else if (($0 "") == (line "")) next
              print
            }
            """;

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        boolean absent = args.string("state").equals("absent");
        String line = args.optional("line");
        String regexp = args.optional("regexp");
        if (line == null && !(absent && regexp != null)) throw new BadArgument("line", "missing argument line");
        if (line != null && line.contains("\n")) throw new BadArgument("line", "line: must be one line (use block for several)");
        if (regexp != null) {
            if (regexp.isEmpty()) throw new BadArgument("regexp", "regexp: must not be empty");
            try {
                javaPattern(regexp);
            } catch (PatternSyntaxException e) {
                throw new BadArgument("regexp", "regexp: not a valid regular expression: " + e.getDescription());
            }
        }
        return new LineTask(spec, args.string("path"), line, regexp, absent, args.bool("create"), FileAttributes.from(args));
    }

    @Override public String probe() { return EditedFile.probe(path); }

    @Override public FileProbe fileProbe() { return FileProbe.edited(path); }

    @Override
    public Plan plan(String output) {
        String what = "line \"" + (line != null ? line : "/" + regexp + "/") + "\"";
        return EditedFile.plan(path, Facts.parse(output), attrs, this::edit, absent, create, what, this::step);
    }

    String step() {
        List<String[]> env = new ArrayList<>();
        env.add(new String[] {"OML_LINE", line == null ? "" : line});
        env.add(new String[] {"OML_RE", regexp == null ? "" : regexp});
        return EditedFile.step(path, attrs, absent, create, absent ? AWK_ABSENT : AWK_PRESENT, env);
    }

    /** The awk edit, done in Java on ISO-8859-1 text. */
    String edit(String text) {
        List<String> records = EditedFile.records(text);
        String l = line == null ? "" : EditedFile.asBytes(line);
        Pattern re = regexp == null ? null : javaPattern(EditedFile.asBytes(regexp));
        List<String> out = new ArrayList<>();
        if (absent) {
            for (String r : records) {
                boolean drop = re != null ? re.matcher(r).find() : r.equals(l);
                if (!drop) out.add(r);
            }
            return EditedFile.join(out);
        }
        int match = -1;
        boolean same = false;
        for (int i = 0; i < records.size(); i++) {
            if (re != null && re.matcher(records.get(i)).find()) match = i;
            if (records.get(i).equals(l)) same = true;
        }
        out.addAll(records);
        if (match >= 0) out.set(match, l);
        if (match < 0 && !same) out.add(l);
        return EditedFile.join(out);
    }

    private static final String[][] CLASSES = {
        {"[:alpha:]", "\\p{Alpha}"}, {"[:digit:]", "\\p{Digit}"}, {"[:alnum:]", "\\p{Alnum}"}, {"[:upper:]", "\\p{Upper}"},
        {"[:lower:]", "\\p{Lower}"}, {"[:space:]", "\\s"}, {"[:blank:]", "\\p{Blank}"}, {"[:punct:]", "\\p{Punct}"},
        {"[:print:]", "\\p{Print}"}, {"[:graph:]", "\\p{Graph}"}, {"[:cntrl:]", "\\p{Cntrl}"}, {"[:xdigit:]", "\\p{XDigit}"},
    };

    /** A POSIX ERE as Java reads it: the bracket classes are the only spelling that differs in practice. */
    static Pattern javaPattern(String ere) {
        String j = ere;
        for (String[] c : CLASSES) j = j.replace(c[0], c[1]);
        return Pattern.compile(j);
    }
}
