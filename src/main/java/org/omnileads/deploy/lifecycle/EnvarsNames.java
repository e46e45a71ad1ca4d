package org.omnileads.deploy.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.roles.TemplateSource;

/**
 * The name the environment file exports each read-back variable as, taken from the template
 * that writes the file (role prereqs, {@code templates/omnileads_envars.sh}, lines
 * {@code export NAME={{ variable | filter... }}}): when the template renames an export, the
 * read-back follows it. Which variables are read back is policy, {@link InstalledState#READ_BACK};
 * only their exported names come from the template.
 *
 * @param file       the template as messages name it
 * @param byVariable inventory variable → exported name, in {@link InstalledState#READ_BACK} order
 */
public record EnvarsNames(String file, Map<String, String> byVariable) {
    /** The role whose template writes {@link InstalledState#ENVARS} (see its tasks.yaml). */
    public static final String ROLE = "prereqs";
    /** That template, relative to the role's templates/ folder. */
    public static final String TEMPLATE = "omnileads_envars.sh";

    private static final String WORD = "[A-Za-z_][A-Za-z0-9_]*";
    /** Any export of one name; its value is looked at separately. */
    private static final Pattern EXPORT = Pattern.compile("\\s*export\\s+(" + WORD + ")=(.*)");
    /**
     * A value that is one variable, optionally through filters ({@code | quote},
     * {@code | default('x')}), optionally followed by a shell comment.
     */
    private static final Pattern ONE_VARIABLE = Pattern.compile(
            "\\{\\{-?\\s*(" + WORD + ")\\s*(?:\\|\\s*" + WORD + "\\s*(?:\\([^)]*\\)\\s*)?)*-?}}\\s*(?:#.*)?");

    public EnvarsNames {
        byVariable = Collections.unmodifiableMap(new LinkedHashMap<>(byVariable));
    }

    /** The exported names in the loaded roles' template. */
    public static EnvarsNames of(Roles roles) throws RoleException {
        TemplateSource t = roles.template(ROLE, TEMPLATE).orElseThrow(() -> new RoleException(List.of(
                "role " + ROLE + " has no templates/" + TEMPLATE + ": the upgrade reads the installed service users and passwords"
                        + " back from " + InstalledState.ENVARS + " by the names that template exports")));
        return parse(t.file(), t.text());
    }

    /**
     * The exported name of every {@link InstalledState#READ_BACK} variable in the template's text.
     *
     * @param file the template as messages name it
     * @throws RoleException naming the file and each variable it does not export as one value
     */
    public static EnvarsNames parse(String file, String text) throws RoleException {
        Map<String, String> exported = exportedNames(text);
        Map<String, String> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String variable : InstalledState.READ_BACK) {
            String name = exported.get(variable);
            if (name != null) {
                out.put(variable, name);
            } else {
                problems.add(file + ": no line export NAME={{ " + variable + " | quote }}: the upgrade reads " + variable
                        + " back from " + InstalledState.ENVARS + " by the name this template exports it as");
            }
        }
        if (!problems.isEmpty()) throw new RoleException(problems);
        return new EnvarsNames(file, out);
    }

    /**
     * Inventory variable → the name a template's text exports it as, for every export whose
     * value is that one variable (filters allowed). Comments, blank lines and other exports are
     * skipped; as in sh, a later export of a name replaces an earlier one; a variable exported
     * under two names gives the first. Pure.
     */
    static Map<String, String> exportedNames(String text) {
        Map<String, String> variableOf = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            Matcher e = EXPORT.matcher(l);
            if (!e.matches()) continue;
            String name = e.group(1);
            variableOf.remove(name);
            Matcher v = ONE_VARIABLE.matcher(e.group(2).strip());
            if (v.matches()) variableOf.put(name, v.group(1));
        }
        Map<String, String> out = new LinkedHashMap<>();
        variableOf.forEach((name, variable) -> out.putIfAbsent(variable, name));
        return out;
    }
}
