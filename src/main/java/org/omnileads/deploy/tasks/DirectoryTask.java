package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * {@code directory}: a folder exists (with its parents), with the wanted owner, group and mode.
 * A symbolic link to a folder counts as the folder.
 */
public record DirectoryTask(TaskSpec spec, String path, FileAttributes attrs) implements Task {
    static final TaskKind KIND = new TaskKind("directory", "a folder exists with owner, group and mode",
            List.of(ArgSpec.required("path", ArgType.PATH, "the folder; missing parents are created"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning it (left as is when not given)"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning it"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits, e.g. 0755")),
            (spec, args) -> new DirectoryTask(spec, args.string("path"), FileAttributes.from(args)));

    @Override
    public String probe() {
        return Script.fmt("oml_p=%q", path) + "\n" + FileAttributes.probe("oml_p", true);
    }

    @Override public FileProbe fileProbe() { return FileProbe.folder(path); }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        String type = FileAttributes.type(f);
        if (type.equals("absent")) {
            String how = attrs.describe();
            return new Plan.Change("create folder " + path + (how.isEmpty() ? "" : " (" + how + ")"), null, new Step(step()), false);
        }
        if (!type.equals("directory")) {
            return new Plan.Change(path + " exists and is not a folder", null, new Step(step()), false);
        }
        List<String> diffs = attrs.differences(f);
        if (diffs.isEmpty()) return new Plan.Ok(path + " exists");
        return new Plan.Change(path + ": " + String.join(", ", diffs), null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.line("oml_p=%q", path);
        s.raw("""
                oml_rc=99
                if [ ! -d "$oml_p" ]; then
                  if [ -e "$oml_p" ] || [ -L "$oml_p" ]; then echo "oml: $oml_p exists and is not a folder" >&2; exit 1; fi
                  mkdir -p -- "$oml_p" || exit 1
                  oml_rc=0
                fi
                """);
        s.raw(attrs.fixScript("oml_p", true));
        s.raw("exit $oml_rc");
        return s.toString();
    }
}
