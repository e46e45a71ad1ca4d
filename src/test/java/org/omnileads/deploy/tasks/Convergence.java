package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;
import org.omnileads.deploy.testhosts.TestHost;

/**
 * The acceptance of every task kind on a real host: check mode changes nothing, the first run
 * changes what it planned to, the second run is all ok with nothing to change.
 */
final class Convergence {
    private Convergence() {}

    /** Everything a task could touch, seen from outside SSH: files under the usual places, users, packages, units, host name. */
    static String fingerprint(TestHost h) {
        var r = h.shInside("""
                find /etc /opt /home /srv /var/lib/oml-deploy /usr/local /tmp/oml-test -xdev \\( -type f -o -type d -o -type l \\) \
                  -not -path '/etc/ld.so.cache' -printf '%p %m %u %g %s %T@\\n' 2>/dev/null | sort
                find /etc /opt /srv /usr/local /tmp/oml-test -xdev -type f -size -1M -exec sha256sum {} + 2>/dev/null | sort
                getent passwd; getent group
                dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\\n' | sort
                systemctl list-units --all --no-legend --plain | awk '{print $1, $3, $4}' | sort
                systemctl list-unit-files --no-legend --plain | sort
                uname -n; readlink /etc/localtime
                """);
        return r.getStdout();
    }

    /**
     * Runs the whole acceptance for {@code tasks} and returns the first run's outcomes.
     *
     * @param expectChanged how many tasks the first run must change
     */
    static List<TaskHarness.Outcome> assertConverges(TestHost h, TaskHarness run, List<Task> tasks, int expectChanged) throws Exception {
        return assertConverges(h, run, tasks, expectChanged, "true");
    }

    /** As above; {@code extraFingerprint} is a shell script printing more state to compare (database contents). */
    static List<TaskHarness.Outcome> assertConverges(TestHost h, TaskHarness run, List<Task> tasks, int expectChanged, String extraFingerprint)
            throws Exception {
        String before = fingerprint(h) + h.shInside(extraFingerprint).getStdout();
        List<Plan> checked = run.check(tasks);
        assertEquals(before, fingerprint(h) + h.shInside(extraFingerprint).getStdout(), "check mode changed the host");
        // Check mode may see fewer changes than a run makes (later tasks see earlier changes), never nothing.
        assertTrue(expectChanged == 0 || checked.stream().anyMatch(p -> p instanceof Plan.Change), "check mode saw nothing to change");

        List<TaskHarness.Outcome> first = run.run(tasks);
        for (var o : first) {
            if (o.status() == TaskHarness.Status.FAILED || o.status() == TaskHarness.Status.NOT_RUN) {
                fail(o.task().spec().name() + " " + o.status() + ": " + o.output() + "\nplan: " + o.plan());
            }
        }
        long changed = first.stream().filter(TaskHarness.Outcome::changed).count();
        assertEquals(expectChanged, changed, "first run changes: " + describe(first));

        List<TaskHarness.Outcome> second = run.run(tasks);
        long notOk = second.stream().filter(o -> o.status() != TaskHarness.Status.OK && o.status() != TaskHarness.Status.SKIPPED).count();
        assertEquals(0, notOk, "second run should be all ok: " + describe(second));
        return first;
    }

    static String summary(Plan p) {
        if (p instanceof Plan.Change c) return "Change(" + c.summary() + (c.dependsOnEarlier() ? ", depends on earlier" : "") + ")";
        return p.toString();
    }

    static String describe(List<TaskHarness.Outcome> outcomes) {
        return outcomes.stream().map(o -> "\n  " + o.task().spec().name() + ": " + o.status() + " " + summary(o.plan())
                + (o.output().isBlank() ? "" : "\n    " + o.output().strip().replace("\n", "\n    "))).collect(Collectors.joining());
    }
}
