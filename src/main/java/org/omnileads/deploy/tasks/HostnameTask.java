package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * {@code hostname}: the host's name, in /etc/hostname and running. Uses hostnamectl, else writes
 * /etc/hostname and runs {@code hostname}. Inside a container the running name may be fixed by
 * the engine: then /etc/hostname is enough, and the plan's detail says so.
 */
public record HostnameTask(TaskSpec spec, String name) implements Task {
    static final TaskKind KIND = new TaskKind("hostname", "the host's name",
            List.of(ArgSpec.required("name", ArgType.NAME, "the host name")),
            HostnameTask::create);

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        String n = args.string("name");
        if (!n.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,62})")) throw new BadArgument("name", "name: \"" + n + "\" is not a host name");
        return new HostnameTask(spec, n);
    }

    @Override
    public String probe() {
        return """
                (
                echo "running=$(uname -n)"
                echo "file=$(cat /etc/hostname 2>/dev/null)"
                if [ -f /run/.containerenv ] || [ -f /.dockerenv ] || { command -v systemd-detect-virt >/dev/null 2>&1 && systemd-detect-virt -qc; }; then echo container=yes; fi
                )
                """;
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        boolean file = f.is("file", name);
        boolean running = f.is("running", name);
        if (file && running) return new Plan.Ok("host name is " + name);
        if (file && f.is("container", "yes")) {
            return new Plan.Ok("/etc/hostname says " + name + "; the running name stays " + f.get("running") + " (a container's name is set by its engine)");
        }
        return new Plan.Change("host name " + f.get("running", "?") + " → " + name, null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.line("oml_n=%q", name);
        s.raw("""
                if [ "$(cat /etc/hostname 2>/dev/null)" = "$oml_n" ] && [ "$(uname -n)" = "$oml_n" ]; then exit 99; fi
                if hostnamectl set-hostname "$oml_n" </dev/null 2>/dev/null && [ "$(cat /etc/hostname 2>/dev/null)" = "$oml_n" ]; then exit 0; fi
                oml_rc=99
                if [ "$(cat /etc/hostname 2>/dev/null)" != "$oml_n" ]; then
                  # In place: /etc/hostname is a bind mount in containers, a rename would fail.
                  if printf '%s\\n' "$oml_n" > /etc/hostname; then oml_rc=0; else echo "oml: /etc/hostname is read-only here" >&2; exit 1; fi
                fi
                if [ "$(uname -n)" != "$oml_n" ]; then
                  if hostname "$oml_n" 2>/dev/null; then oml_rc=0; else echo "oml: the running host name cannot be changed here (a container?); it stays $(uname -n), /etc/hostname says $oml_n"; fi
                fi
                exit $oml_rc
                """);
        return s.toString();
    }
}
