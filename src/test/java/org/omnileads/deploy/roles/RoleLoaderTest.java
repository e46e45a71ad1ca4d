package org.omnileads.deploy.roles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnileads.deploy.tasks.CommandTask;
import org.omnileads.deploy.tasks.ContentTask;
import org.omnileads.deploy.tasks.CopyTask;
import org.omnileads.deploy.tasks.DirectoryTask;
import org.omnileads.deploy.tasks.PackageTask;
import org.omnileads.deploy.tasks.Plan;
import org.omnileads.deploy.tasks.ServiceTask;
import org.omnileads.deploy.tasks.SkippedTask;
import org.omnileads.deploy.tasks.Task;
import org.omnileads.deploy.tasks.TemplateTask;

class RoleLoaderTest {
    static Roles tree(String name) throws RoleException {
        return RoleLoader.load(Path.of("src/test/resources", name), name);
    }

    @Test
    void aGoodTreeLoadsWithItsSiteInOrder() throws Exception {
        Roles roles = tree("roles-good");
        assertEquals(List.of(new Phase("base", "all", "roles-good/site.yaml", 3), new Phase("database", "database", "roles-good/site.yaml", 4)),
                roles.site());
        assertEquals("it's me", roles.defaults("base").get("greeting"));
        assertEquals("0640", roles.defaults("base").get("mode_default"), "a leading-zero number stays text, not YAML 1.1 octal");
        assertEquals(List.of("less", "curl"), roles.defaults("base").get("packages"));
    }

