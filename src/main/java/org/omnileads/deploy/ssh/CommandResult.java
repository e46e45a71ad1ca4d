package org.omnileads.deploy.ssh;

/** What a remote command returned. Output is kept whole here; large outputs should stream via the line listener. */
public record CommandResult(int exitStatus, String stdout, String stderr) {
    public boolean ok() { return exitStatus == 0; }
}
