package org.omnileads.deploy.tasks;

import java.util.List;

/** {@code copy}: a file of the role's {@code files/} folder is placed on the host as it is. */
public final class CopyTask extends ContentTask {
    static final TaskKind KIND = new TaskKind("copy", "a file from the role's files/ is on the host, byte for byte",
            List.of(ArgSpec.roleFile("src", "files", "path under the role's files/ folder"),
                    ArgSpec.required("dest", ArgType.PATH, "where it goes on the host"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning it (root for a new file)"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning it"),
                    ArgSpec.optional("force", ArgType.BOOL, Boolean.TRUE, "false: created once; an existing file is the operator's and is never changed"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits (0644 for a new file)")),
            (spec, args) -> new CopyTask(spec, args.string("dest"), args.roleFile("src").bytes(), FileAttributes.from(args), args.bool("force")));

    public CopyTask(TaskSpec spec, String dest, byte[] content, FileAttributes attrs) {
        super(spec, dest, content, attrs);
    }

    /** @param force false: created once, an existing file is left as it is */
    public CopyTask(TaskSpec spec, String dest, byte[] content, FileAttributes attrs, boolean force) {
        super(spec, dest, content, attrs, force);
    }
}
