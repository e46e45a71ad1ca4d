package org.omnileads.deploy.ssh;

/** A transport failure, classified so the operator reads a cause and a fix, not a stack trace. */
public class SshException extends Exception {
    /** What went wrong, in the operator's words. */
    public enum Cause {
        NAME_NOT_RESOLVED("the host name does not resolve", "check the address in the inventory or the workstation's DNS"),
        CONNECTION_REFUSED("connection refused (sshd down or port closed)", "start sshd on the host (systemctl start ssh) and check the SSH port and firewall"),
        TIMED_OUT("timed out (host down or traffic filtered)", "check that the host is up and that a firewall lets the workstation reach its SSH port"),
        PASSWORD_REJECTED("the password was rejected", "type the root password of this host again"),
        ROOT_LOGIN_REFUSED("the server refuses root login", "on the host: sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config && systemctl restart ssh"),
        HOST_KEY_CHANGED("the host key changed", "if the host was reinstalled, remove the stale line from known_hosts (ssh-keygen -R HOST -f FILE); otherwise stop: someone may be in the middle"),
        HOST_KEY_UNKNOWN("the host key is not known", "accept it at the prompt or pass --accept-new-host-keys"),
        SESSION_DROPPED("the session dropped mid-command", "check the host and the network, then run again with --resume"),
        TIMEOUT_COMMAND("the command did not finish in time", "look at the host's log for the command; raise the timeout if the host is slow"),
        TRANSFER_FAILED("the file transfer failed", "check free disk space on the host (df -h) and its permissions"),
        OTHER("SSH failure", "");

        private final String text;
        private final String fix;

        Cause(String text, String fix) { this.text = text; this.fix = fix; }

        public String text() { return text; }

        public String fix() { return fix; }
    }

    private final Cause cause;
    private final String host;

    public SshException(Cause cause, String host, String detail, Throwable source) {
        super(host + ": " + cause.text() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"), source);
        this.cause = cause;
        this.host = host;
    }

    public Cause kind() { return cause; }

    public String host() { return host; }

    /** What to do about it. */
    public String fix() { return cause.fix(); }
}
