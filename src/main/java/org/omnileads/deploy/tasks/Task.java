package org.omnileads.deploy.tasks;

import java.util.List;

/**
 * One task of a role, bound to its arguments (templates already rendered) and ready for a host.
 * A task never talks to a host itself: it says which facts it needs (a read-only shell fragment),
 * decides from them, and hands back the commands that converge the host. The runner batches the
 * probes of many tasks into one round trip, and the apply steps of many tasks into another.
 */
public interface Task {
    TaskSpec spec();

    /**
     * A POSIX sh fragment that prints, on standard output, the facts this task needs. It must
     * change nothing, must not exit the shell, and its exit status is ignored. Empty when the task
     * needs no facts (it then plans from its arguments alone). The runner runs it in a subshell of
     * its own with no standard input (unless {@link #probeInline()}), so variables it sets stay
     * local without a subshell of the fragment's own; a probe identical to another task's runs once.
     */
    String probe();

    /**
     * True when {@link #probe()} may run in the probe script's own shell instead of a subshell,
     * which costs a process per task and host: the fragment does not exit, cd, trap, set options
     * or positional parameters, and assigns every variable it reads (all named {@code oml_...})
     * before reading it. For the engine's own fragments only; never for one holding an operator's
     * shell text.
     */
    default boolean probeInline() { return false; }

    /**
     * The same facts as {@link #probe()}, asked as data so the runner can gather those of all file
     * tasks of a host with a few processes ({@link FileFacts}); null for a task that is not about
     * one file or folder. When given, it must lead to exactly the lines {@link #probe()} prints.
     */
    default FileProbe fileProbe() { return null; }

    /**
     * Files whose content alone decides what {@link #probe()} prints, for this task: while their
     * stat lines (inode, size, modification and change times) are the same, so is the output, and
     * a runner that remembers the output may skip the probe. Empty when the probe reads anything
     * else (a service's state, a database, the network).
     */
    default java.util.List<String> factsFiles() { return java.util.List.of(); }

    /** Decides from the probe's output (exactly what {@link #probe()} printed). Pure: no I/O. */
    Plan plan(String facts);

    /**
     * Secret values this task carries (passwords): the runner adds them to its {@code Redactor}
     * so they are masked in every output. They reach the host only inside step scripts.
     */
    default java.util.List<String> secrets() { return java.util.List.of(); }

    /**
     * True when the probe takes long (it starts an application) and reads only: the host's probe
     * script then starts it first, in the background, and prints its output in its place, so that
     * it runs alongside the other probes instead of after them.
     */
    default boolean probeAlongside() { return false; }

    /**
     * The package tool whose repositories this task downloads from, or null. The runner checks
     * that they answer before the first phase in which such a task plans a change on a host, so
     * an unreachable repository stops the host before any of that role is applied.
     */
    default PackageManager packageSource() { return null; }

    /**
     * The packages a change of this task would download, from its probe's output: the repository
     * check before the phase fetches them ahead (see {@link PackageManager#repositoryCheck}).
     */
    default List<String> downloads(String facts) { return List.of(); }
}
