package org.omnileads.deploy.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code file}, {@code copy} and {@code template} share: a file on the host must hold
 * exactly these bytes (or be absent). The probe prints the file's SHA-256 and, only when it
 * differs from the wanted one and the file is at most {@value #INLINE_LIMIT} bytes, its content
 * in base64, so the diff needs no second round trip and a converged file costs no transfer.
 */
public abstract sealed class ContentTask implements Task permits FileTask, CopyTask, TemplateTask {
    /** Files up to this size are printed by the probe when they differ, for the diff. */
    public static final int INLINE_LIMIT = 64 * 1024;

    private final TaskSpec spec;
    private final String dest;
    private final byte[] content;
    private final FileAttributes attrs;
    private final String wantSha;
    private final boolean force;

    /** @param content the wanted bytes, or null for "the file must not exist" */
    protected ContentTask(TaskSpec spec, String dest, byte[] content, FileAttributes attrs) {
        this(spec, dest, content, attrs, true);
    }

    /**
     * @param force false: a file already there is the operator's and is left as it is (created
     *              once, as Ansible's {@code force: no}); its content is neither compared nor shown
     */
    protected ContentTask(TaskSpec spec, String dest, byte[] content, FileAttributes attrs, boolean force) {
        if (!force && content == null) throw new IllegalArgumentException("force: false needs content");
        this.force = force;
        this.spec = spec;
        this.dest = dest;
        this.content = content == null ? null : content.clone();
        this.attrs = attrs;
        this.wantSha = content == null ? "" : sha256(content);
    }

    @Override public TaskSpec spec() { return spec; }

    public String dest() { return dest; }

    public byte[] content() { return content == null ? null : content.clone(); }

    public FileAttributes attrs() { return attrs; }

    /** False when an existing file is left as it is (created once). */
    public boolean force() { return force; }

    @Override
    public String probe() {
        Script s = new Script();
        s.line("oml_p=%q", dest);
        s.raw(FileAttributes.probe("oml_p"));
        if (content != null) {
            s.raw("""
                    if [ -f "$oml_p" ] && [ ! -L "$oml_p" ]; then
                      oml_s=$(sha256sum < "$oml_p"); oml_s=${oml_s%% *}; echo "sha256=$oml_s"
                    """);
            s.line("  if [ \"$oml_s\" != %q ] && [ \"$(stat -c %s -- \"$oml_p\")\" -le %q ]; then", wantSha, INLINE_LIMIT);
            s.raw("""
                        printf 'content='; base64 -w0 < "$oml_p"; echo
                      fi
                    fi
                    """);
        } else {
            // Deleting needs the old content only for the diff.
            s.line("if [ -f \"$oml_p\" ] && [ ! -L \"$oml_p\" ] && [ \"$(stat -c %s -- \"$oml_p\")\" -le %q ]; then printf 'content='; base64 -w0 < \"$oml_p\"; echo; fi", INLINE_LIMIT);
        }
        return s.toString();
    }

    /** Batched only when content is wanted; a removal's probe stays a script (it needs the content whatever the hash). */
    @Override public FileProbe fileProbe() { return content == null ? null : FileProbe.content(dest, wantSha); }

    @Override
    public Plan plan(String output) {
        Facts f = Facts.parse(output);
        String type = FileAttributes.type(f);
        byte[] old = f.has("content") ? decode(f.get("content")) : null;
        if (content == null) {
            if (type.equals("absent")) return new Plan.Ok(dest + " is absent");
            return new Plan.Change("remove " + dest, old == null ? null : UnifiedDiff.of(dest, old, null), new Step(removeStep()), false);
        }
        // Made only for a change: most plans of a converged host are Ok.
        Supplier<Step> write = () -> new Step(force ? AtomicWrite.script(dest, content, attrs) : createOnce());
        if (!force && !type.equals("absent")) return new Plan.Ok(dest + " exists: left as it is (created once, never overwritten)");
        switch (type) {
            case "absent" -> {
                String how = attrs.describe();
                return new Plan.Change("create " + dest + " (" + content.length + " bytes" + (how.isEmpty() ? "" : ", " + how) + ")",
                        UnifiedDiff.of(dest, null, content), write.get(), false);
            }
            case "directory" -> {
                return new Plan.Change(dest + " is a folder, not a file", null, write.get(), false);
            }
            case "link", "other" -> {
                return new Plan.Change("replace " + f.get("type") + " " + dest + " by a file", UnifiedDiff.of(dest, null, content), write.get(), false);
            }
            default -> { /* a regular file: compare below */ }
        }
        List<String> attrDiffs = attrs.differences(f);
        if (wantSha.equals(f.get("sha256"))) {
            if (attrDiffs.isEmpty()) return new Plan.Ok(dest + " is up to date");
            return new Plan.Change(dest + ": " + String.join(", ", attrDiffs), null, write.get(), false);
        }
        String extra = attrDiffs.isEmpty() ? "" : "; " + String.join(", ", attrDiffs);
        if (old == null) {
            return new Plan.Change("update " + dest + " (larger than " + INLINE_LIMIT / 1024 + " KiB, no diff shown)" + extra, null, write.get(), false);
        }
        String diff = UnifiedDiff.of(dest, old, content);
        return new Plan.Change("update " + dest + " (" + counts(diff) + ")" + extra, diff, write.get(), false);
    }

    /** The write, unless something appeared at the path since the probe: then nothing to do. */
    private String createOnce() {
        Script s = new Script();
        s.line("if [ -e %q ] || [ -L %q ]; then exit 99; fi", dest, dest);
        return s + AtomicWrite.script(dest, content, attrs);
    }

    private String removeStep() {
        Script s = new Script();
        s.line("oml_p=%q", dest);
        s.raw("""
                if [ ! -e "$oml_p" ] && [ ! -L "$oml_p" ]; then exit 99; fi
                rm -f -- "$oml_p" || exit 1
                exit 0
                """);
        return s.toString();
    }

    /** "+2 -1 lines" from a unified diff. */
    static String counts(String diff) {
        if (diff == null) return "no change";
        if (diff.startsWith("Binary")) return "binary";
        int plus = 0;
        int minus = 0;
        for (String l : diff.split("\n")) {
            if (l.startsWith("+++") || l.startsWith("---")) continue;
            if (l.startsWith("+")) plus++;
            if (l.startsWith("-")) minus++;
        }
        return "+" + plus + " -" + minus + " lines";
    }

    static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
