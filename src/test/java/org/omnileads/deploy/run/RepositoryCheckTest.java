package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.omnileads.deploy.tasks.PackageManager;
import org.omnileads.deploy.tasks.Apt;

/** The message for a host that cannot read its package repositories. */
class RepositoryCheckTest {
    @Test
    void namesHostRepositoryReasonOnceAndTheCommandThatShowsIt() {
        String fetch = "E: Failed to fetch http://127.0.0.1:9/debian/dists/bookworm/InRelease  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)";
        String out = String.join("\n", "Err:1 http://127.0.0.1:9/debian bookworm InRelease", fetch,
                "E: Some index files failed to download. They have been ignored, or old ones used instead.",
                "oml: apt-get update failed (try 1 of 4), retrying in 5 s", fetch,
                PackageManager.UNREACHABLE_MARK + "http://127.0.0.1:9/debian bookworm");
        PackageManager apt = new Apt();
        assertEquals("""
                web1: the package repository http://127.0.0.1:9/debian bookworm cannot be read from this host (apt-get update failed, exit 1, after retries)
                %s
                nothing of role prereqs was applied on web1.
                what to do: check the host's internet access, its DNS (/etc/resolv.conf) and the repositories it is configured with; on web1 this shows the error: apt-get update
                then run again with --resume""".formatted(fetch),
                RepositoryCheck.failure("web1", "prereqs", apt, 1, out, "oml: apt-get update failed 4 times\n"));
    }
}
