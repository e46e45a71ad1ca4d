package org.omnileads.deploy.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnileads.deploy.ssh.CommandResult;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.tasks.Script;

/**
 * What an installed cluster holds, read back from its hosts without changing anything: the
 * service users and passwords of the environment file every host has (written by the prereqs
 * role), and the installed versions of the parts an upgrade may replace.
 *
 * @param file      the environment file the values were read from, with its host, for messages
 * @param variables inventory variable name → installed value (only those the file holds)
 * @param versions  component → installed version or fingerprint (absent: not installed there)
 */
public record InstalledState(String file, Map<String, String> variables, Map<String, String> versions) {
    /** The environment file of the prereqs role. */
    public static final String ENVARS = "/etc/profile.d/omnileads_envars.sh";

    /**
     * The inventory variables a re-run reads back from the environment file: the service users,
     * passwords and database names an upgrade must not change. Which ones is decided here; the
     * name the file exports each as comes from the template that writes it ({@link EnvarsNames}).
     */
    public static final List<String> READ_BACK = List.of(
            "postgres_database", "postgres_user", "postgres_password", "admin_pass",
            "ami_user", "ami_password", "sup_ami_user", "sup_ami_password", "dialer_user", "dialer_password");

    public InstalledState {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** True when no environment file was found: nothing is installed on that host yet. */
    public boolean empty() { return variables.isEmpty(); }

    /**
     * The read-only script that prints {@code envars=yes|no} and each exported value as
     * {@code NAME=BASE64} (values may hold any character; base64 keeps one per line).
     */
    static String envarsProbe(EnvarsNames names) {
        Script s = new Script();
        s.line("if [ -r %q ]; then echo envars=yes; else echo envars=no; exit 0; fi", ENVARS);
        s.line("( . %q >/dev/null 2>&1", ENVARS);
        for (String name : names.byVariable().values()) {
            s.raw("  if [ -n \"${" + name + "+x}\" ]; then printf '" + name + "=%s\\n' \"$(printf '%s' \"$" + name + "\" | base64 -w0)\"; fi");
        }
        s.raw(")");
        return s.toString();
    }

    /**
     * Reads the environment file on {@code host}; an empty state when it is not there.
     *
     * @param names the names the file exports, from the roles' template ({@link EnvarsNames#of})
     */
    public static InstalledState readEnvars(RemoteHost host, EnvarsNames names) throws SshException {
        CommandResult r = host.exec(RemoteCommand.script(envarsProbe(names)));
        return new InstalledState(host.host().name() + ":" + ENVARS, parseEnvars(r.stdout(), names), Map.of());
    }

    /** The variables in the probe's output, by inventory name. Pure, for tests. */
    static Map<String, String> parseEnvars(String output, EnvarsNames names) {
        Map<String, String> exported = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String k = line.substring(0, eq);
            if (!names.byVariable().containsValue(k)) continue;
            try {
                exported.put(k, new String(Base64.getDecoder().decode(line.substring(eq + 1).strip()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not one of ours: ignore the line
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        names.byVariable().forEach((variable, name) -> { if (exported.containsKey(name)) out.put(variable, exported.get(name)); });
        return out;
    }

    public InstalledState withVersions(Map<String, String> v) { return new InstalledState(file, variables, v); }

    /** The installed values that are secrets (passwords), for the redactor. */
    public List<String> secretValues() {
        return variables.entrySet().stream().filter(e -> org.omnileads.deploy.inventory.Secrets.isSecretName(e.getKey()))
                .map(Map.Entry::getValue).filter(v -> !v.isEmpty()).toList();
    }
}
