package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** inventory.example.ini at the repository root: it parses, and each documented layout does too. */
class InventoryExampleTest {
    // Surefire runs tests from the project directory.
    private static final Path EXAMPLE = Path.of("inventory.example.ini");

    @Test
    void theExampleParsesAsClusterInFive() throws Exception {
        Inventory inv = InventoryParser.parse(EXAMPLE);
        assertEquals(Topology.CLUSTER_IN_5, inv.topology());
        for (Host h : inv.hosts()) assertTrue(h.address().startsWith("192.0.2."), h.toString());
        for (Variable v : Variable.values()) assertTrue(inv.lineOf(v.key()) > 0, v.key() + " is shown in the example");
    }

    @Test
    void itsPlaceholderPasswordsAreRefusedForAnInstall() throws Exception {
        Inventory inv = InventoryParser.parse(EXAMPLE);
        List<InventoryProblem> weak = PasswordCheck.weakPasswords(inv);
        assertEquals(List.of("postgres_password", "admin_pass", "ami_password", "dialer_password", "mysql_root_password", "sup_ami_password"),
                weak.stream().map(p -> p.message().split(" ")[0]).toList());
        for (InventoryProblem p : weak) assertTrue(p.message().endsWith("is still a placeholder (CHANGE-ME...)"));
    }

    @Test
    void theCommentedAllInOneLayoutWorksWhenSwitchedOn() throws Exception {
        String text = Files.readString(EXAMPLE);
        String hosts = text.substring(text.indexOf("\n[omniapp]\n") + 1, text.indexOf("[everyone:vars]"));
        String aio = text.replace("#omnileads-aio ansible_host", "omnileads-aio ansible_host")
                .replace(hosts, hosts.replaceAll("(?m)^(\\w+ ansible_host=)", "#$1"));
        Inventory inv = Texts.parse(aio);
        assertEquals(Topology.AIO, inv.topology());
    }

    @Test
    void theCommentedClusterInTwoLayoutWorksWhenSwitchedOn() throws Exception {
        String text = Files.readString(EXAMPLE);
        String block = text.substring(text.indexOf("#   [omniapp]"), text.indexOf("#####", text.indexOf("#   [omniapp]")));
        String c2 = block.replaceAll("(?m)^#   ", "");
        String hosts = text.substring(text.indexOf("\n[omniapp]\n") + 1, text.indexOf("[everyone:vars]"));
        Inventory inv = Texts.parse(text.replace(hosts, c2 + "\n"));
        assertEquals(Topology.CLUSTER_IN_2, inv.topology());
    }
}
