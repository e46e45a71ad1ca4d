package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.omnileads.deploy.inventory.Texts.AIO;
import static org.omnileads.deploy.inventory.Texts.lineOf;
import static org.omnileads.deploy.inventory.Texts.parse;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The weak-password check an install runs unless --allow-weak-passwords is given. */
class PasswordCheckTest {

    @Test
    void strongPasswordsPass() throws Exception {
        assertEquals(List.of(), PasswordCheck.weakPasswords(parse(AIO)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_very_strong_pass", "5_MeO_DMT", "demo", "Sup3rst1c10n", "admin", "admin123", "098098ZZZ", "omnileads", "OMNILEADS"})
    void theOldTemplatesExamplePasswordsAreWeak(String example) throws Exception {
        String text = AIO.replace("ami_password=Ami_Pass_2024!", "ami_password=" + example);
        List<InventoryProblem> weak = PasswordCheck.weakPasswords(parse(text));
        assertEquals(1, weak.size(), weak.toString());
        InventoryProblem p = weak.get(0);
        assertEquals(lineOf(text, "ami_password="), p.line());
        assertTrue(p.message().startsWith("ami_password "), p.message());
        assertEquals("choose strong passwords or pass --allow-weak-passwords", p.hint());
        assertFalse(p.format().contains(example), "the password itself is never shown");
    }

    @Test
    void theOldTemplatesFullSetNamesEveryVariable() throws Exception {
        String text = AIO.replace("postgres_password=Pg#pass;word=42", "postgres_password=my_very_strong_pass")
                .replace("admin_pass=Adm1n-Strong-Pass", "admin_pass=my_very_strong_pass")
                .replace("ami_password=Ami_Pass_2024!", "ami_password=5_MeO_DMT")
                .replace("dialer_password=Dialer-Pass-99", "dialer_password=demo")
                .replace("mysql_root_password=MySql-Root-77", "mysql_root_password=my_very_strong_pass")
                .replace("sup_ami_password=Sup-Ami-Pass-5", "sup_ami_password=Sup3rst1c10n");
        List<InventoryProblem> weak = PasswordCheck.weakPasswords(parse(text));
        assertEquals(List.of("postgres_password", "admin_pass", "ami_password", "dialer_password", "mysql_root_password", "sup_ami_password"),
                weak.stream().map(p -> p.message().split(" ")[0]).toList());
        for (InventoryProblem p : weak) assertEquals(lineOf(text, p.message().split(" ")[0] + "="), p.line());
    }

    @Test
    void aShortPasswordIsWeak() throws Exception {
        String text = AIO.replace("admin_pass=Adm1n-Strong-Pass", "admin_pass=Xy7#kq2");
        InventoryProblem p = PasswordCheck.weakPasswords(parse(text)).get(0);
        assertEquals("admin_pass is shorter than 8 characters", p.message());
        assertEquals(lineOf(text, "admin_pass="), p.line());
        assertEquals(List.of(), PasswordCheck.weakPasswords(parse(AIO.replace("admin_pass=Adm1n-Strong-Pass", "admin_pass=Xy7#kq2!"))));
    }

    @Test
    void aPlaceholderIsWeak() throws Exception {
        String text = AIO.replace("admin_pass=Adm1n-Strong-Pass", "admin_pass=change-me-admin");
        assertEquals("admin_pass is still a placeholder (CHANGE-ME...)", PasswordCheck.weakPasswords(parse(text)).get(0).message());
    }

    @Test
    void aPasswordEqualToAUserNameIsWeak() throws Exception {
        String text = AIO.replace("ami_password=Ami_Pass_2024!", "ami_password=omnileadsami");
        assertEquals("ami_password is the same as ami_user", PasswordCheck.weakPasswords(parse(text)).get(0).message());
    }

    @Test
    void otherPasswordVariablesAreCheckedTooButNotOtherSecrets() throws Exception {
        String text = AIO + "registry_password=demo\ntrusted_key=oml.key\n";
        List<InventoryProblem> weak = PasswordCheck.weakPasswords(parse(text));
        assertEquals(1, weak.size());
        assertEquals(lineOf(text, "registry_password"), weak.get(0).line());
    }
}
