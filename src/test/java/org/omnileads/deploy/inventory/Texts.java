package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Inventory texts and assertions shared by the inventory tests. */
final class Texts {
    private Texts() {}

    static final Path FILE = Path.of("inventory");

    /** Every required variable, with strong passwords holding the characters the format must keep. */
    static final String VARS = """
            [everyone:vars]
            postgres_database=omnileads
            postgres_user=omnileads
            postgres_password=Pg#pass;word=42
            admin_pass=Adm1n-Strong-Pass
            ami_user=omnileadsami
            ami_password=Ami_Pass_2024!
            dialer_user=demoadmin
            dialer_password=Dialer-Pass-99
            mysql_root_password=MySql-Root-77
            sup_ami_user=omnisup
            sup_ami_password=Sup-Ami-Pass-5
            TZ=America/Argentina/Cordoba
            """;

    static final String AIO = """
            [prodenv-aio]
            omlaio ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root

            """ + VARS;

    static final String CLUSTER_IN_2 = """
            [omniapp]
            omlapp ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root
            [kamailio]
            omlvoip ansible_host=192.0.2.11 ansible_ssh_port=22 ansible_user=root
            [asterisk]
            omlvoip ansible_host=192.0.2.11 ansible_ssh_port=22 ansible_user=root
            [database]
            omlapp ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root
            [dialer]
            omlapp ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root

            """ + VARS;

    static final String CLUSTER_IN_5 = """
            [omniapp]
            omlapp ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root
            [kamailio]
            kamailio ansible_host=192.0.2.11 ansible_ssh_port=22 ansible_user=root
            [asterisk]
            asterisk ansible_host=192.0.2.12 ansible_ssh_port=22 ansible_user=root
            [database]
            database ansible_host=192.0.2.13 ansible_ssh_port=22 ansible_user=root
            [dialer]
            dialer ansible_host=192.0.2.14 ansible_ssh_port=22 ansible_user=root

            """ + VARS;

    /** Shaped like the 1.3.x template: Docker groups (one even filled), their :vars, and :children. */
    static final String OLD_STYLE = """
            [prodenv-aio]
            #localhost ansible_connection=local ansible_user=root #(this line is for self-hosted installation)
            [prodenv-container]
            localhost ansible_connection=local
            [devenv-container]
            #localhost ansible_connection=local
            [docker]
            [omniapp]
            omlapp ansible_ssh_port=22 ansible_user=root ansible_host=192.0.2.10
            [kamailio]
            kamailio ansible_ssh_port=22 ansible_user=root ansible_host=192.0.2.11
            [asterisk]
            asterisk ansible_ssh_port=22 ansible_user=root ansible_host=192.0.2.12
            [database]
            database ansible_ssh_port=22 ansible_user=root ansible_host=192.0.2.13
            [dialer]
            dialer ansible_ssh_port=22 ansible_user=root ansible_host=192.0.2.14
            """ + VARS + """
            #external_port=
            LOGIN_FAILURE_LIMIT=10
            [docker:vars]
            registry_username=someone
            docker_user='{{ lookup("env","SUDO_USER") }}'
            [devenv-container:vars]
            devenv=1
            [prodenv-container:vars]
            prodenv=1
            [prodenv-aio:vars]
            ssh_port="{{ ansible_ssh_port }}"
            omniapp_ip="{{ omni_ip }}"
            [prodenv-cluster:vars]
            database_ip="{{ hostvars[groups['database'][0]].ansible_host }}"
            [prodenv-cluster:children]
            omniapp
            database
            [docker:children]
            devenv-container
            prodenv-container
            [everyone:children]
            prodenv-cluster
            prodenv-aio
            """;

    /** Five cluster groups with the given host line under each, then VARS. */
    static String cluster(String omniapp, String kamailio, String asterisk, String database, String dialer) {
        return "[omniapp]\n" + omniapp + "\n[kamailio]\n" + kamailio + "\n[asterisk]\n" + asterisk
                + "\n[database]\n" + database + "\n[dialer]\n" + dialer + "\n" + VARS;
    }

    static Inventory parse(String text) throws InventoryException {
        return InventoryParser.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    static List<InventoryProblem> problems(String text) {
        return problems(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<InventoryProblem> problems(byte[] bytes) {
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryParser.parse(FILE, bytes));
        assertFalse(e.problems().isEmpty(), "an InventoryException without problems");
        return e.problems();
    }

    /** The 1-based line of the first line of {@code text} that contains {@code part}. */
    static int lineOf(String text, String part) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(part)) return i + 1;
        throw new AssertionError("no line contains " + part);
    }

    /** Asserts some problem is at {@code line} and its message contains {@code message}; returns it. */
    static InventoryProblem assertProblem(List<InventoryProblem> problems, int line, String message) {
        for (InventoryProblem p : problems) if (p.line() == line && p.message().contains(message)) return p;
        return fail("expected a problem at line " + line + " containing \"" + message + "\", got:\n"
                + problems.stream().map(InventoryProblem::format).collect(Collectors.joining("\n")));
    }

    /** Asserts the text has exactly one problem, at {@code line}, with {@code message} in it; returns it. */
    static InventoryProblem assertOnlyProblem(String text, int line, String message) {
        List<InventoryProblem> ps = problems(text);
        InventoryProblem p = assertProblem(ps, line, message);
        if (ps.size() != 1) {
            fail("expected only one problem, got:\n" + ps.stream().map(InventoryProblem::format).collect(Collectors.joining("\n")));
        }
        return p;
    }
}
