package org.omnileads.deploy.ssh;

import java.io.IOException;
import java.util.List;
import org.apache.sshd.client.auth.AbstractUserAuthFactory;
import org.apache.sshd.client.auth.UserAuth;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPassword;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The client's login methods, in order: public key, password, keyboard-interactive. They note on the session
 * which password methods the server offers (MINA creates a method only when the server lists it), which is
 * how "password login is disabled" is told apart from "password rejected".
 */
final class LoginMethods {
    /** The server offers "password" or "keyboard-interactive". */
    static final AttributeKey<Boolean> PASSWORD_OFFERED = new AttributeKey<>();
    /** Set while a password is being tried; keyboard-interactive stays silent otherwise. */
    static final AttributeKey<Boolean> PASSWORD_PHASE = new AttributeKey<>();

    private LoginMethods() {}

    static List<UserAuthFactory> all() {
        return List.of(new UserAuthPublicKeyFactory(), new Password(), new KeyboardInteractive());
    }

    /** Password login; without a password it sends nothing. */
    private static final class Password extends UserAuthPasswordFactory {
        @Override
        public UserAuthPassword createUserAuth(ClientSession session) throws IOException {
            session.setAttribute(PASSWORD_OFFERED, Boolean.TRUE);
            return super.createUserAuth(session);
        }
    }

    /** Keyboard-interactive answers the password prompt; outside the password phase it would cost a failed try. */
    private static final class KeyboardInteractive extends AbstractUserAuthFactory {
        private static final UserAuthKeyboardInteractiveFactory REAL = new UserAuthKeyboardInteractiveFactory();

        KeyboardInteractive() { super(REAL.getName()); }

        @Override
        public UserAuth createUserAuth(ClientSession session) throws IOException {
            session.setAttribute(PASSWORD_OFFERED, Boolean.TRUE);
            if (Boolean.TRUE.equals(session.getAttribute(PASSWORD_PHASE))) return REAL.createUserAuth(session);
            return new Silent(getName(), session);
        }
    }

    /** A method that sends nothing, so the client moves on. */
    private static final class Silent implements UserAuth {
        private final String name;
        private final ClientSession session;

        Silent(String name, ClientSession session) {
            this.name = name;
            this.session = session;
        }

        @Override public String getName() { return name; }

        @Override public ClientSession getSession() { return session; }

        @Override public ClientSession getClientSession() { return session; }

        @Override public void init(ClientSession s, String service) {}

        @Override public boolean process(Buffer buffer) { return false; }

        @Override public void destroy() {}
    }
}
