package org.omnileads.deploy.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an inventory in the old installer's Ansible-INI format and validates it, reporting
 * every problem with its line and a hint.
 *
 * <p>The scanner is hand-written rather than ini4j: ini4j gives no line numbers, reads a host
 * line {@code omlapp ansible_host=X} as the key {@code "omlapp ansible_host"}, keeps quotes,
 * and has its own escape and comment rules, while the contract here is Ansible's reading
 * (value after the first {@code =}; {@code #}/{@code ;} comment only at the start of a line)
 * with a line number on every error. See docs/inventory.md for the format and every message.
 *
 * <p>Whatever the bytes, the only exception thrown is {@link InventoryException}.
 */
public final class InventoryParser {
    /** Larger files are refused: an inventory is a few kilobytes, a huge file is a wrong path. */
    public static final int MAX_BYTES = 1 << 20;
    /** More problems than this are summarised in one last problem, so random bytes stay readable. */
    static final int MAX_PROBLEMS = 100;

    static final String AIO_GROUP = "prodenv-aio";
    static final String VARS_SECTION = "everyone:vars";
    /** Groups of the old template for its Docker modes: recognised, and their lines ignored. */
    static final Set<String> IGNORED_GROUPS = Set.of("prodenv-container", "devenv-container", "docker");
    /** {@code :vars} sections the old template carried; the tool derives what they set. */
    static final Set<String> IGNORED_VARS_SECTIONS = Set.of("prodenv-aio:vars", "prodenv-cluster:vars",
            "prodenv-container:vars", "devenv-container:vars", "docker:vars");
    /** Root-password settings: never kept, so no later copy (my_inventory, logs) can hold them. */
    static final Set<String> ROOT_PASSWORD_KEYS = Set.of("ansible_ssh_pass", "ansible_password",
            "ansible_become_pass", "ansible_become_password", "ansible_sudo_pass");
    /** Host settings Ansible knew that mean nothing to an SSH deployer; accepted and ignored. */
    private static final Set<String> IGNORED_HOST_KEYS = Set.of("ansible_python_interpreter", "ansible_become",
            "ansible_become_method", "ansible_become_user", "ansible_ssh_common_args", "ansible_ssh_extra_args");
    private static final List<String> HOST_KEYS = List.of("ansible_host", "ansible_ssh_host", "ansible_port",
            "ansible_ssh_port", "ansible_user", "ansible_ssh_user", "ansible_connection");
    private static final Pattern HEADER = Pattern.compile("\\[([^\\]]*)\\][ \\t]*(?:[#;].*)?");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern COMMENTED_VARIABLE = Pattern.compile("[#;]+[ \\t]*([A-Za-z_][A-Za-z0-9_]*)[ \\t]*=.*");
    private static final String HOST_LINE_EXAMPLE = "NAME ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root";

    private InventoryParser() {}

    /** Reads and validates {@code file}. */
    public static Inventory parse(Path file) throws InventoryException {
        byte[] bytes;
        try {
            // Refuses a device, a FIFO or a directory by its type, before opening it (a FIFO would block, a device never end).
            String why = InputFile.problem(file, Long.MAX_VALUE, true);
            if (why != null) throw new InventoryException(List.of(new InventoryProblem(file, 0,
                    "cannot read the inventory: it " + why,
                    "check the path (use -I FILE to choose the inventory file)")));
            long size = Files.size(file);
            if (size > MAX_BYTES) throw tooLarge(file, size);
            bytes = InputFile.read(file, MAX_BYTES, true);
        } catch (IOException | RuntimeException e) {
            throw new InventoryException(List.of(new InventoryProblem(file, 0,
                    "cannot read the inventory: " + describe(e),
                    "check the path and that you may read the file (use -I FILE to choose another)")));
        }
        return parse(file, bytes);
    }

    /** Validates {@code bytes} as the content of {@code file} (which is not read). */
    public static Inventory parse(Path file, byte[] bytes) throws InventoryException {
        if (bytes.length > MAX_BYTES) throw tooLarge(file, bytes.length);
        try {
            return new Reading(file).read(bytes);
        } catch (InventoryException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug here must still reach the user as an inventory problem, never as a stack trace.
            throw new InventoryException(List.of(new InventoryProblem(file, 0,
                    "internal error while reading the inventory: " + describe(e),
                    "please report this with the inventory (passwords removed)")));
        }
    }

    private static InventoryException tooLarge(Path file, long size) {
        return new InventoryException(List.of(new InventoryProblem(file, 0,
                "the file is " + size + " bytes; an inventory is at most " + MAX_BYTES + " bytes",
                "is this the right file? use -I FILE to choose the inventory")));
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** What kind of section the scanner is in. */
    private enum SectionKind { HOSTS, VARIABLES, IGNORED }

    /** What the host lines say about one host name, merged over every line that names it. */
    private static final class HostFacts {
        final String name;
        final int firstLine;
        String address;
        int addressLine;
        boolean badAddress;
        Integer port;
        int portLine;
        String user;
        int userLine;

        HostFacts(String name, int firstLine) {
            this.name = name;
            this.firstLine = firstLine;
        }
    }

    /** A host named under a group, and where. */
    private record Member(String name, int line) {}

    /** The state of one parse; used once. */
    private static final class Reading {
        private final Path file;
        private final List<InventoryProblem> problems = new ArrayList<>();
        private final Map<String, List<Member>> members = new LinkedHashMap<>();
        private final Map<String, Integer> groupHeaderLines = new LinkedHashMap<>();
        private final Map<String, HostFacts> facts = new LinkedHashMap<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final Map<String, Integer> variableLines = new LinkedHashMap<>();
        private final Map<String, Integer> commentedVariables = new LinkedHashMap<>();
        private final Set<String> derivedNames;
        private SectionKind kind;
        private String group;
        private int varsHeaderLine;
        private int hostLines;
        private boolean anyContent;

        Reading(Path file) {
            this.file = file;
            Set<String> derived = new LinkedHashSet<>();
            for (Component c : Component.values()) {
                derived.add(c.wiringPrefix() + "_ip");
                derived.add(c.wiringPrefix() + "_fqdn");
            }
            this.derivedNames = derived;
        }

        Inventory read(byte[] bytes) throws InventoryException {
            SourceText text = SourceText.decode(file, bytes);
            problems.addAll(text.problems());
            for (SourceText.Line line : text.lines()) scan(line.number(), line.text());
            if (!anyContent) {
                problem(0, "the inventory is empty (only blank lines and comments)",
                        "start from `deploy inventory init --topology aio` (or cluster-in-2, cluster-in-5)");
                throw failure();
            }
            List<Host> hosts = resolveHosts();
            Map<Component, Host> wiring = resolveGroups(hosts);
            checkVariables();
            if (problems.isEmpty() && wiring.size() != Component.values().length) {
                // Every path that leaves a component without a host reports why; this is a safety net.
                problem(0, "some components have no host", "check the host groups");
            }
            if (!problems.isEmpty()) throw failure();
            for (Variable v : Variable.values()) v.defaultValue().ifPresent(d -> variables.putIfAbsent(v.key(), d));
            Wiring w = new Wiring(wiring);
            return new Inventory(file, hosts, w, variables, Topology.of(w), variableLines);
        }

        private InventoryException failure() {
            // File-wide problems (line 0) come last, after the ones a reader can go to.
            List<InventoryProblem> sorted = problems.stream()
                    .sorted(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()))
                    .collect(Collectors.toCollection(ArrayList::new));
            if (sorted.size() > MAX_PROBLEMS) {
                int more = sorted.size() - MAX_PROBLEMS;
                sorted = new ArrayList<>(sorted.subList(0, MAX_PROBLEMS));
                sorted.add(new InventoryProblem(file, 0, more + " more problems not shown",
                        "is this an inventory file? fix the problems above and check again"));
            }
            return new InventoryException(sorted);
        }

        private void problem(int line, String message, String hint) {
            problems.add(new InventoryProblem(file, line, message, hint));
        }

        // ---- scanning -------------------------------------------------------------------

        private void scan(int n, String raw) {
            String t = stripBlanks(raw);
            if (t.isEmpty()) return;
            if (t.charAt(0) == '#' || t.charAt(0) == ';') {
                Matcher m = COMMENTED_VARIABLE.matcher(t);
                if (m.matches()) commentedVariables.putIfAbsent(m.group(1), n);
                return;
            }
            anyContent = true;
            if (t.charAt(0) == '[') {
                header(n, t);
                return;
            }
            if (kind == null) {
                boolean variable = looksLikeVariable(t);
                problem(n, (variable ? "variable" : "host line") + " before any section",
                        variable ? "put variables under [everyone:vars]"
                                : "put host lines under a group: [prodenv-aio] for all-in-one, or [omniapp], [kamailio], [asterisk], [database], [dialer]");
                return;
            }
            switch (kind) {
                case HOSTS -> hostLine(n, t);
                case VARIABLES -> variableLine(n, t);
                case IGNORED -> { }
            }
        }

        private void header(int n, String t) {
            Matcher m = HEADER.matcher(t);
            kind = SectionKind.IGNORED;
            group = null;
            if (!m.matches()) {
                problem(n, "malformed section header", "a section header stands alone on its line, e.g. [omniapp] or [everyone:vars]");
                return;
            }
            String name = stripBlanks(m.group(1));
            if (name.isEmpty()) {
                problem(n, "empty section name []", "name the section, e.g. [omniapp] or [everyone:vars]");
                return;
            }
            if (enter(n, name)) return;
            if (name.endsWith(":vars") && isHostGroup(name.substring(0, name.length() - 5))) {
                problem(n, "variables for one group ([" + name + "]) are not supported",
                        "put shared variables under [everyone:vars] and host settings on the host line");
                return;
            }
            String what = name.indexOf(':') >= 0 ? "section" : "group";
            String near = NearestName.of(name, knownSectionNames()).orElse(null);
            problem(n, "unknown " + what + " [" + clip(name) + "]", (near == null ? "" : "did you mean [" + near + "]? ")
                    + "groups are [prodenv-aio] for all-in-one or [omniapp], [kamailio], [asterisk], [database], [dialer] for a cluster; shared variables go under [everyone:vars]");
            // Read a misspelt section as the one meant, so its lines are still checked and the
            // missing section does not also produce "no host" or "missing variable" errors.
            if (near != null) enter(n, near);
        }

        /** Starts a known section; false when {@code name} is not one. */
        private boolean enter(int n, String name) {
            if (isHostGroup(name)) {
                kind = SectionKind.HOSTS;
                group = name;
                groupHeaderLines.putIfAbsent(name, n);
                members.computeIfAbsent(name, k -> new ArrayList<>());
                return true;
            }
            if (name.equals(VARS_SECTION)) {
                kind = SectionKind.VARIABLES;
                if (varsHeaderLine == 0) varsHeaderLine = n;
                return true;
            }
            if (IGNORED_GROUPS.contains(name) || IGNORED_VARS_SECTIONS.contains(name) || isKnownChildren(name)) {
                kind = SectionKind.IGNORED;
                return true;
            }
            return false;
        }

        private static boolean isHostGroup(String name) {
            return name.equals(AIO_GROUP) || Component.ofGroup(name).filter(c -> c.group().equals(name)).isPresent();
        }

        private static boolean isKnownChildren(String name) {
            if (!name.endsWith(":children")) return false;
            String parent = name.substring(0, name.length() - ":children".length());
            return parent.equals("everyone") || parent.equals("prodenv-cluster") || IGNORED_GROUPS.contains(parent) || isHostGroup(parent);
        }

        private static Set<String> knownSectionNames() {
            Set<String> names = new LinkedHashSet<>();
            names.add(AIO_GROUP);
            for (Component c : Component.values()) names.add(c.group());
            names.add(VARS_SECTION);
            names.addAll(IGNORED_GROUPS);
            names.addAll(IGNORED_VARS_SECTIONS);
            names.add("everyone:children");
            names.add("prodenv-cluster:children");
            names.add("docker:children");
            return names;
        }

        private void hostLine(int n, String t) {
            hostLines++;
            List<String> words = HostLine.words(t).orElse(null);
            if (words == null) {
                problem(n, "a quote is not closed on this host line", "close the quote or remove it: " + HOST_LINE_EXAMPLE);
                return;
            }
            if (words.isEmpty()) return;
            String name = words.get(0);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                String key = name.substring(0, eq);
                if (key.startsWith("ansible_")) {
                    problem(n, "host line has no name", "start the line with the host's name: " + HOST_LINE_EXAMPLE);
                } else {
                    problem(n, "variable " + clip(key) + " in host group [" + group + "]",
                            "variables go under [everyone:vars]; a host group holds host lines: " + HOST_LINE_EXAMPLE);
                }
                return;
            }
            if (!Addresses.isHostName(name)) {
                problem(n, "'" + clip(name) + "' is not a valid host name",
                        "use the host's own name (letters, digits, '-' and '.'): " + HOST_LINE_EXAMPLE);
                return;
            }
            HostFacts f = facts.computeIfAbsent(name, k -> new HostFacts(k, n));
            List<Member> list = members.get(group);
            if (list.stream().noneMatch(m -> m.name().equals(name))) list.add(new Member(name, n));
            Map<String, String> seen = new LinkedHashMap<>();
            for (String word : words.subList(1, words.size())) hostSetting(n, f, word, seen);
        }

        private void hostSetting(int n, HostFacts f, String word, Map<String, String> seen) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                problem(n, "'" + clip(word) + "' on the line of host " + f.name + " is not key=value",
                        "host settings are written " + HOST_LINE_EXAMPLE.substring(5));
                return;
            }
            String key = word.substring(0, eq);
            String value = word.substring(eq + 1);
            String canonical = switch (key) {
                case "ansible_host", "ansible_ssh_host" -> "ansible_host";
                case "ansible_port", "ansible_ssh_port" -> "ansible_port";
                case "ansible_user", "ansible_ssh_user" -> "ansible_user";
                default -> key;
            };
            if (ROOT_PASSWORD_KEYS.contains(key) || IGNORED_HOST_KEYS.contains(key)) return;
            String before = seen.put(canonical, value);
            if (before != null && !before.equals(value)) {
                problem(n, key + " is given twice on the line of host " + f.name + " with different values", "keep one");
                return;
            }
            switch (canonical) {
                case "ansible_host" -> {
                    Complaint c = Addresses.ipv4Problem(value);
                    if (c != null) {
                        problems.add(c.at(file, n));
                        f.badAddress = true;
                    } else if (f.address == null) {
                        f.address = value;
                        f.addressLine = n;
                    } else if (!f.address.equals(value)) {
                        problem(n, "host " + f.name + " has address " + value + " here but " + f.address + " at line " + f.addressLine,
                                "one name is one machine: give it the same address everywhere, or use another name for the other machine");
                    }
                }
                case "ansible_port" -> {
                    if (!Variable.isPort(value)) {
                        problem(n, key + " of host " + f.name + " must be a port number from 1 to 65535, not '" + clip(value) + "'",
                                "the SSH port, usually 22");
                    } else if (f.port == null) {
                        f.port = Integer.parseInt(value);
                        f.portLine = n;
                    } else if (f.port != Integer.parseInt(value)) {
                        problem(n, "host " + f.name + " has SSH port " + value + " here but " + f.port + " at line " + f.portLine,
                                "give the same port on every line of the host");
                    }
                }
                case "ansible_user" -> {
                    if (!Addresses.isSshUser(value)) {
                        problem(n, "'" + clip(value) + "' is not a valid SSH user for host " + f.name, "usually root");
                    } else if (f.user == null) {
                        f.user = value;
                        f.userLine = n;
                    } else if (!f.user.equals(value)) {
                        problem(n, "host " + f.name + " has SSH user " + value + " here but " + f.user + " at line " + f.userLine,
                                "give the same user on every line of the host");
                    }
                }
                case "ansible_connection" -> {
                    if (value.equals("local")) {
                        f.badAddress = true;
                        problem(n, "ansible_connection=local is not supported (host " + f.name + ")",
                                "oml-deploy always connects over SSH; to install on this machine use ansible_host=127.0.0.1 with sshd running");
                    } else if (!value.equals("ssh") && !value.equals("smart") && !value.equals("paramiko")) {
                        problem(n, "unknown ansible_connection '" + clip(value) + "' for host " + f.name,
                                "remove it: oml-deploy always connects over SSH");
                    }
                }
                default -> {
                    String nearest = NearestName.of(key, HOST_KEYS).orElse(null);
                    // A misspelt ansible_host already says what is wrong; "no address" would repeat it.
                    if ("ansible_host".equals(nearest) || "ansible_ssh_host".equals(nearest)) f.badAddress = true;
                    String near = nearest == null ? "" : "did you mean " + nearest + "? ";
                    problem(n, "unknown host setting " + clip(key) + " for host " + f.name,
                            near + "host lines take ansible_host, ansible_ssh_port (or ansible_port) and ansible_user");
                }
            }
        }

        private void variableLine(int n, String t) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                // The content is not echoed: a stray line here may be half of a password.
                problem(n, "line in [everyone:vars] is not NAME=VALUE",
                        "write NAME=VALUE, or start the line with # to make it a comment; host lines go under a group such as [omniapp]");
                return;
            }
            String key = stripBlanks(t.substring(0, eq));
            String value = unquote(stripBlanks(t.substring(eq + 1)));
            if (!VARIABLE_NAME.matcher(key).matches()) {
                boolean hostLike = key.contains("ansible_") || key.indexOf(' ') > 0 || key.indexOf('\t') > 0;
                problem(n, "'" + clip(key) + "' is not a valid variable name",
                        hostLike ? "this looks like a host line: host lines go under a group such as [prodenv-aio] or [omniapp]"
                                : "variable names use letters, digits and _ and do not start with a digit");
                return;
            }
            if (ROOT_PASSWORD_KEYS.contains(key)) return;
            if (derivedNames.contains(key)) {
                problem(n, key + " is derived from the host groups and cannot be set",
                        "remove the line; oml-deploy takes every *_ip and *_fqdn from the host under each group");
                return;
            }
            Integer first = variableLines.get(key);
            if (first != null) {
                problem(n, key + " is set twice (first at line " + first + ")", "keep one of the two lines");
                return;
            }
            Complaint c = Variable.ofKey(key).map(v -> v.check(value)).orElseGet(() -> checkAnsibleDefault(key, value));
            if (c != null) problems.add(c.at(file, n));
            variables.put(key, value);
            variableLines.put(key, n);
        }

        private static Complaint checkAnsibleDefault(String key, String value) {
            if ((key.equals("ansible_port") || key.equals("ansible_ssh_port")) && !Variable.isPort(value)) {
                return new Complaint(key + " must be a port number from 1 to 65535, not '" + clip(value) + "'", "the SSH port of every host, usually 22");
            }
            if ((key.equals("ansible_user") || key.equals("ansible_ssh_user")) && !Addresses.isSshUser(value)) {
                return new Complaint("'" + clip(value) + "' is not a valid SSH user in " + key, "usually root");
            }
            return null;
        }

        // ---- resolving ------------------------------------------------------------------

        private List<Host> resolveHosts() {
            int defaultPort = defaultFrom(List.of("ansible_port", "ansible_ssh_port"), 22);
            String defaultUser = validOr(variables.getOrDefault("ansible_user", variables.get("ansible_ssh_user")), "root");
            List<Host> hosts = new ArrayList<>();
            Map<String, HostFacts> byAddress = new LinkedHashMap<>();
            for (HostFacts f : facts.values()) {
                if (f.address == null && !f.badAddress && Addresses.isHostAddress(f.name)) {
                    // The old template's AIO line named the host by its address: "X.X.X.X ansible_ssh_port=22".
                    f.address = f.name;
                    f.addressLine = f.firstLine;
                }
                if (f.address == null) {
                    if (!f.badAddress) {
                        problem(f.firstLine, "host " + f.name + " has no address",
                                "add ansible_host=IP_ADDRESS to its line: " + HOST_LINE_EXAMPLE.replace("NAME", f.name));
                    }
                    continue;
                }
                HostFacts other = byAddress.putIfAbsent(f.address, f);
                if (other != null) {
                    problem(f.addressLine, "address " + f.address + " is given to both " + other.name + " (line " + other.addressLine
                                    + ") and " + f.name,
                            "each machine needs its own address; if it is one machine, use one name for it under every group");
                    continue;
                }
                hosts.add(new Host(f.name, f.address, f.port != null ? f.port : defaultPort,
                        f.user != null ? f.user : defaultUser, f.firstLine));
            }
            return hosts;
        }

        private int defaultFrom(List<String> keys, int fallback) {
            for (String k : keys) {
                String v = variables.get(k);
                if (v != null && Variable.isPort(v)) return Integer.parseInt(v);
            }
            return fallback;
        }

        private static String validOr(String user, String fallback) {
            return user != null && Addresses.isSshUser(user) ? user : fallback;
        }

        /** Checks the groups and returns each component's host (empty when something is wrong). */
        private Map<Component, Host> resolveGroups(List<Host> hosts) {
            Map<String, Host> byName = new LinkedHashMap<>();
            for (Host h : hosts) byName.put(h.name(), h);
            Map<Component, Host> wiring = new EnumMap<>(Component.class);
            List<Member> aio = members.getOrDefault(AIO_GROUP, List.of());
            boolean anyComponent = false;
            for (Component c : Component.values()) anyComponent |= !members.getOrDefault(c.group(), List.of()).isEmpty();
            if (aio.isEmpty() && !anyComponent) {
                if (hostLines == 0) {
                    problem(0, "no host: every host line is missing or commented out",
                            "for all-in-one put one host line under [prodenv-aio]; for a cluster put one under each of [omniapp], [kamailio], [asterisk], [database], [dialer]: "
                                    + HOST_LINE_EXAMPLE);
                }
                return wiring;
            }
            if (!aio.isEmpty() && anyComponent) {
                Member first = null;
                String firstGroup = null;
                for (Component c : Component.values()) {
                    for (Member m : members.getOrDefault(c.group(), List.of())) {
                        if (first == null || m.line() < first.line()) {
                            first = m;
                            firstGroup = c.group();
                        }
                    }
                }
                problem(first.line(), "[" + firstGroup + "] has a host while [prodenv-aio] has one too (line " + aio.get(0).line() + ")",
                        "use [prodenv-aio] alone for all-in-one, or the five component groups alone for a cluster; comment out the other");
                return wiring;
            }
            if (!aio.isEmpty()) {
                for (Member extra : aio.subList(1, aio.size())) {
                    problem(extra.line(), "[prodenv-aio] has a second host " + extra.name() + " (first: " + aio.get(0).name()
                                    + " at line " + aio.get(0).line() + ")",
                            "all-in-one installs everything on one host; for several hosts use [omniapp], [kamailio], [asterisk], [database], [dialer]");
                }
                Host h = byName.get(aio.get(0).name());
                if (h != null) for (Component c : Component.values()) wiring.put(c, h);
                return wiring;
            }
            for (Component c : Component.values()) {
                List<Member> list = members.getOrDefault(c.group(), List.of());
                if (list.isEmpty()) {
                    Integer header = groupHeaderLines.get(c.group());
                    problem(header == null ? 0 : header,
                            header == null ? "no [" + c.group() + "] group: " + c.description() + " has no host"
                                    : "[" + c.group() + "] has no host",
                            "every component needs exactly one host; put the host of " + c.description() + " under [" + c.group()
                                    + "] (one host line may appear under several groups)");
                    continue;
                }
                for (Member extra : list.subList(1, list.size())) {
                    problem(extra.line(), "[" + c.group() + "] has a second host " + extra.name() + " (first: " + list.get(0).name()
                                    + " at line " + list.get(0).line() + ")",
                            "each component runs on exactly one host; keep one of them");
                }
                Host h = byName.get(list.get(0).name());
                if (h != null) wiring.put(c, h);
            }
            return wiring;
        }

        private void checkVariables() {
            List<Variable> missing = new ArrayList<>();
            for (Variable v : Variable.values()) if (v.required() && !variables.containsKey(v.key())) missing.add(v);
            if (missing.isEmpty()) return;
            if (varsHeaderLine == 0) {
                problem(0, "no [everyone:vars] section: the required variables "
                                + missing.stream().map(Variable::key).collect(Collectors.joining(", ")) + " are missing",
                        "add an [everyone:vars] section with NAME=VALUE lines (see inventory.example.ini)");
                return;
            }
            for (Variable v : missing) {
                Integer commented = commentedVariables.get(v.key());
                String hint;
                if (commented != null) {
                    hint = "it is commented out at line " + commented + ": remove the # and set a value";
                } else {
                    List<String> unknown = variables.keySet().stream().filter(k -> Variable.ofKey(k).isEmpty()).toList();
                    hint = NearestName.of(v.key(), unknown)
                            .map(k -> "is " + k + " (line " + variableLines.get(k) + ") a misspelling of " + v.key() + "? ")
                            .orElse("")
                            + "add " + v.key() + "=... under [everyone:vars] (" + v.meaning() + ")";
                }
                problem(varsHeaderLine, "required variable " + v.key() + " is missing", hint);
            }
        }
    }

    // ---- small text rules, shared with the writer ---------------------------------------

    /** Removes blanks (spaces and tabs, not other characters) at both ends. */
    static String stripBlanks(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) a++;
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) b--;
        return s.substring(a, b);
    }

    /** Removes one pair of matching quotes around the whole value, keeping what is inside as it is. */
    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static boolean looksLikeVariable(String t) {
        int eq = t.indexOf('=');
        return eq > 0 && VARIABLE_NAME.matcher(stripBlanks(t.substring(0, eq))).matches() && !t.substring(0, eq).startsWith("ansible_");
    }

    /** Shortens what is echoed from the file, so a garbage line does not flood the output. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** True for a variable name the inventory can hold ({@code [A-Za-z_][A-Za-z0-9_]*}). */
    static boolean isVariableName(String s) {
        return VARIABLE_NAME.matcher(s).matches();
    }
}
