package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code user}: a local user exists with the given primary group, extra groups, home and shell.
 * Only what is given is managed; extra groups are added, never removed.
 */
public record UserTask(TaskSpec spec, String name, String group, List<String> groups, String home, String shell, boolean system,
                       boolean createHome) implements Task {
    static final TaskKind KIND = new TaskKind("user", "a local user exists with group, home and shell",
            List.of(ArgSpec.required("name", ArgType.NAME, "the user"),
                    ArgSpec.optional("group", ArgType.NAME, null, "primary group (must exist; by default a group named like the user)"),
                    ArgSpec.optional("groups", ArgType.NAMES, null, "extra groups the user is added to"),
                    ArgSpec.optional("home", ArgType.PATH, null, "home folder"),
                    ArgSpec.optional("shell", ArgType.PATH, null, "login shell, e.g. /bin/bash or /usr/sbin/nologin"),
                    ArgSpec.optional("system", ArgType.BOOL, Boolean.FALSE, "a system user (id below 1000) when created"),
                    ArgSpec.optional("create_home", ArgType.BOOL, Boolean.TRUE, "create the home folder when the user is created")),
            (spec, args) -> new UserTask(spec, args.string("name"), args.optional("group"), args.list("groups"), args.optional("home"),
                    args.optional("shell"), args.bool("system"), args.bool("create_home")));

    public UserTask {
        groups = List.copyOf(groups);
    }

    @Override
    public String probe() {
        // What getent passwd and id -Gn print, read from the files where that is sure (LocalAccounts).
        LocalAccounts a = LocalAccounts.HOST;
        Script s = new Script();
        s.raw(a.sources()).raw(a.userEntry(name));
        s.raw("if [ -n \"$oml_e\" ]; then");
        s.raw("  echo \"passwd=$oml_e\"");
        // For a named user, id prints the primary group first, then the others.
        s.raw(a.userGroups(name));
        s.raw("  echo \"group=${oml_g%% *}\"; echo \"groups=$oml_g\"");
        s.raw("fi");
        return s.toString();
    }

    /** Sets only variables named oml_..., each before reading it. */
    @Override public boolean probeInline() { return true; }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        String passwd = f.get("passwd");
        if (passwd == null) return new Plan.Change("create user " + name + describe(), null, new Step(step()), false);
        String[] p = passwd.split(":", -1);
        List<String> diffs = new ArrayList<>();
        if (home != null && (p.length < 6 || !home.equals(p[5]))) diffs.add("home " + (p.length > 5 ? p[5] : "?") + " → " + home);
        if (shell != null && (p.length < 7 || !shell.equals(p[6]))) diffs.add("shell " + (p.length > 6 ? p[6] : "?") + " → " + shell);
        if (group != null && !group.equals(f.get("group"))) diffs.add("group " + f.get("group", "?") + " → " + group);
        List<String> have = Arrays.asList(f.get("groups", "").trim().split("\\s+"));
        for (String g : groups) if (!have.contains(g)) diffs.add("add to group " + g);
        if (diffs.isEmpty()) return new Plan.Ok("user " + name + " exists");
        return new Plan.Change("user " + name + ": " + String.join(", ", diffs), null, new Step(step()), false);
    }

    private String describe() {
        List<String> d = new ArrayList<>();
        if (group != null) d.add("group " + group);
        if (!groups.isEmpty()) d.add("groups " + String.join(",", groups));
        if (home != null) d.add("home " + home);
        if (shell != null) d.add("shell " + shell);
        return d.isEmpty() ? "" : " (" + String.join(", ", d) + ")";
    }

    String step() {
        Script s = new Script();
        s.line("oml_n=%q", name);
        s.raw("oml_rc=99");
        List<String> add = new ArrayList<>();
        add.add("useradd");
        if (system) add.add("--system");
        if (group != null) add.add("-g " + Script.fmt("%q", group));
        if (!groups.isEmpty()) add.add("-G " + Script.fmt("%q", String.join(",", groups)));
        if (home != null) add.add("-d " + Script.fmt("%q", home));
        if (shell != null) add.add("-s " + Script.fmt("%q", shell));
        add.add(createHome ? "-m" : "-M");
        add.add("\"$oml_n\"");
        s.raw("if ! getent passwd \"$oml_n\" >/dev/null; then " + String.join(" ", add) + " || exit 1; exit 0; fi");
        s.raw("oml_e=$(getent passwd \"$oml_n\")");
        if (home != null) s.line("[ \"$(echo \"$oml_e\" | cut -d: -f6)\" = %q ] || { usermod -d %q \"$oml_n\" || exit 1; oml_rc=0; }", home, home);
        if (shell != null) s.line("[ \"$(echo \"$oml_e\" | cut -d: -f7)\" = %q ] || { usermod -s %q \"$oml_n\" || exit 1; oml_rc=0; }", shell, shell);
        if (group != null) s.line("[ \"$(id -gn \"$oml_n\")\" = %q ] || { usermod -g %q \"$oml_n\" || exit 1; oml_rc=0; }", group, group);
        for (String g : groups) {
            s.line("id -Gn \"$oml_n\" | tr ' ' '\\n' | grep -qx %q || { usermod -aG %q \"$oml_n\" || exit 1; oml_rc=0; }", g, g);
        }
        s.raw("exit $oml_rc");
        return s.toString();
    }
}
