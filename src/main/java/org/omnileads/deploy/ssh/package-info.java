/**
 * The SSH transport: one logged-in session per host for the whole run (Apache MINA SSHD).
 *
 * <p>{@link org.omnileads.deploy.ssh.Connector} opens the sessions of an inventory in parallel, with a
 * {@link org.omnileads.deploy.ssh.HostKeyPolicy} over an OpenSSH {@link org.omnileads.deploy.ssh.KnownHosts}
 * file and {@link org.omnileads.deploy.ssh.Credentials} (the operator's keys, then a
 * {@link org.omnileads.deploy.ssh.PasswordPrompt} or a {@link org.omnileads.deploy.ssh.PasswordFile}). Each
 * session is a {@link org.omnileads.deploy.ssh.RemoteHost}: commands built by
 * {@link org.omnileads.deploy.ssh.Shell}, atomic uploads, a round-trip count. Every failure is an
 * {@link org.omnileads.deploy.ssh.SshException} with a cause and a fix in the operator's words.
 */
package org.omnileads.deploy.ssh;
