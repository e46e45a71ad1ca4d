package org.omnileads.deploy.tasks;

import java.util.List;

/** {@code file}: a file holds the given text (rendered), or is absent with {@code state: absent}. */
public final class FileTask extends ContentTask {
    static final TaskKind KIND = new TaskKind("file", "a file holds the given text (or is absent)",
            List.of(ArgSpec.required("path", ArgType.PATH, "the file"),
                    ArgSpec.optional("content", ArgType.TEXT, null, "the text, rendered as a template; required unless state is absent"),
                    ArgSpec.optional("owner", ArgType.NAME, null, "user owning it (root for a new file)"),
                    ArgSpec.optional("group", ArgType.NAME, null, "group owning it"),
                    ArgSpec.optional("force", ArgType.BOOL, Boolean.TRUE, "false: created once; an existing file is the operator's and is never changed"),
                    ArgSpec.optional("mode", ArgType.MODE, null, "permission bits (0644 for a new file)"),
                    ArgSpec.choice("state", "present", "present or absent", "present", "absent")),
            FileTask::create);

    public FileTask(TaskSpec spec, String path, byte[] content, FileAttributes attrs) {
        super(spec, path, content, attrs);
    }

    /** @param force false: created once, an existing file is left as it is */
    public FileTask(TaskSpec spec, String path, byte[] content, FileAttributes attrs, boolean force) {
        super(spec, path, content, attrs, force);
    }

    static Task create(TaskSpec spec, Args args) throws BadArgument {
        boolean absent = args.string("state").equals("absent");
        if (!absent && !args.has("content")) throw new BadArgument("content", "missing argument content (needed unless state: absent)");
        if (absent && args.has("content")) throw new BadArgument("content", "content makes no sense with state: absent");
        if (absent && !args.bool("force")) throw new BadArgument("force", "force: false makes no sense with state: absent");
        return new FileTask(spec, args.string("path"), absent ? null : utf8(args.string("content")), FileAttributes.from(args), args.bool("force"));
    }
}
