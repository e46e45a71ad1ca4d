package org.omnileads.deploy.roles;

/**
 * One entry of {@code roles/site.yaml}: a role and where it runs.
 *
 * @param role the role name (a folder under roles/)
 * @param on   {@code all} for every host, or a component group ({@code omniapp}, {@code kamailio},
 *             {@code asterisk}, {@code database}, {@code dialer}): the host that runs that component
 * @param file the site file, for messages
 * @param line 1-based line of the entry
 */
public record Phase(String role, String on, String file, int line) {
    public static final String ALL = "all";
}
