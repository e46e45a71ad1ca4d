package org.omnileads.deploy.ssh;

import java.util.function.Function;
import org.omnileads.deploy.inventory.Host;

/**
 * Where root passwords come from: the terminal (without echo), a password file, or a test. The connector calls
 * it only when key login failed, one host at a time in inventory order when it is {@link #interactive()}, and
 * checks each answer at once by logging in; a rejected password is asked again up to {@link #ATTEMPTS} times
 * for that host.
 */
@FunctionalInterface
public interface PasswordPrompt {
    /** Tries per host before giving up. */
    int ATTEMPTS = 3;

    /**
     * @param attempt         1 for the first question about this host, up to {@link #ATTEMPTS}
     * @param previousFailure why the previous answer failed, in the operator's words; null on the first attempt
     * @return the password, or null when there is none to give (the host then fails)
     */
    String ask(Host host, int attempt, String previousFailure);

    /** Told when a password logged in, so a prompt can offer it for the next host. */
    default void accepted(Host host, String password) {}

    /**
     * True when answering may involve the operator. The connector then asks one host at a time in inventory
     * order; a prompt that asks no one lets every host log in at once.
     */
    default boolean interactive() { return true; }

    /** Never has a password: key login only. */
    static PasswordPrompt none() { return unattended(host -> null); }

    /** Answers the first question about a host from {@code lookup} (null: none) and asks no one. */
    static PasswordPrompt unattended(Function<Host, String> lookup) {
        return new PasswordPrompt() {
            @Override
            public String ask(Host host, int attempt, String previousFailure) { return attempt == 1 ? lookup.apply(host) : null; }

            @Override
            public boolean interactive() { return false; }
        };
    }

    /**
     * {@code --same-password}: asks {@code asker} once and offers that answer to every host; a host that rejects
     * it is asked about on its own. The password that last logged in is the one offered next.
     */
    static PasswordPrompt sameForAll(PasswordPrompt asker) {
        return new PasswordPrompt() {
            private String shared;

            @Override
            public synchronized String ask(Host host, int attempt, String previousFailure) {
                if (attempt == 1 && shared != null) return shared;
                String answer = asker.ask(host, attempt, previousFailure);
                if (shared == null) shared = answer;
                return answer;
            }

            @Override
            public synchronized void accepted(Host host, String password) {
                shared = password;
                asker.accepted(host, password);
            }

            @Override
            public boolean interactive() { return asker.interactive(); }
        };
    }
}
