package org.omnileads.deploy.testhosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.omnileads.deploy.ssh.Shell;

/** The fixture's chosen root passwords and its scripts with secrets, as hostile-input tests use them. */
@Tag("hosts")
class ChosenRootPasswordTest {
    static final String PASSWORD = " r'\"$`\\;&|<>$(touch /tmp/oml-canary-fixture) ñ ";

    @RegisterExtension
    static final TestHostsExtension HOSTS = new TestHostsExtension(1, "chosen", List.of(PASSWORD));

    @Test
    void theHostHasTheChosenPasswordAndAScriptLeavesNoFileBehind() {
        TestHost h = HOSTS.get(0);
        assertEquals(PASSWORD, h.rootPassword());
        // crypt(3) of the password with shadow's own hash as salt gives that hash only for the same password
        String hash = h.execInside("sh", "-c", "getent shadow root | cut -d: -f2").getStdout().strip();
        var r = h.scriptInside("printf '%s\\n' " + Shell.quote(PASSWORD)
                + " | perl -e '$p = <STDIN>; chomp $p; print crypt($p, $ARGV[0])' " + Shell.quote(hash));
        assertEquals(hash, r.getStdout().strip(), r.getStderr());
        assertEquals("", h.shInside("ls /dev/shm; ls /tmp | grep oml-canary; true").getStdout().strip());
    }
}
