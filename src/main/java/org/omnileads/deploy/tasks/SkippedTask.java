package org.omnileads.deploy.tasks;

/** A task whose {@code when:} condition is false for this host: no probe, always {@link Plan.Skip}. */
public record SkippedTask(TaskSpec spec, String reason) implements Task {
    @Override public String probe() { return ""; }

    @Override public Plan plan(String facts) { return new Plan.Skip(reason); }
}
