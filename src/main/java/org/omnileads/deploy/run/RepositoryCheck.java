package org.omnileads.deploy.run;

import java.util.LinkedHashSet;
import java.util.Set;
import org.omnileads.deploy.tasks.PackageManager;

/**
 * The operator's message when a host cannot read its package repositories: which host, which
 * repository, why, and the command that shows it on the host (the product guide's first common
 * error: "check each host's internet access, e.g. with apt-get update").
 */
final class RepositoryCheck {
    /** The task name the failure is reported under. */
    static final String TASK = "package repository";

    private RepositoryCheck() {}

    /** Explains a failed {@link PackageManager#repositoryCheck} from what it printed. */
    static String failure(String host, String role, PackageManager tool, int exit, String stdout, String stderr) {
        Set<String> repos = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        String command = tool.repositoryCommand();
        for (String line : (stdout + "\n" + stderr).split("\n")) {
            if (line.startsWith(PackageManager.FAILED_COMMAND_MARK)) {
                command = line.substring(PackageManager.FAILED_COMMAND_MARK.length()).strip();
            } else if (line.startsWith(PackageManager.UNREACHABLE_MARK)) {
                repos.add(line.substring(PackageManager.UNREACHABLE_MARK.length()).strip());
            } else if (line.startsWith("E: Failed to fetch ") || line.startsWith("Error: ")) {
                reasons.add(line.strip());
            }
        }
        StringBuilder b = new StringBuilder(host + ": the package repository ");
        b.append(repos.isEmpty() ? "" : String.join(", ", repos) + " ");
        b.append("cannot be read from this host (").append(command).append(" failed, exit ").append(exit).append(", after retries)");
        reasons.stream().limit(3).forEach(r -> b.append('\n').append(r));
        b.append("\nnothing of role ").append(role).append(" was applied on ").append(host).append('.');
        b.append("\nwhat to do: check the host's internet access, its DNS (/etc/resolv.conf) and the repositories it is configured with;")
                .append(" on ").append(host).append(" this shows the error: ").append(command)
                .append("\nthen run again with --resume");
        return b.toString();
    }
}
