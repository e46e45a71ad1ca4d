package org.omnileads.deploy.tasks;

import java.util.List;

/** {@code template}: a Pebble template of the role's {@code templates/} folder, rendered for the host. */
public final class TemplateTask extends ContentTask {
    static final TaskKind KIND = new TaskKind("template", "a template from the role's templates/ is rendered onto the host",
            List.of(ArgSpec.roleFile("src", "templates", "path under the role's templates/ folder"),
                    ArgSpec.required("dest", ArgType.PATH, "where the rendered file goes on the host"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning it (root for a new file)"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning it"),
                    ArgSpec.optional("force", ArgType.BOOL, Boolean.TRUE, "false: created once; an existing file is the operator's and is never changed"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits (0644 for a new file)")),
            (spec, args) -> new TemplateTask(spec, args.string("dest"), args.roleFile("src").bytes(), FileAttributes.from(args), args.bool("force")));

    public TemplateTask(TaskSpec spec, String dest, byte[] rendered, FileAttributes attrs) {
        super(spec, dest, rendered, attrs);
    }

    /** @param force false: created once, an existing file is left as it is */
    public TemplateTask(TaskSpec spec, String dest, byte[] rendered, FileAttributes attrs, boolean force) {
        super(spec, dest, rendered, attrs, force);
    }
}
