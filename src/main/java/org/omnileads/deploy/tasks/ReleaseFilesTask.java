package org.omnileads.deploy.tasks;

import java.util.List;
import java.util.Map;

/**
 * {@code release_files}: the files an OMniLeads release's own installer placed, taken from the
 * release given with {@code --release} (its task file says which file goes where). The release
 * layer ({@code org.omnileads.deploy.release.ReleaseRoles}) replaces this task, when the role is
 * bound, by one file task per file; without a release that carries telephony it stays this task,
 * which changes nothing and says so.
 *
 * @param tasks           the release's Ansible task file, relative to the release's top
 * @param vars            the variables of the release's templates, in the release's names
 * @param onlyUnder       only files whose destination is under one of these folders are taken
 * @param createOnceFrom  release folders whose files are created once and then left to the operator
 * @param confDir         files placed under this folder get {@code confMode}
 * @param confMode        permission bits for them (they hold secrets)
 * @param adapt           documented rewrites of rendered files: maps with file, find, replace, why
 */
public record ReleaseFilesTask(TaskSpec spec, String tasks, Map<String, Object> vars, List<String> onlyUnder,
        List<String> createOnceFrom, String confDir, int confMode, List<Map<String, Object>> adapt) implements Task {
    static final TaskKind KIND = new TaskKind("release_files", "the release's own files, placed as its installer's task file says",
            List.of(ArgSpec.required("tasks", ArgType.STRING, "the release's Ansible task file, relative to the release's top"),
                    ArgSpec.required("vars", ArgType.DATA, "the release templates' variables (a map, written as {{ name }})"),
                    ArgSpec.required("only_under", ArgType.LIST, "destination folders files are taken for"),
                    ArgSpec.optional("create_once_from", ArgType.LIST, List.of(), "release folders whose files are created once"),
                    ArgSpec.required("conf_dir", ArgType.PATH, "files under it get conf_mode"),
                    ArgSpec.optional("conf_mode", ArgType.MODE, "0640", "mode of the files under conf_dir"),
                    ArgSpec.optional("adapt", ArgType.DATA, List.of(), "rewrites of rendered files (a list of maps, written as {{ name }})")),
            ReleaseFilesTask::create);

    @SuppressWarnings("unchecked")
    static Task create(TaskSpec spec, Args args) throws BadArgument {
        Object vars = args.data("vars");
        Object adapt = args.data("adapt");
        // At load time (before variables are known) the data arguments are still their {{ name }} text.
        Map<String, Object> v = vars instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<Map<String, Object>> a = adapt instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        if (vars != null && !(vars instanceof Map) && !(vars instanceof String)) throw new BadArgument("vars", "vars: expected a map");
        for (Object o : a) if (!(o instanceof Map)) throw new BadArgument("adapt", "adapt: expected a list of maps (file, find, replace, why)");
        Integer mode = args.mode("conf_mode");
        return new ReleaseFilesTask(spec, args.string("tasks"), v, args.list("only_under"), args.list("create_once_from"),
                args.string("conf_dir"), mode == null ? 0640 : mode, a);
    }

    @Override public String probe() { return ""; }

    @Override
    public Plan plan(String facts) {
        return new Plan.Skip("no release with its own telephony given: the role's own configuration stays");
    }
}
