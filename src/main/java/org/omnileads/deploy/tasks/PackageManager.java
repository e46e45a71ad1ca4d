package org.omnileads.deploy.tasks;

import java.util.List;
import java.util.Map;

/**
 * The host's package tool, as {@link PackageTask} needs it: a probe of what is installed, and
 * the step scripts. Steps re-check at apply time and exit 99 when nothing was needed.
 */
public sealed interface PackageManager permits Apt, Dnf {
    /**
     * A probe printing what {@link #installed} reads (the installed packages among {@code names})
     * and, when {@code candidates}, {@code candidate=NAME<TAB>VERSION} for the newest version available.
     */
    String probe(List<String> names, boolean candidates);

    /**
     * The files the probe's output of installed packages depends on alone (see {@link Task#factsFiles()});
     * empty when it reads more.
     */
    default List<String> installedFactsFiles() { return List.of(); }

    /** Installed packages from the probe: name → version. */
    Map<String, String> installed(Facts facts);

    /** Newest available versions from the probe: name → version. */
    Map<String, String> candidates(Facts facts);

    /** Installs the packages of {@code names} that are missing. */
    String installScript(List<String> names);

    /** Removes the packages of {@code names} that are installed. */
    String removeScript(List<String> names);

    /** Installs or upgrades {@code names} to the newest version. */
    String upgradeScript(List<String> names);

    /** Start of the lines a failed {@link #repositoryCheck} prints: one repository that did not answer (URL and suite). */
    String UNREACHABLE_MARK = "oml-unreachable-repository: ";

    /** Start of the line a failed {@link #repositoryCheck} prints: the command that failed, for the operator to run on the host. */
    String FAILED_COMMAND_MARK = "oml-failed-command: ";

    /**
     * A script run once per host before the first phase that installs packages: it makes sure the
     * package lists are fresh and the repositories answer, and fetches {@code fetch} (what the
     * phase's installs need) ahead where the tool can, retrying with growing pauses; it fails
     * (printing {@link #UNREACHABLE_MARK} lines and a {@link #FAILED_COMMAND_MARK} line) when a
     * repository cannot be read.
     */
    String repositoryCheck(List<String> fetch);

    /** The command an operator runs on the host to see the repository failure for himself. */
    String repositoryCommand();

    /** The package name without an {@code =version} pin or {@code :arch} qualifier. */
    static String bare(String name) {
        int eq = name.indexOf('=');
        String n = eq < 0 ? name : name.substring(0, eq);
        int colon = n.indexOf(':');
        return colon < 0 ? n : n.substring(0, colon);
    }

    /** Parses {@code key=NAME<TAB>VERSION} lines. */
    static Map<String, String> pairs(Facts facts, String key) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String v : facts.all(key)) {
            int tab = v.indexOf('\t');
            if (tab > 0) out.put(v.substring(0, tab), v.substring(tab + 1).trim());
        }
        return out;
    }
}
