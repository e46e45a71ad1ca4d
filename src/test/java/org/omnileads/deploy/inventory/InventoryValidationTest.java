package org.omnileads.deploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.omnileads.deploy.inventory.Texts.AIO;
import static org.omnileads.deploy.inventory.Texts.CLUSTER_IN_5;
import static org.omnileads.deploy.inventory.Texts.VARS;
import static org.omnileads.deploy.inventory.Texts.assertOnlyProblem;
import static org.omnileads.deploy.inventory.Texts.assertProblem;
import static org.omnileads.deploy.inventory.Texts.lineOf;
import static org.omnileads.deploy.inventory.Texts.problems;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every problem the parser and validator report, each at its line, with a hint. */
class InventoryValidationTest {

    private static final String AIO_HOST = "omlaio ansible_host=192.0.2.10 ansible_ssh_port=22 ansible_user=root";

    /** An AIO inventory whose host line is replaced by {@code hostLine} (line 2). */
    private static String aioWith(String hostLine) {
        return "[prodenv-aio]\n" + hostLine + "\n" + VARS;
    }

    // ---- bytes and lines ----------------------------------------------------------------

    @Test
    void invalidUtf8IsReportedWithItsLine() {
        byte[] good = AIO.getBytes(StandardCharsets.UTF_8);
        byte[] bad = AIO.replace("admin_pass=Adm1n", "admin_pass=Adm\u00e9n").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(good.length > 0);
        InventoryProblem p = assertProblem(problems(bad), lineOf(AIO, "admin_pass="), "not valid UTF-8 text (byte 0xE9 at column 15)");
        assertTrue(p.hint().contains("UTF-8"));
    }

    @Test
    void controlCharactersAreReported() {
        String text = AIO.replace("admin_pass=Adm1n", "admin_pass=Adm\u0000n");
        assertOnlyProblem(text, lineOf(text, "admin_pass="), "control character U+0000 at column 15");
    }

    @Test
    void aStrayByteOrderMarkIsReported() {
        String text = AIO.replace("[everyone:vars]", "\uFEFF[everyone:vars]");
        InventoryProblem p = assertProblem(problems(text), lineOf(text, "[everyone:vars]"), "control character U+FEFF");
        assertTrue(p.hint().contains("byte-order mark"));
    }

