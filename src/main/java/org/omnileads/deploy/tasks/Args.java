package org.omnileads.deploy.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The arguments of one task, rendered for a host and converted to their types: {@code String}
 * for text, paths, names, choices and secrets; {@code Boolean}; {@code Integer} for numbers and
 * modes; {@code List<String>}; {@link RoleFile}. Fallbacks of the kind are already filled in.
 */
public final class Args {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@:+=~-]*");

    private final String kind;
    private final Map<String, Object> values;
    private final List<String> secrets;

    public Args(String kind, Map<String, Object> values, List<String> secrets) {
        this.kind = kind;
        this.values = new LinkedHashMap<>(values);
        this.secrets = List.copyOf(secrets);
    }

    /** Builds arguments in code (tests, tools): values are checked as the loader would. */
    public static Args of(String kind, Map<String, ?> given) throws BadArgument {
        TaskKind k = TaskKinds.get(kind);
        if (k == null) throw new BadArgument(null, "unknown task kind " + kind);
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        for (ArgSpec spec : k.args()) {
            Object v = given.get(spec.name());
            if (v == null) v = spec.fallback();
            if (v == null) {
                if (spec.required()) throw new BadArgument(spec.name(), "missing argument " + spec.name());
                continue;
            }
            Object converted = v instanceof RoleFile ? v : convert(spec, v);
            out.put(spec.name(), converted);
            if (spec.type() == ArgType.SECRET) secrets.add((String) converted);
        }
        for (String name : given.keySet()) {
            if (k.arg(name) == null) throw new BadArgument(name, "unknown argument " + name + " of " + kind);
        }
        return new Args(kind, out, secrets);
    }

    /**
     * Converts a value (a rendered string, or a native value from a variable) to the argument's
     * type, or says why it cannot.
     */
    public static Object convert(ArgSpec spec, Object v) throws BadArgument {
        String n = spec.name();
        switch (spec.type()) {
            case BOOL -> {
                if (v instanceof Boolean b) return b;
                String s = String.valueOf(v).trim().toLowerCase(java.util.Locale.ROOT);
                return switch (s) {
                    case "true", "yes", "on" -> Boolean.TRUE;
                    case "false", "no", "off" -> Boolean.FALSE;
                    default -> throw new BadArgument(n, n + ": expected true or false, got \"" + v + "\"");
                };
            }
            case INT -> {
                if (v instanceof Number num) return num.intValue();
                try {
                    return Integer.parseInt(String.valueOf(v).trim());
                } catch (NumberFormatException e) {
                    throw new BadArgument(n, n + ": expected a whole number, got \"" + v + "\"");
                }
            }
            case MODE -> {
                return parseMode(n, String.valueOf(v));
            }
            case LIST, NAMES -> {
                List<String> out = new ArrayList<>();
                if (v instanceof List<?> l) {
                    for (Object o : l) out.add(String.valueOf(o));
                } else {
                    out.add(String.valueOf(v));
                }
                if (spec.type() == ArgType.NAMES) for (String s : out) checkName(n, s);
                return List.copyOf(out);
            }
            case CHOICE -> {
                String s = String.valueOf(v).trim();
                if (!spec.choices().contains(s)) {
                    throw new BadArgument(n, n + ": \"" + s + "\" is not one of " + String.join(", ", spec.choices()));
                }
                return s;
            }
            case PATH -> {
                String s = String.valueOf(v).trim();
                checkPath(n, s);
                return s;
            }
            case NAME -> {
                String s = String.valueOf(v).trim();
                checkName(n, s);
                return s;
            }
            case STRING -> {
                String s = String.valueOf(v);
                if (s.indexOf('\0') >= 0) throw new BadArgument(n, n + ": contains a NUL character");
                return s;
            }
            case SECRET -> {
                String s = String.valueOf(v);
                if (s.isEmpty()) throw new BadArgument(n, n + ": must not be empty");
                if (s.indexOf('\0') >= 0 || s.indexOf('\n') >= 0) throw new BadArgument(n, n + ": contains a NUL or newline character");
                return s;
            }
            case TEXT -> {
                return String.valueOf(v);
            }
            case DATA -> {
                return v;
            }
            case ROLE_FILE -> throw new BadArgument(n, n + ": a role file is resolved by the role loader");
            default -> throw new IllegalStateException("unhandled type " + spec.type());
        }
    }

    /** Octal permission bits; "0640", "640" and "2775" are accepted. */
    public static int parseMode(String argument, String text) throws BadArgument {
        String s = text.trim();
        if (!s.matches("0?[0-7]{3,4}")) {
            throw new BadArgument(argument, argument + ": expected octal permission bits such as 0640, got \"" + text + "\"");
        }
        int mode = Integer.parseInt(s, 8);
        if (mode > 07777) throw new BadArgument(argument, argument + ": " + text + " is more than 07777");
        return mode;
    }

    /** An absolute path with no NUL or newline in it, and no {@code ..} component (it would lead somewhere else than it says). */
    public static void checkPath(String argument, String s) throws BadArgument {
        if (!s.startsWith("/")) throw new BadArgument(argument, argument + ": \"" + s + "\" is not an absolute path");
        if (java.util.List.of(s.split("/")).contains("..")) {
            throw new BadArgument(argument, argument + ": \"" + s + "\" has a .. component; write the path it leads to");
        }
        if (s.indexOf('\0') >= 0 || s.indexOf('\n') >= 0) throw new BadArgument(argument, argument + ": the path contains a NUL or newline character");
    }

    public static void checkName(String argument, String s) throws BadArgument {
        if (!NAME.matcher(s).matches()) {
            throw new BadArgument(argument, argument + ": \"" + s + "\" is not a valid name (letters, digits and _.@:+=~- only, not starting with - or .)");
        }
    }

    public String kind() { return kind; }

    public boolean has(String name) { return values.containsKey(name); }

    /** A required text argument. */
    public String string(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalStateException(kind + ": argument " + name + " is missing");
        return (String) v;
    }

    /** A text argument, or null when not given. */
    public String optional(String name) { return (String) values.get(name); }

    public boolean bool(String name) {
        Object v = values.get(name);
        return v != null && (Boolean) v;
    }

    /** A boolean argument, or null when not given and without fallback. */
    public Boolean optionalBool(String name) { return (Boolean) values.get(name); }

    public int integer(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalStateException(kind + ": argument " + name + " is missing");
        return (Integer) v;
    }

    /** Permission bits, or null when not given. */
    public Integer mode(String name) { return (Integer) values.get(name); }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    /** A {@code DATA} argument as given (a map, a list), or null. */
    public Object data(String name) { return values.get(name); }

    public RoleFile roleFile(String name) { return (RoleFile) values.get(name); }

    /** Values of the kind's secret arguments: the runner masks them in every output. */
    public List<String> secrets() { return secrets; }
}
