package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * {@code timezone}: the host's time zone. Set with timedatectl when it works, otherwise by
 * pointing /etc/localtime at the zone file; /etc/timezone (Debian's copy) is written too.
 */
public record TimezoneTask(TaskSpec spec, String name) implements Task {
    static final TaskKind KIND = new TaskKind("timezone", "the host's time zone",
            List.of(ArgSpec.required("name", ArgType.STRING, "an IANA zone such as America/Argentina/Cordoba or UTC")),
            TimezoneTask::create);

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        String n = args.string("name").trim();
        if (n.contains("..") || !n.matches("[A-Za-z0-9_+/-]+")) throw new BadArgument("name", "name: \"" + n + "\" is not a time zone name");
        return new TimezoneTask(spec, n);
    }

    @Override
    public String probe() {
        Script s = new Script();
        s.raw("echo \"localtime=$(readlink /etc/localtime 2>/dev/null)\"");
        s.raw("if [ -f /etc/timezone ]; then echo \"etc_timezone=$(cat /etc/timezone)\"; fi");
        s.line("if [ -f %q ]; then echo zone=yes; else echo zone=no; fi", "/usr/share/zoneinfo/" + name);
        return s.toString();
    }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        String link = f.get("localtime", "");
        boolean linked = link.endsWith("zoneinfo/" + name);
        boolean file = !f.has("etc_timezone") || f.is("etc_timezone", name);
        if (linked && file) return new Plan.Ok("time zone is " + name);
        String now = link.contains("zoneinfo/") ? link.substring(link.indexOf("zoneinfo/") + 9) : "unknown";
        if (!f.is("zone", "yes")) {
            // tzdata may be installed earlier in this run.
            return new Plan.Change("time zone " + now + " → " + name + " (no zone file yet: is tzdata installed?)", null, new Step(step()), true);
        }
        return new Plan.Change("time zone " + now + " → " + name, null, new Step(step()), false);
    }

    String step() {
        Script s = new Script();
        s.line("oml_z=%q", name);
        s.raw("""
                if [ ! -f "/usr/share/zoneinfo/$oml_z" ]; then echo "oml: no time zone $oml_z in /usr/share/zoneinfo (install the tzdata package)" >&2; exit 1; fi
                case $(readlink /etc/localtime 2>/dev/null) in
                  */zoneinfo/"$oml_z") if [ "$(cat /etc/timezone 2>/dev/null)" = "$oml_z" ]; then exit 99; fi;;
                esac
                if ! timedatectl set-timezone "$oml_z" </dev/null 2>/dev/null; then
                  ln -sfn "/usr/share/zoneinfo/$oml_z" /etc/localtime || exit 1
                fi
                printf '%s\\n' "$oml_z" > /etc/timezone || exit 1
                exit 0
                """);
        return s.toString();
    }
}
