package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user and group lookups of {@link LocalAccounts}, run by this machine's sh on account files
 * in a temporary folder. Where they must ask getent or id, those answer from this machine's own
 * accounts (root exists everywhere), which the temporary files contradict on purpose: the answer
 * shows which way it came.
 */
class LocalAccountsTest {
    @TempDir Path dir;

    private static final String PASSWD = """
            root:x:0:0:root in the file:/root-file:/bin/sh
            # a comment:x:1:1::/:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

            omltest:x:1001:1001::/opt/omltest:/bin/bash
            omltest:x:1002:1002:second line, never read:/nowhere:/bin/false
            nogroup:x:1003:4242::/home/nogroup:/bin/sh
            last:x:1004:1004::/home/last:/bin/sh""";

    private static final String GROUP = """
            root:x:0:
            daemon:x:1:
            audio:x:29:omltest,other
            omltest:x:1001:omltest
            video:x:44:other,omltest
            # comment:x:45:omltest
            staff:x:50:other
            fileroot:x:60:root
            last:x:1004:""";

    private String[] accounts(String nsswitch, String passwd, String group) throws IOException {
        Files.writeString(dir.resolve("nsswitch.conf"), nsswitch);
        Files.writeString(dir.resolve("passwd"), passwd);
        Files.writeString(dir.resolve("group"), group);
        return new String[] {dir.resolve("nsswitch.conf").toString(), dir.resolve("passwd").toString(), dir.resolve("group").toString()};
    }

    private LocalAccounts files(String nsswitch) throws IOException { return files(nsswitch, PASSWD, GROUP); }

    private LocalAccounts files(String nsswitch, String passwd, String group) throws IOException {
        String[] f = accounts(nsswitch, passwd, group);
        return new LocalAccounts(f[0], f[1], f[2]);
    }

    /** What the user probe prints for {@code name}: the entry, then the groups. */
    private static String user(LocalAccounts a, String name) {
        String script = a.sources() + a.userEntry(name)
                + "if [ -n \"$oml_e\" ]; then echo \"passwd=$oml_e\"; " + a.userGroups(name) + "echo \"groups=$oml_g\"; fi\n";
        LocalShell.Result r = LocalShell.run(script);
        assertEquals(0, r.status(), r.output());
        return r.output();
    }

    private static String group(LocalAccounts a, String name) {
        LocalShell.Result r = LocalShell.run(a.sources() + a.groupExists(name));
        assertEquals(0, r.status(), r.output());
        return r.output();
    }

    private static String sh(String command) {
        LocalShell.Result r = LocalShell.run(command);
        assertEquals(0, r.status(), r.output());
        return r.output().strip();
    }

    private static final String FILES_ONLY = "# as Debian writes it\npasswd:         files\ngroup:          files\nshadow: files\nhosts: files dns\n";

    @Test
    void withFilesAloneTheEntryAndTheGroupsComeFromTheFilesAsIdWouldPrintThem() throws IOException {
        LocalAccounts a = files(FILES_ONLY);
        // Primary group first; then the groups listing the user in file order; its own group once;
        // the commented line not at all.
        assertEquals("passwd=omltest:x:1001:1001::/opt/omltest:/bin/bash\ngroups=omltest audio video\n", user(a, "omltest"));
        assertEquals("passwd=daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\ngroups=daemon\n", user(a, "daemon"));
        assertEquals("passwd=root:x:0:0:root in the file:/root-file:/bin/sh\ngroups=root fileroot\n", user(a, "root"));
        // A primary group id that no line names prints as the number, as id does.
        assertEquals("passwd=nogroup:x:1003:4242::/home/nogroup:/bin/sh\ngroups=4242\n", user(a, "nogroup"));
        // Last lines without a newline are read too.
        assertEquals("passwd=last:x:1004:1004::/home/last:/bin/sh\ngroups=last\n", user(a, "last"));
        assertEquals("exists=yes\n", group(a, "video"));
        assertEquals("exists=yes\n", group(a, "last"));
    }

    @Test
    void aNameTheFilesLackIsAskedOfGetentWhichAsksEverySource() throws IOException {
        // The files here have no root: getent answers from this machine's accounts.
        LocalAccounts a = files(FILES_ONLY, "omltest:x:1001:1001::/opt/omltest:/bin/bash\n", "omltest:x:1001:\n");
        assertEquals("passwd=" + sh("getent passwd root") + "\ngroups=" + sh("id -Gn root") + "\n", user(a, "root"));
        assertEquals("exists=yes\n", group(a, "root"));
        assertEquals("", user(a, "oml-no-such-user"));
        assertEquals("", group(a, "oml-no-such-group"));
    }

    @Test
    void withFilesFirstTheEntryComesFromTheFileButTheGroupsFromId() throws IOException {
        LocalAccounts a = files("passwd: files systemd\ngroup:\tfiles   systemd # and more\n");
        assertEquals("passwd=root:x:0:0:root in the file:/root-file:/bin/sh\ngroups=" + sh("id -Gn root") + "\n", user(a, "root"));
        assertEquals("exists=yes\n", group(a, "fileroot"));
    }

    @Test
    void anythingElseInNsswitchLeavesTheAnswersToGetentAndId() throws IOException {
        String real = "passwd=" + sh("getent passwd root") + "\ngroups=" + sh("id -Gn root") + "\n";
        for (String nss : new String[] {
                "passwd: files [NOTFOUND=return] ldap\ngroup: files [NOTFOUND=return] ldap\n",
                "passwd: ldap files\ngroup: ldap files\n",
                "passwd: files[SUCCESS=continue] ldap\ngroup: files[SUCCESS=continue] ldap\n",
                "passwd: files\npasswd: ldap\ngroup: files\ngroup: ldap\n",
                "# passwd: files\n",
                "passwd: compat\ngroup: compat\n",
                ""}) {
            assertEquals(real, user(files(nss), "root"), nss);
            assertEquals("", group(files(nss), "fileroot"), nss);
        }
        Files.delete(dir.resolve("nsswitch.conf"));
        assertEquals(real, user(new LocalAccounts(dir.resolve("nsswitch.conf").toString(), dir.resolve("passwd").toString(),
                dir.resolve("group").toString()), "root"));
    }

    @Test
    void aGroupIdTwoLinesShareLeavesTheGroupsToId() throws IOException {
        LocalAccounts a = files(FILES_ONLY, PASSWD, GROUP + "\nalias:x:29:root\n");
        assertEquals("passwd=root:x:0:0:root in the file:/root-file:/bin/sh\ngroups=" + sh("id -Gn root") + "\n", user(a, "root"));
    }

    @Test
    void namesAreMatchedWholeAndLiterally() throws IOException {
        LocalAccounts a = files(FILES_ONLY, PASSWD + "\nab:x:2000:2000::/ab:/bin/sh\n", GROUP + "\nab:x:2000:\nother:x:2001:xab,abx\n");
        assertEquals("passwd=ab:x:2000:2000::/ab:/bin/sh\ngroups=ab\n", user(a, "ab"));
        assertEquals("", user(a, "a"));
        assertEquals("", user(a, "a*"));
        assertEquals("", group(a, "*"));
    }
}
