package org.omnileads.deploy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.roles.BoundRole;
import org.omnileads.deploy.roles.Phase;
import org.omnileads.deploy.roles.RoleException;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;
import org.omnileads.deploy.roles.TemplateSource;

/** The exported names of the read-back variables, taken from the prereqs role's template. */
class EnvarsNamesTest {
    private static final String FILE = "roles/prereqs/templates/omnileads_envars.sh";

    /** What the environment file has exported since the first release, in read-back order. */
    private static Map<String, String> expected() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("postgres_database", "PGDATABASE");
        m.put("postgres_user", "PGUSER");
        m.put("postgres_password", "PGPASSWORD");
        m.put("admin_pass", "DJANGO_PASS");
        m.put("ami_user", "AMI_USER");
        m.put("ami_password", "AMI_PASSWORD");
        m.put("sup_ami_user", "SUP_AMI_USER");
        m.put("sup_ami_password", "SUP_AMI_PASSWORD");
        m.put("dialer_user", "WOMBAT_USER");
        m.put("dialer_password", "WOMBAT_PASSWORD");
        return m;
    }

    @Test
    void theRolesTemplateGivesTheExpectedNamesInReadBackOrder() throws Exception {
        EnvarsNames names = EnvarsNames.of(RoleLoader.fromDirectory(Path.of("roles")));
        assertEquals(FILE, names.file());
        // as lists: the order is the probe's order
        assertEquals(List.copyOf(expected().entrySet()), List.copyOf(names.byVariable().entrySet()));
        String probe = InstalledState.envarsProbe(names);
        for (String name : expected().values()) assertTrue(probe.contains("printf '" + name + "=%s\\n'"), name + " in " + probe);
    }

    @Test
    void aTemplateWithoutOneVariableIsAnErrorNamingFileAndVariable() throws Exception {
        String real = Files.readString(Path.of(FILE));
        String without = real.replace("export AMI_PASSWORD={{ ami_password | quote }}\n", "");
        assertFalse(without.equals(real), "the real template must hold the line this test removes");
        RoleException e = assertThrows(RoleException.class, () -> EnvarsNames.parse(FILE, without));
        assertEquals(1, e.problems().size(), e.problems().toString());
        String p = e.problems().get(0);
        assertTrue(p.startsWith(FILE + ": "), p);
        assertTrue(p.contains("ami_password"), p);
        assertFalse(p.contains("sup_ami_password"), p);
    }

    @Test
    void anExportThatIsNotTheVariableAloneDoesNotCount() {
        RoleException e = assertThrows(RoleException.class, () -> EnvarsNames.parse("t.sh",
                Files.readString(Path.of(FILE)).replace("export PGUSER={{ postgres_user | quote }}", "export PGUSER=omnileads-{{ postgres_user }}")));
        assertTrue(e.getMessage().contains("t.sh: ") && e.getMessage().contains("postgres_user"), e.getMessage());
    }

    @Test
    void rolesWithoutTheTemplateAreAnErrorNamingIt() {
        Roles none = new Roles() {
            @Override public List<Phase> site() { return List.of(); }
            @Override public Map<String, Object> defaults(String role) { return Map.of(); }
            @Override public Optional<TemplateSource> template(String role, String name) { return Optional.empty(); }
            @Override public BoundRole bind(String role, Map<String, Object> vars) { throw new UnsupportedOperationException(); }
        };
        RoleException e = assertThrows(RoleException.class, () -> EnvarsNames.of(none));
        assertTrue(e.getMessage().contains("prereqs") && e.getMessage().contains("templates/omnileads_envars.sh"), e.getMessage());
    }

    @Test
    void exportsWithAndWithoutFiltersAreRead() {
        Map<String, String> m = EnvarsNames.exportedNames(String.join("\n",
                "export PLAIN={{ plain }}",
                "export QUOTED={{ quoted | quote }}",
                "  export  CHAINED={{chained|default('x, y')|quote}}",
                "export TRIMMED={{- trimmed -}}",
                "export COMMENTED={{ commented | quote }} # why",
                ""));
        assertEquals(Map.of("plain", "PLAIN", "quoted", "QUOTED", "chained", "CHAINED", "trimmed", "TRIMMED", "commented", "COMMENTED"), m);
    }

    @Test
    void commentsBlankLinesAndOtherValuesAreSkipped() {
        Map<String, String> m = EnvarsNames.exportedNames(String.join("\n",
                "# export COMMENTED={{ commented | quote }}",
                "   # export INDENTED={{ indented }}",
                "",
                "   ",
                "export PGPORT=5432",
                "export INSTALL_PREFIX={{ omnileads_prefix }}/",
                "export TWO={{ a }}{{ b }}",
                "export EXPR={{ a ~ b }}",
                "echo {{ echoed }}",
                "export KEPT={{ kept | quote }}"));
        assertEquals(Map.of("kept", "KEPT"), m);
    }

    @Test
    void aLaterExportOfANameWinsAsInShAndAVariableGivesItsFirstName() {
        Map<String, String> m = EnvarsNames.exportedNames(String.join("\n",
                "export PGUSER={{ old_user }}",
                "export PGUSER={{ postgres_user | quote }}",
                "export HOST_A={{ fqdn | quote }}",
                "export HOST_B={{ fqdn | quote }}",
                "export GONE={{ gone }}",
                "export GONE=fixed"));
        assertEquals(Map.of("postgres_user", "PGUSER", "fqdn", "HOST_A"), m);
    }
}