    @Test
    void bindingRendersArgumentsTemplatesAndDefaults() throws Exception {
        BoundRole b = tree("roles-good").bind("base", Map.of("inventory_hostname", "host1", "packages", List.of("rsync")));
        assertEquals(6, b.tasks().size());
        PackageTask p = assertInstanceOf(PackageTask.class, b.tasks().get(0));
        assertEquals(List.of("rsync"), p.names(), "a variable given to bind wins over the default, and a list stays a list");
        DirectoryTask d = assertInstanceOf(DirectoryTask.class, b.tasks().get(1));
        assertEquals("/etc/omltest", d.path(), "a templated default renders with the others");
        TemplateTask t = assertInstanceOf(TemplateTask.class, b.tasks().get(2));
        assertEquals("/etc/omltest/app.conf", t.dest());
        assertEquals(Integer.valueOf(0640), t.attrs().mode());
        assertEquals("""
                # omltest <not escaped> & "quoted"
                user=a shell=/bin/sh
                user=b shell=/bin/bash
                host=host1
                """, new String(t.content(), StandardCharsets.UTF_8));
        assertEquals(List.of("restart app"), t.spec().notifies());
        assertEquals(List.of("config"), t.spec().tags());
        assertEquals("roles-good/base/tasks.yaml", t.spec().file());
        assertEquals(7, t.spec().line());
        CopyTask c = assertInstanceOf(CopyTask.class, b.tasks().get(3));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, c.content());
        SkippedTask s = assertInstanceOf(SkippedTask.class, b.tasks().get(4));
        assertInstanceOf(Plan.Skip.class, s.plan(""));
        CommandTask cmd = assertInstanceOf(CommandTask.class, b.tasks().get(5));
        assertEquals("greet omltest", cmd.spec().name());
        assertEquals("echo 'it'\\''s me'\n", cmd.run(), "the quote filter makes one safe sh word");
        assertInstanceOf(ServiceTask.class, b.handlers().get("restart app"));
    }

    @Test
    void whenTurnsATaskOn() throws Exception {
        BoundRole b = tree("roles-good").bind("base", Map.of("inventory_hostname", "h", "enable_extra", true));
        assertInstanceOf(ContentTask.class, b.tasks().get(4));
    }

    @Test
    void secretsOfBoundTasksAreKnown() throws Exception {
        BoundRole b = tree("roles-good").bind("database", Map.of("postgres_password", "s3cret-pw"));
        Task t = b.tasks().get(0);
        assertEquals(List.of("s3cret-pw"), t.secrets());
        assertTrue(!t.toString().contains("s3cret-pw"));
    }

    @Test
    void everyProblemOfABadTreeIsReportedWithFileAndLine() {
        RoleException e = assertThrows(RoleException.class, () -> tree("roles-bad"));
        assertEquals(List.of(
                "roles-bad/broken/tasks.yaml:2: unknown task kind pakage (did you mean package?)",
                "roles-bad/broken/tasks.yaml:4: directory: missing argument path (the folder; missing parents are created)",
                "roles-bad/broken/tasks.yaml:6: unknown argument contnt of file (did you mean content?) (arguments: path, content, owner, group, force, mode, state)",
                "roles-bad/broken/tasks.yaml:7: one task, one kind: this one has file and copy",
                "roles-bad/broken/tasks.yaml:10: no task kind (one of: package, directory, file, copy, template, line, block, service, user, group, "
                        + "command, download, unarchive, postgres_role, postgres_database, postgres_extension, mysql_user, mysql_root_password, "
                        + "wait_for_port, timezone, hostname, release_files)",
                "roles-bad/broken/tasks.yaml:12: src: no file roles-bad/broken/templates/nothere.j2",
                "roles-bad/broken/tasks.yaml:14: src: ../../secret climbs out with ..; a role reads only its own files",
                "roles-bad/broken/tasks.yaml:16: src: /etc/passwd is absolute; give a path inside the role's folder",
                "roles-bad/broken/tasks.yaml:21: mode: expected octal permission bits such as 0640, got \"rwx\"",
                "roles-bad/broken/tasks.yaml:23: state: \"installed\" is not one of present, absent, latest",
                "roles-bad/broken/tasks.yaml:25: file: missing argument content (needed unless state: absent)",
                "roles-bad/broken/tasks.yaml:27: path: \"opt/x\" is not an absolute path",
                "roles-bad/broken/tasks.yaml:17: notifies handler restart crond, which roles-bad/broken/handlers.yaml does not define (did you mean restart cron?)",
                "roles-bad/notasks/tasks.yaml: missing (every role folder needs a tasks.yaml)",
                "roles-bad/tmplerr/templates/bad.j2:4: template: Unexpected end of template. Pebble was looking for the \"endif\" tag",
                "roles-bad/yamlerr/tasks.yaml:5: YAML syntax: expected ',' or ']', but got <stream end> (while parsing a flow sequence)",
                "roles-bad/site.yaml:3: no role nosuch (no folder roles-bad/nosuch)",
                "roles-bad/site.yaml:4: on: cloud is not one of all, omniapp, kamailio, asterisk, database, dialer"), e.problems());
    }

    @Test
    void anUndefinedVariableNamesTheTemplateAndLine() throws Exception {
        Roles roles = tree("roles-strict");
        RoleException e = assertThrows(RoleException.class, () -> roles.bind("web", Map.of()));
        assertEquals(List.of("roles-strict/web/templates/page.j2:3: undefined variable missing_var",
                "roles-strict/web/tasks.yaml:8: undefined variable nope"), e.problems());
    }

    @Test
    void theRolesInTheJarLoadWithoutProblems() throws Exception {
        LoadedRoles roles = (LoadedRoles) RoleLoader.bundled();
        assertTrue(roles.names().contains("bench"));
        assertTrue(roles.site().stream().noneMatch(p -> p.role().equals("bench")), "bench is run alone, never as a phase");
    }

    /** The bench role alone, so this holds while other roles are being written. */
    static Roles benchAlone(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("bench"));
        java.nio.file.Files.copy(Path.of("roles/bench/tasks.yaml"), dir.resolve("bench/tasks.yaml"));
        return RoleLoader.load(dir, "roles");
    }

    @Test
    void theBenchRoleHasThe39TasksOfTheAnsiblePlay(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        BoundRole bench = benchAlone(dir).bind("bench", Map.of("inventory_hostname", "host3"));
        assertEquals(39, bench.tasks().size());
        long kinds = bench.tasks().stream().map(t -> t.spec().kind()).distinct().count();
        assertEquals(7, kinds, "group, user, directory, file, line, package, service");
        ContentTask conf = (ContentTask) bench.tasks().get(12);
        assertEquals("/opt/omnileads/d0/conf0.cfg", conf.dest());
        assertEquals("key0=value0\nhost=host3\n", new String(conf.content(), StandardCharsets.UTF_8));
    }

    @Test
    void aMissingHostVariableOfTheBenchRoleIsAnError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Roles roles = benchAlone(dir);
        RoleException e = assertThrows(RoleException.class, () -> roles.bind("bench", Map.of()));
        assertTrue(e.problems().get(0).matches("roles/bench/tasks.yaml:\\d+: undefined variable inventory_hostname"), e.problems().get(0));
        assertEquals(10, e.problems().size(), "each of the ten files says so");
    }

    @Test
    void syntaxAndShapeMistakesInSmallTrees(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("r/templates"));
        java.nio.file.Files.writeString(dir.resolve("site.yaml"), "- {role: r, on: all, tags: x}\n- {role: r}\n");
        java.nio.file.Files.writeString(dir.resolve("r/tasks.yaml"), """
                - name: a
                  group: {name: g, name: h}
                - name: b
                  command: {run: "echo {{ x", creates: relative}
                - name: c
                  service: cron
                - name: d
                  line: {path: /x, line: y, create: maybe}
                  when: "{{ nope"
                - name: e
                  service: {name: cron}
                - name: f
                  package: {names: {a: b}}
                """);
        RoleException e = assertThrows(RoleException.class, () -> RoleLoader.fromDirectory(dir));
        String root = dir.toString();
        assertEquals(List.of(
                root + "/r/tasks.yaml:2: duplicate key name",
                root + "/r/tasks.yaml:4: template: Unexpected token of value \"null\" and type EOF, expected token of type PRINT_END",
                root + "/r/tasks.yaml:4: creates: \"relative\" is not an absolute path",
                root + "/r/tasks.yaml:6: service: expected its arguments as a mapping, e.g. service: {name: ...}",
                root + "/r/tasks.yaml:9: when: template: Unclosed \"{\"",
                root + "/r/tasks.yaml:8: create: expected true or false, got \"maybe\"",
                root + "/r/tasks.yaml:11: service: give state, enabled or daemon_reload",
                root + "/r/tasks.yaml:13: names: expected a list, not a mapping",
                root + "/site.yaml:1: unknown key tags in a phase",
                root + "/site.yaml:2: a phase needs on: (one of all, omniapp, kamailio, asterisk, database, dialer)"), e.problems());
    }

    @Test
    void aTreeWithoutSiteHasRolesButNoPhases(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("solo"));
        java.nio.file.Files.writeString(dir.resolve("solo/tasks.yaml"), "- name: g\n  group: {name: g}\n");
        LoadedRoles roles = (LoadedRoles) RoleLoader.fromDirectory(dir);
        assertEquals(List.of(), roles.site());
        assertEquals(java.util.Set.of("solo"), roles.names());
        assertEquals(1, roles.bind("solo", Map.of()).tasks().size());
        RoleException e = assertThrows(RoleException.class, () -> roles.bind("sol", Map.of()));
        assertEquals(List.of("no role sol (did you mean solo?)"), e.problems());
    }

    @Test
    void aTemplatedSourceIsCheckedWhenBound(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("r/templates"));
        java.nio.file.Files.writeString(dir.resolve("r/templates/a.j2"), "A\n");
        java.nio.file.Files.writeString(dir.resolve("r/tasks.yaml"), "- name: t\n  template: {src: \"{{ which }}\", dest: /x}\n");
        Roles roles = RoleLoader.fromDirectory(dir);
        assertEquals(1, roles.bind("r", Map.of("which", "a.j2")).tasks().size());
        RoleException up = assertThrows(RoleException.class, () -> roles.bind("r", Map.of("which", "../../etc/shadow")));
        assertEquals(List.of(dir + "/r/tasks.yaml:2: src: ../../etc/shadow climbs out with ..; a role reads only its own files"), up.problems());
        RoleException missing = assertThrows(RoleException.class, () -> roles.bind("r", Map.of("which", "b.j2")));
        assertEquals(List.of(dir + "/r/tasks.yaml:2: src: no file " + dir + "/r/templates/b.j2"), missing.problems());
    }

    @Test
    void includesCannotLeaveTheTemplatesFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("r/templates"));
        java.nio.file.Files.writeString(dir.resolve("r/secret.txt"), "no\n");
        java.nio.file.Files.writeString(dir.resolve("r/templates/a.j2"), "{% include \"../secret.txt\" %}\n");
        java.nio.file.Files.writeString(dir.resolve("r/tasks.yaml"), "- name: t\n  template: {src: a.j2, dest: /x}\n");
        RoleException e = assertThrows(RoleException.class, () -> RoleLoader.fromDirectory(dir).bind("r", Map.of()));
        assertTrue(e.problems().get(0).startsWith(dir + "/r/templates/a.j2:1: "), e.problems().toString());
    }

    @Test
    void aDestinationWithDotDotIsRefusedAtLoadAndWhenBound(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("r/files"));
        java.nio.file.Files.writeString(dir.resolve("r/files/a"), "A\n");
        java.nio.file.Files.writeString(dir.resolve("r/tasks.yaml"), """
                - name: literal
                  copy: {src: a, dest: /opt/app/../../etc/cron.d/a}
                - name: file
                  file: {path: "/opt/app/..", content: x}
                """);
        RoleException e = assertThrows(RoleException.class, () -> RoleLoader.fromDirectory(dir));
        assertEquals(List.of(
                dir + "/r/tasks.yaml:2: dest: \"/opt/app/../../etc/cron.d/a\" has a .. component; write the path it leads to",
                dir + "/r/tasks.yaml:4: path: \"/opt/app/..\" has a .. component; write the path it leads to"), e.problems());

        java.nio.file.Files.writeString(dir.resolve("r/tasks.yaml"), "- name: t\n  copy: {src: a, dest: \"/opt/{{ app }}/a\"}\n");
        Roles roles = RoleLoader.fromDirectory(dir);
        assertEquals(1, roles.bind("r", Map.of("app", "web")).tasks().size());
        RoleException bound = assertThrows(RoleException.class, () -> roles.bind("r", Map.of("app", "../etc")));
        assertEquals(List.of(dir + "/r/tasks.yaml:2: copy: dest: \"/opt/../etc/a\" has a .. component; write the path it leads to"), bound.problems());
    }
}
