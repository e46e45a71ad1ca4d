package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code service}: a systemd unit is started, stopped, restarted or reloaded, and enabled or not
 * at boot. One {@code systemctl show} call is the probe. {@code restarted} and {@code reloaded}
 * always act (they are what handlers use).
 */
public record ServiceTask(TaskSpec spec, String name, String state, Boolean enabled, boolean daemonReload) implements Task {
    static final TaskKind KIND = new TaskKind("service", "a systemd unit is started/stopped/restarted/reloaded and enabled or not",
            List.of(ArgSpec.required("name", ArgType.NAME, "the unit, e.g. nginx or postgresql@15-main"),
                    new ArgSpec("state", ArgType.CHOICE, false, null, List.of("started", "stopped", "restarted", "reloaded"), null,
                            "started, stopped, restarted or reloaded (left as is when not given)"),
                    ArgSpec.optional("enabled", ArgType.BOOL, null, "start at boot (left as is when not given)"),
                    ArgSpec.optional("daemon_reload", ArgType.BOOL, Boolean.FALSE, "run systemctl daemon-reload first (after a unit file changed)")),
            ServiceTask::create);

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        String state = args.optional("state");
        Boolean enabled = args.optionalBool("enabled");
        boolean reload = args.bool("daemon_reload");
        if (state == null && enabled == null && !reload) throw new BadArgument("state", "give state, enabled or daemon_reload");
        return new ServiceTask(spec, args.string("name"), state, enabled, reload);
    }

    @Override
    public String probe() {
        return Script.fmt("systemctl show -p LoadState -p ActiveState -p UnitFileState -- %q 2>/dev/null\n", name);
    }

    /** One command, no variables. */
    @Override public boolean probeInline() { return true; }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        String load = f.get("LoadState", "");
        boolean known = load.equals("loaded");
        List<String> actions = new ArrayList<>();
        if (daemonReload) actions.add("reload systemd units");
        if (!known) {
            // The package that brings the unit may be installed earlier in this run.
            actions.add(describeWanted());
            return new Plan.Change(String.join(", ", actions) + " (" + name + " is not a known unit yet)", null, new Step(step()), true);
        }
        String active = f.get("ActiveState", "");
        String fileState = f.get("UnitFileState", "");
        if (enabled != null) {
            boolean on = isEnabled(fileState);
            if (enabled && !on) actions.add("enable " + name);
            if (!enabled && (fileState.equals("enabled") || fileState.equals("enabled-runtime"))) actions.add("disable " + name);
        }
        if (state != null) {
            switch (state) {
                case "started" -> { if (!active.equals("active")) actions.add("start " + name); }
                case "stopped" -> { if (active.equals("active") || active.equals("activating") || active.equals("reloading")) actions.add("stop " + name); }
                case "restarted" -> actions.add("restart " + name);
                case "reloaded" -> actions.add("reload " + name);
                default -> throw new IllegalStateException(state);
            }
        }
        if (actions.isEmpty()) return new Plan.Ok(name + " is " + active + (fileState.isEmpty() ? "" : ", " + fileState));
        return new Plan.Change(String.join(", ", actions), null, new Step(step()), false);
    }

    /** States where {@code systemctl is-enabled} succeeds: nothing to enable. */
    static boolean isEnabled(String fileState) {
        return switch (fileState) {
            case "enabled", "enabled-runtime", "static", "alias", "indirect", "generated", "transient" -> true;
            default -> false;
        };
    }

    private String describeWanted() {
        List<String> w = new ArrayList<>();
        if (state != null) w.add(state.replace("started", "start").replace("stopped", "stop").replace("restarted", "restart").replace("reloaded", "reload") + " " + name);
        if (Boolean.TRUE.equals(enabled)) w.add("enable " + name);
        if (Boolean.FALSE.equals(enabled)) w.add("disable " + name);
        return String.join(", ", w);
    }

    String step() {
        Script s = new Script();
        s.line("oml_u=%q", name);
        s.raw("oml_rc=99");
        s.raw("oml_fail() { echo \"oml: $1\" >&2; systemctl status --no-pager -l -n 20 -- \"$oml_u\" >&2; exit 1; }");
        if (daemonReload) s.raw("systemctl daemon-reload || exit 1");
        if (Boolean.TRUE.equals(enabled)) {
            s.raw("if ! systemctl is-enabled -q -- \"$oml_u\" 2>/dev/null; then systemctl enable -q -- \"$oml_u\" || oml_fail \"could not enable $oml_u\"; oml_rc=0; fi");
        } else if (Boolean.FALSE.equals(enabled)) {
            s.raw("case $(systemctl is-enabled -- \"$oml_u\" 2>/dev/null) in enabled|enabled-runtime) systemctl disable -q -- \"$oml_u\" || exit 1; oml_rc=0;; esac");
        }
        if (state != null) {
            switch (state) {
                case "started" -> s.raw("if ! systemctl is-active -q -- \"$oml_u\"; then systemctl start -- \"$oml_u\" || oml_fail \"could not start $oml_u\"; oml_rc=0; fi");
                case "stopped" -> s.raw("if systemctl is-active -q -- \"$oml_u\"; then systemctl stop -- \"$oml_u\" || oml_fail \"could not stop $oml_u\"; oml_rc=0; fi");
                case "restarted" -> s.raw("systemctl restart -- \"$oml_u\" || oml_fail \"could not restart $oml_u\"; oml_rc=0");
                case "reloaded" -> s.raw("systemctl reload -- \"$oml_u\" || oml_fail \"could not reload $oml_u\"; oml_rc=0");
                default -> throw new IllegalStateException(state);
            }
        }
        s.raw("exit $oml_rc");
        return s.toString();
    }
}
