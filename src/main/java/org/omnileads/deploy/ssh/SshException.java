package org.omnileads.deploy.ssh;

/** A transport failure, classified so the operator reads a cause and a fix, not a stack trace. */
public class SshException extends Exception {
    /** The seed document's fix for a server that refuses root login with a password. */
    static final String PERMIT_ROOT_LOGIN_FIX =
            "on the host: sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config && systemctl restart ssh";

    /** What went wrong, in the operator's words. */
    public enum Cause {
        NAME_NOT_RESOLVED("the host name does not resolve", "check the address in the inventory or the workstation's DNS"),
        CONNECTION_REFUSED("connection refused (sshd down or port closed)", "start sshd on the host (systemctl start ssh) and check the SSH port and firewall"),
        TIMED_OUT("timed out (host down or traffic filtered)", "check that the host is up and that a firewall lets the workstation reach its SSH port"),
        HOST_UNREACHABLE("nothing answers at this address (no route to host)", "check that the host is up and that the address in the inventory is right"),
        /**
         * Also what a server that refuses root login looks like: OpenSSH answers a right password exactly as a
         * wrong one when PermitRootLogin forbids it, so both fixes are given.
         */
        PASSWORD_REJECTED("the password was rejected, or the server refuses root login",
                "type the root password of this host again; if it is right, the server refuses root login: " + PERMIT_ROOT_LOGIN_FIX),
        /** Kept for callers that know more than the protocol tells (the protocol cannot tell it from a wrong password). */
        ROOT_LOGIN_REFUSED("the server refuses root login", PERMIT_ROOT_LOGIN_FIX),
        PASSWORD_LOGIN_DISABLED("the server does not accept password login (PasswordAuthentication no) and no key of yours was accepted",
                "on the host set 'PasswordAuthentication yes' in /etc/ssh/sshd_config and run systemctl restart ssh, or install your public key for root"),
        NO_PASSWORD("no key of yours was accepted and no password was given for this host",
                "give the root password (a NAME=PASSWORD line in the password file), or install your key once with --copy-id"),
        HOST_KEY_CHANGED("the host key changed", "if the host was reinstalled, remove the stale line from known_hosts (ssh-keygen -R HOST -f FILE); otherwise stop: someone may be in the middle"),
        HOST_KEY_REVOKED("the host key is marked @revoked in known_hosts", "the host must get a new host key; do not connect with this one"),
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
    private final String fix;

    public SshException(Cause cause, String host, String detail, Throwable source) {
        this(cause, host, detail, null, source);
    }

    /** @param fix what to do in this very case (with names and paths filled in); null for the cause's general fix */
    public SshException(Cause cause, String host, String detail, String fix, Throwable source) {
        super(host + ": " + cause.text() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"), source);
        this.cause = cause;
        this.host = host;
        this.fix = fix;
    }

    private SshException(Cause cause, String host, String message, String fix) {
        super(message);
        this.cause = cause;
        this.host = host;
        this.fix = fix;
    }

    /** The failure another process (the {@link SessionKeeper}) met, told here in its own words. */
    static SshException relayed(Cause cause, String host, String message, String fix) {
        return new SshException(cause, host, message, fix);
    }

    public Cause kind() { return cause; }

    public String host() { return host; }

    /** What to do about it. */
    public String fix() { return fix != null ? fix : cause.fix(); }
}