    @Test
    void anUnreadableFileIsReportedAtLineZero(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class, () -> InventoryParser.parse(missing));
        assertEquals(0, e.problems().get(0).line());
        assertTrue(e.problems().get(0).message().startsWith("cannot read the inventory"));
    }

    @Test
    void aHugeFileIsRefused(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big");
        Files.write(big, new byte[InventoryParser.MAX_BYTES + 1]);
        InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class, () -> InventoryParser.parse(big));
        assertTrue(e.problems().get(0).message().contains("an inventory is at most"));
        e = org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class,
                () -> InventoryParser.parse(big, new byte[InventoryParser.MAX_BYTES + 1]));
        assertEquals(0, e.problems().get(0).line());
    }

    @Test
    void anEmptyInventoryIsOneProblem() {
        assertOnlyProblem("", 0, "the inventory is empty");
        assertOnlyProblem("# only\n; comments\n\n   \n", 0, "the inventory is empty");
    }

    @Test
    void tooManyProblemsAreSummarised() {
        String text = AIO + "bad line\n".repeat(300);
        List<InventoryProblem> ps = problems(text);
        assertEquals(InventoryParser.MAX_PROBLEMS + 1, ps.size());
        assertProblem(ps, 0, "200 more problems not shown");
    }

    @Test
    void problemsAreInLineOrderWithFileWideOnesLast() {
        String text = "[omniapp]\nomlapp ansible_host=192.0.2.10\n[bogus]\n" + VARS.replace("TZ=America/Argentina/Cordoba", "TZ=Nowhere/Atall");
        List<InventoryProblem> ps = problems(text);
        for (int i = 1; i < ps.size(); i++) {
            int a = ps.get(i - 1).line() == 0 ? Integer.MAX_VALUE : ps.get(i - 1).line();
            int b = ps.get(i).line() == 0 ? Integer.MAX_VALUE : ps.get(i).line();
            assertTrue(a <= b, "problems out of order: " + ps);
        }
        assertEquals(0, ps.get(ps.size() - 1).line());
    }

    // ---- sections -----------------------------------------------------------------------

    @Test
    void aHostLineBeforeAnySection() {
        String text = AIO_HOST + "\n" + AIO;
        InventoryProblem p = assertOnlyProblem(text, 1, "host line before any section");
        assertTrue(p.hint().contains("[prodenv-aio]"));
    }

    @Test
    void aVariableBeforeAnySection() {
        String text = "TZ=UTC\n" + AIO;
        InventoryProblem p = assertOnlyProblem(text, 1, "variable before any section");
        assertTrue(p.hint().contains("[everyone:vars]"));
    }

    @Test
    void theSeedsMisspeltVarsSectionSuggestsTheRightOne() {
        String text = AIO.replace("[everyone:vars]", "[everyyone:vars]");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[everyyone:vars]"), "unknown section [everyyone:vars]");
        assertTrue(p.hint().startsWith("did you mean [everyone:vars]?"), p.hint());
    }

    @Test
    void anUnknownGroupSuggestsTheNearestKnownName() {
        String text = CLUSTER_IN_5.replace("[kamailio]", "[kamailo]");
        InventoryProblem p = assertOnlyProblem(text, 3, "unknown group [kamailo]");
        assertTrue(p.hint().startsWith("did you mean [kamailio]?"), p.hint());
        p = assertOnlyProblem(CLUSTER_IN_5.replace("[dialer]", "[Dialer]"), 9, "unknown group [Dialer]");
        assertTrue(p.hint().startsWith("did you mean [dialer]?"), p.hint());
    }

    @Test
    void anUnknownGroupFarFromAnyNameListsTheKnownGroups() {
        String text = AIO + "[webservers]\nweb1 ansible_host=192.0.2.50\n";
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[webservers]"), "unknown group [webservers]");
        assertFalse(p.hint().startsWith("did you mean"));
        assertTrue(p.hint().contains("[omniapp], [kamailio], [asterisk], [database], [dialer]"));
    }

    @Test
    void anUnknownSectionWithAColon() {
        String text = AIO + "[all:vars]\nx=1\n";
        assertOnlyProblem(text, lineOf(text, "[all:vars]"), "unknown section [all:vars]");
    }

    @Test
    void groupVariablesAreNotSupported() {
        String text = AIO + "[omniapp:vars]\nx=1\n";
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[omniapp:vars]"), "variables for one group ([omniapp:vars]) are not supported");
        assertTrue(p.hint().contains("[everyone:vars]"));
    }

    @Test
    void aMalformedSectionHeader() {
        String text = AIO.replace("[prodenv-aio]", "[prodenv-aio");
        assertProblem(problems(text), 1, "malformed section header");
        text = AIO.replace("[prodenv-aio]", "[prodenv-aio] trailing words");
        assertProblem(problems(text), 1, "malformed section header");
    }

    @Test
    void anEmptySectionName() {
        String text = AIO + "[]\n";
        assertOnlyProblem(text, lineOf(text, "[]"), "empty section name []");
    }

    // ---- host lines ---------------------------------------------------------------------

    @Test
    void aHostLineWithNoAddress() {
        InventoryProblem p = assertOnlyProblem(aioWith("omlaio ansible_ssh_port=22 ansible_user=root"), 2, "host omlaio has no address");
        assertTrue(p.hint().contains("ansible_host="));
    }

    @Test
    void aBareHostNameWithNoAddressAnywhere() {
        assertOnlyProblem(aioWith("omlaio"), 2, "host omlaio has no address");
    }

    @Test
    void localConnectionIsNotSupported() {
        InventoryProblem p = assertOnlyProblem(aioWith("localhost ansible_connection=local ansible_user=root"), 2,
                "ansible_connection=local is not supported (host localhost)");
        assertTrue(p.hint().contains("127.0.0.1"));
    }

    @Test
    void anUnknownConnection() {
        assertOnlyProblem(aioWith(AIO_HOST + " ansible_connection=winrm"), 2, "unknown ansible_connection 'winrm' for host omlaio");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.0.2       | '192.0.2' is not a valid IP address",
            "192.0.2.256   | '192.0.2.256' is not a valid IP address",
            "192.0.2.010   | '192.0.2.010' is not a valid IP address",
            "192.0.2.1.5   | '192.0.2.1.5' is not a valid IP address",
            "-1.2.3.4      | '-1.2.3.4' is not a valid IP address",
            "0.0.0.0       | 0.0.0.0 cannot be a host's address",
            "239.1.2.3     | 239.1.2.3 cannot be a host's address",
            "255.255.255.255 | 255.255.255.255 cannot be a host's address",
            "2001:db8::1   | IPv6 address 2001:db8::1 is not supported",
            "oml.example.org | ansible_host must be an IP address, not the name 'oml.example.org'",
            "''            | ansible_host is empty",
    })
    void anInvalidIpAddress(String address, String message) {
        assertOnlyProblem(aioWith("omlaio ansible_host=" + address), 2, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "22a", "-22", "", "99999999999"})
    void anInvalidPort(String port) {
        assertOnlyProblem(aioWith(AIO_HOST.replace("ansible_ssh_port=22", "ansible_ssh_port=" + port)), 2,
                "ansible_ssh_port of host omlaio must be a port number from 1 to 65535, not '" + port + "'");
        assertOnlyProblem(aioWith(AIO_HOST.replace("ansible_ssh_port=22", "ansible_port=" + port)), 2,
                "ansible_port of host omlaio must be a port number");
    }

    @Test
    void anInvalidSshUser() {
        assertOnlyProblem(aioWith(AIO_HOST.replace("ansible_user=root", "ansible_user=ro;ot")), 2, "'ro;ot' is not a valid SSH user for host omlaio");
    }

    @Test
    void anUnknownHostSettingSuggestsTheNearest() {
        InventoryProblem p = assertOnlyProblem(aioWith(AIO_HOST + " ansible_usr=admin"), 2, "unknown host setting ansible_usr for host omlaio");
        assertTrue(p.hint().startsWith("did you mean ansible_user?"), p.hint());
    }

    @Test
    void aWordThatIsNotKeyValue() {
        assertOnlyProblem(aioWith(AIO_HOST + " extra"), 2, "'extra' on the line of host omlaio is not key=value");
    }

    @Test
    void aSettingGivenTwiceOnOneLine() {
        assertOnlyProblem(aioWith(AIO_HOST + " ansible_port=2222"), 2, "ansible_port is given twice on the line of host omlaio with different values");
    }

    @Test
    void anUnclosedQuote() {
        assertOnlyProblem(aioWith("omlaio ansible_host=\"192.0.2.10"), 2, "a quote is not closed on this host line");
    }

    @Test
    void aHostLineWithNoName() {
        InventoryProblem p = assertOnlyProblem(aioWith("ansible_host=192.0.2.10 ansible_user=root"), 2, "host line has no name");
        assertTrue(p.hint().contains("NAME ansible_host="));
    }

    @Test
    void aVariableInAHostGroup() {
        String text = "[prodenv-aio]\n" + AIO_HOST + "\npostgres_password=x\n" + VARS;
        InventoryProblem p = assertOnlyProblem(text, 3, "variable postgres_password in host group [prodenv-aio]");
        assertTrue(p.hint().contains("[everyone:vars]"));
    }

    @Test
    void anInvalidHostName() {
        assertOnlyProblem(aioWith("oml/aio ansible_host=192.0.2.10"), 2, "'oml/aio' is not a valid host name");
        assertOnlyProblem(aioWith("-oml ansible_host=192.0.2.10"), 2, "'-oml' is not a valid host name");
    }

    @Test
    void oneNameWithTwoAddresses() {
        String text = Texts.cluster("omlapp ansible_host=192.0.2.10", "omlvoip ansible_host=192.0.2.11", "omlvoip",
                "omlapp ansible_host=192.0.2.12", "omlapp");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "192.0.2.12"), "host omlapp has address 192.0.2.12 here but 192.0.2.10 at line 2");
        assertTrue(p.hint().contains("one name is one machine"));
    }

    @Test
    void oneNameWithTwoPortsOrUsers() {
        String text = Texts.cluster("omlapp ansible_host=192.0.2.10 ansible_port=22", "omlvoip ansible_host=192.0.2.11", "omlvoip",
                "omlapp ansible_port=2222", "omlapp");
        assertOnlyProblem(text, lineOf(text, "ansible_port=2222"), "host omlapp has SSH port 2222 here but 22 at line 2");
        text = Texts.cluster("omlapp ansible_host=192.0.2.10 ansible_user=root", "omlvoip ansible_host=192.0.2.11", "omlvoip",
                "omlapp ansible_user=admin", "omlapp");
        assertOnlyProblem(text, lineOf(text, "ansible_user=admin"), "host omlapp has SSH user admin here but root at line 2");
    }

    @Test
    void oneAddressWithTwoNames() {
        String text = Texts.cluster("omlapp ansible_host=192.0.2.10", "omlvoip ansible_host=192.0.2.11", "omlvoip",
                "omldb ansible_host=192.0.2.10", "omlapp");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "omldb"), "address 192.0.2.10 is given to both omlapp (line 2) and omldb");
        assertTrue(p.hint().contains("use one name"));
    }

    // ---- groups -------------------------------------------------------------------------

    @Test
    void noHostAtAll() {
        String text = "[prodenv-aio]\n#omlaio ansible_host=192.0.2.10\n[omniapp]\n" + VARS;
        InventoryProblem p = assertOnlyProblem(text, 0, "no host: every host line is missing or commented out");
        assertTrue(p.hint().contains("[prodenv-aio]"));
        assertOnlyProblem(VARS, 0, "no host");
    }

    @Test
    void allInOneAndClusterGroupsBothFilled() {
        String text = "[prodenv-aio]\n" + AIO_HOST.replace("192.0.2.10", "192.0.2.20") + "\n" + CLUSTER_IN_5;
        InventoryProblem p = assertOnlyProblem(text, 4, "[omniapp] has a host while [prodenv-aio] has one too (line 2)");
        assertTrue(p.hint().contains("comment out the other"));
    }

    @Test
    void twoHostsForAllInOne() {
        String text = "[prodenv-aio]\n" + AIO_HOST + "\nomlaio2 ansible_host=192.0.2.20\n" + VARS;
        assertOnlyProblem(text, 3, "[prodenv-aio] has a second host omlaio2 (first: omlaio at line 2)");
    }

    @Test
    void aComponentWithTwoHosts() {
        String text = CLUSTER_IN_5.replace("[asterisk]\n", "[asterisk]\nasterisk2 ansible_host=192.0.2.22\n");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "asterisk ansible_host"), "[asterisk] has a second host asterisk (first: asterisk2 at line 6)");
        assertTrue(p.hint().contains("exactly one host"));
    }

    @Test
    void aComponentMissingFromACluster() {
        String text = CLUSTER_IN_5.replace("dialer ansible_host=192.0.2.14 ansible_ssh_port=22 ansible_user=root\n", "");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[dialer]"), "[dialer] has no host");
        assertTrue(p.hint().contains("under [dialer]"));
        text = CLUSTER_IN_5.replace("[dialer]\ndialer ansible_host=192.0.2.14 ansible_ssh_port=22 ansible_user=root\n", "");
        assertOnlyProblem(text, 0, "no [dialer] group: Wombat Dialer + MariaDB has no host");
    }

    @Test
    void aMisspeltGroupDoesNotAlsoReportItsComponentMissing() {
        String text = CLUSTER_IN_5.replace("[database]", "[databse]");
        assertOnlyProblem(text, lineOf(text, "[databse]"), "unknown group [databse]");
    }

    // ---- variables ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"postgres_database", "postgres_user", "postgres_password", "admin_pass", "ami_user", "ami_password",
            "dialer_user", "dialer_password", "mysql_root_password", "sup_ami_user", "sup_ami_password", "TZ"})
    void aMissingRequiredVariable(String name) {
        String text = AIO.replaceAll("(?m)^" + name + "=.*\n", "");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[everyone:vars]"), "required variable " + name + " is missing");
        assertTrue(p.hint().contains(name + "=..."), p.hint());
    }

    @Test
    void aCommentedOutRequiredVariableIsPointedAt() {
        String text = AIO.replace("admin_pass=", "#admin_pass=");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[everyone:vars]"), "required variable admin_pass is missing");
        assertEquals("it is commented out at line " + lineOf(text, "#admin_pass") + ": remove the # and set a value", p.hint());
    }

    @Test
    void aMisspeltRequiredVariableIsPointedAt() {
        String text = AIO.replace("postgres_password=", "postgres_pasword=");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "[everyone:vars]"), "required variable postgres_password is missing");
        assertTrue(p.hint().startsWith("is postgres_pasword (line " + lineOf(text, "postgres_pasword") + ") a misspelling of postgres_password?"), p.hint());
    }

    @Test
    void noVarsSectionAtAll() {
        String text = "[prodenv-aio]\n" + AIO_HOST + "\n";
        InventoryProblem p = assertOnlyProblem(text, 0, "no [everyone:vars] section: the required variables postgres_database, postgres_user");
        assertTrue(p.message().endsWith("sup_ami_password, TZ are missing"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "external_port=https    | external_port must be a port number from 1 to 65535, not 'https'",
            "external_port=0        | external_port must be a port number from 1 to 65535, not '0'",
            "external_port=70000    | external_port must be a port number from 1 to 65535, not '70000'",
            "external_port=         | external_port is empty",
            "SCA=one hour           | SCA must be a whole number of seconds greater than 0, not 'one hour'",
            "ECCTL=0                | ECCTL must be a whole number of seconds greater than 0, not '0'",
            "MONITORFORMAT=ogg      | MONITORFORMAT must be mp3 or wav, not 'ogg'",
            "MONITORFORMAT=MP3      | MONITORFORMAT must be mp3 or wav, not 'MP3'",
            "schedule=              | schedule is empty",
            "ansible_port=ssh       | ansible_port must be a port number from 1 to 65535, not 'ssh'",
            "ansible_user=a b       | 'a b' is not a valid SSH user in ansible_user",
    })
    void aValueThatCannotBeRight(String line, String message) {
        String text = AIO + line + "\n";
        assertOnlyProblem(text, lineOf(text, line), message);
    }

    @Test
    void anUpperCaseMonitorFormatGetsAHint() {
        String text = AIO + "MONITORFORMAT=WAV\n";
        assertEquals("write it in lower case: wav", assertOnlyProblem(text, lineOf(text, "MONITORFORMAT"), "MONITORFORMAT").hint());
    }

    @Test
    void anUnknownTimeZoneSuggestsTheNearest() {
        String text = AIO.replace("TZ=America/Argentina/Cordoba", "TZ=America/Argentina/Cordova");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "TZ="), "TZ 'America/Argentina/Cordova' is not a known time zone");
        assertTrue(p.hint().startsWith("did you mean America/Argentina/Cordoba?"), p.hint());
        text = AIO.replace("TZ=America/Argentina/Cordoba", "TZ=+03:00");
        assertOnlyProblem(text, lineOf(text, "TZ="), "TZ '+03:00' is not a known time zone");
    }

    @Test
    void anEmptyRequiredVariable() {
        String text = AIO.replace("admin_pass=Adm1n-Strong-Pass", "admin_pass=  ");
        assertOnlyProblem(text, lineOf(text, "admin_pass="), "admin_pass is empty");
    }

    @Test
    void invalidUserAndDatabaseNames() {
        String text = AIO.replace("ami_user=omnileadsami", "ami_user=omni ami");
        assertOnlyProblem(text, lineOf(text, "ami_user="), "ami_user 'omni ami' is not a valid user name");
        text = AIO.replace("postgres_database=omnileads", "postgres_database=oml-db");
        assertOnlyProblem(text, lineOf(text, "postgres_database="), "postgres_database 'oml-db' is not a valid PostgreSQL name");
    }

    @Test
    void aVariableSetTwice() {
        String text = AIO + "TZ=UTC\n";
        assertOnlyProblem(text, lineOf(text, "TZ=UTC"), "TZ is set twice (first at line " + lineOf(text, "TZ=America") + ")");
    }

    @Test
    void aDerivedVariableCannotBeSet() {
        String text = AIO + "omniapp_ip=192.0.2.99\n";
        assertOnlyProblem(text, lineOf(text, "omniapp_ip"), "omniapp_ip is derived from the host groups and cannot be set");
    }

    @Test
    void aLineInVarsThatIsNotNameValue() {
        String text = AIO + "just some words\n";
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "just some"), "line in [everyone:vars] is not NAME=VALUE");
        assertFalse(p.message().contains("just"), "the line is not echoed: it may be part of a password");
    }

    @Test
    void anInvalidVariableName() {
        String text = AIO + "omlapp ansible_host=192.0.2.10\n";
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "omlapp ansible"), "'omlapp ansible_host' is not a valid variable name");
        assertTrue(p.hint().contains("looks like a host line"));
        text = AIO + "2fa=yes\n";
        assertOnlyProblem(text, lineOf(text, "2fa"), "'2fa' is not a valid variable name");
    }

    // ---- reporting ----------------------------------------------------------------------

    @Test
    void everyProblemFormatsAsFileLineMessageAndHint() {
        String text = AIO.replace("[everyone:vars]", "[everyyone:vars]");
        InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class, () -> Texts.parse(text));
        String line = lineOf(text, "[everyyone") + "";
        assertTrue(e.getMessage().startsWith("inventory:" + line + ": unknown section [everyyone:vars]\n    hint: did you mean [everyone:vars]?"),
                e.getMessage());
    }

    @Test
    void passwordsAreNeverEchoedInProblems() {
        String secret = "Sup3r$ecretValue";
        String text = AIO.replace("admin_pass=Adm1n-Strong-Pass", "admin_pass=" + secret) + "admin_pass=" + secret + "\n" + secret + "\n";
        for (InventoryProblem p : problems(text)) {
            assertFalse(p.format().contains(secret), p.format());
        }
    }

    // ---- values that a file format cannot hold -------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ami_password=Ami_Pass_2024!|ami_password=\"  Ami pass  \"|manager.conf",
            "sup_ami_password=Sup-Ami-Pass-5|sup_ami_password='Sup-Ami-Pass-5 '|manager.conf",
            "postgres_password=Pg#pass;word=42|postgres_password=\" Pg#pass;word=42\"|res_odbc.conf"})
    void blanksAtTheEndsOfAnAsteriskPasswordAreRefusedNamingTheFile(String line, String quoted, String file) {
        String text = AIO.replace(line, quoted);
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, quoted), "starts or ends with a blank, which Asterisk's " + file + " cannot hold");
        assertTrue(p.hint().contains("blanks inside"), p.hint());
        assertFalse(p.format().contains("Ami pass") || p.format().contains("Sup-Ami-Pass-5") || p.format().contains("Pg#pass"), p.format());
    }

    @Test
    void everyOtherHostileCharacterIsAcceptedInEveryPassword() throws Exception {
        String hostile = "x'\"$`\\;&|<>$(touch /tmp/c) #ñ€中 ;--";
        String text = AIO;
        for (String key : List.of("postgres_password", "admin_pass", "ami_password", "dialer_password", "mysql_root_password", "sup_ami_password")) {
            text = text.replaceFirst("(?m)^" + key + "=.*$", java.util.regex.Matcher.quoteReplacement(key + "=" + hostile + key));
        }
        Inventory inv = Texts.parse(text);
        assertEquals(hostile + "ami_password", inv.variables().get("ami_password"));
        assertEquals(hostile + "postgres_password", inv.variables().get("postgres_password"));
    }

    @Test
    void aPostgresPasswordThatSaslprepWouldChangeIsRefused() {
        String text = AIO.replace("postgres_password=Pg#pass;word=42", "postgres_password=Pg\uFB01-pass-42");
        InventoryProblem p = assertOnlyProblem(text, lineOf(text, "postgres_password="), "PostgreSQL's clients replace before sending");
        assertFalse(p.format().contains("pass-42"), p.format());
    }
}
