package org.omnileads.deploy.lifecycle;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.omnileads.deploy.ssh.CommandResult;
import org.omnileads.deploy.ssh.RemoteCommand;
import org.omnileads.deploy.ssh.RemoteHost;
import org.omnileads.deploy.ssh.SshException;
import org.omnileads.deploy.tasks.Script;

/**
 * Backups taken on the database and dialer hosts before an upgrade changes anything, kept there
 * in {@value #DIR} (root only). {@code docs/upgrade.md} says how to restore them.
 */
public final class Backups {
    /** Where the dumps are kept on each host. */
    public static final String DIR = "/var/backups/omnileads";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private Backups() {}

    /** A dump on a host: its path and size in bytes. */
    public record Dump(String host, String path, long bytes) {}

    /** A name part for this run's files, in UTC. */
    public static String stamp() { return STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)); }

    /** The script dumping one PostgreSQL database (custom format, for pg_restore) as the postgres superuser. */
    static String postgresScript(String database, String stamp) {
        String file = DIR + "/postgresql-" + database + "-" + stamp + ".dump";
        Script s = new Script();
        s.raw("umask 077");
        s.line("install -d -m 0700 %q || exit 1", DIR);
        s.line("runuser -u postgres -- pg_dump -Fc -d %q > %q || { rm -f %q; echo 'pg_dump failed' >&2; exit 1; }", database, file + ".part", file + ".part");
        s.line("mv %q %q || exit 1", file + ".part", file);
        s.line("printf 'path=%s\\nbytes=%s\\n' %q \"$(wc -c < %q)\"", file, file);
        return s.toString();
    }

    /** The script dumping every MariaDB database (root over the socket), gzip-compressed. */
    static String mariadbScript(String stamp) {
        String file = DIR + "/mariadb-all-" + stamp + ".sql";
        Script s = new Script();
        s.raw("umask 077");
        s.line("install -d -m 0700 %q || exit 1", DIR);
        s.line("mysqldump --no-defaults -u root --all-databases --single-transaction --routines --events --triggers > %q"
                + " || { rm -f %q; echo 'mysqldump failed' >&2; exit 1; }", file, file);
        s.line("gzip -f %q || exit 1", file);
        s.line("printf 'path=%s\\nbytes=%s\\n' %q \"$(wc -c < %q)\"", file + ".gz", file + ".gz");
        return s.toString();
    }

    public static Dump postgres(RemoteHost host, String database, String stamp) throws SshException, BackupException {
        return run(host, postgresScript(database, stamp), "PostgreSQL database " + database);
    }

    public static Dump mariadb(RemoteHost host, String stamp) throws SshException, BackupException {
        return run(host, mariadbScript(stamp), "MariaDB databases");
    }

    private static Dump run(RemoteHost host, String script, String what) throws SshException, BackupException {
        CommandResult r = host.exec(RemoteCommand.script(script).withTimeout(TIMEOUT));
        org.omnileads.deploy.tasks.Facts f = org.omnileads.deploy.tasks.Facts.parse(r.stdout());
        if (!r.ok() || !f.has("path")) {
            throw new BackupException(host.host().name() + ": cannot back up the " + what + ": "
                    + (r.stderr().isBlank() ? "exit " + r.exitStatus() : r.stderr().strip()));
        }
        long bytes;
        try {
            bytes = Long.parseLong(f.get("bytes").strip());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        return new Dump(host.host().name(), f.get("path"), bytes);
    }

    /** A backup that failed: the upgrade must not go on. */
    public static final class BackupException extends Exception {
        public BackupException(String message) { super(message); }
    }
}
