package org.omnileads.deploy.tasks;

/**
 * Probe fragments that look up a local user or group with the shell's own {@code read} where the
 * answer is sure to be what {@code getent} and {@code id} would print, and run those only where
 * it is not: a converged host then answers the {@code user} and {@code group} probes without
 * starting a process (each costs a fork and an exec, several milliseconds on a busy host).
 *
 * <p>What decides is the host's {@code /etc/nsswitch.conf}, read the way glibc reads it (a
 * comment runs from {@code #} to the end of the line):
 *
 * <ul>
 *   <li>an entry (a user's passwd line, a group's existence) is read from the file when the
 *       database's first source is {@code files} with the default action (no {@code [...]} right
 *       after it) and the file has the name: glibc stops at the first source that finds it, so
 *       that is what getent prints. A name the file lacks is always asked of getent, which asks
 *       every source (LDAP, sss, systemd);</li>
 *   <li>a user's groups (what {@code id -Gn} prints) are read from {@code /etc/group} only when
 *       both passwd and group have {@code files} as their only source: glibc gathers a user's
 *       groups from every source, not only the first. Then, as id: the primary group first, then
 *       the groups listing the user in file order, a group id once; a primary group id without a
 *       name prints as the number. A group id that two lines of the file share (which id would
 *       resolve to the first line's name) sends the question to id.</li>
 * </ul>
 *
 * No nsswitch.conf, a database named twice in it, or anything else: getent and id answer. The
 * fragments only set variables named {@code oml_...}, each before reading it, so they may run
 * inline ({@link Task#probeInline()}).
 */
final class LocalAccounts {
    static final String NSSWITCH = "/etc/nsswitch.conf";
    static final String PASSWD = "/etc/passwd";
    static final String GROUP = "/etc/group";

    private final String nsswitch;
    private final String passwd;
    private final String group;

    /** The host's own files. */
    static final LocalAccounts HOST = new LocalAccounts(NSSWITCH, PASSWD, GROUP);

    /** Other files (tests read copies in a temporary folder). */
    LocalAccounts(String nsswitch, String passwd, String group) {
        this.nsswitch = nsswitch;
        this.passwd = passwd;
        this.group = group;
    }

    /**
     * Sets {@code oml_np} (passwd) and {@code oml_ng} (group) to {@code only} when files is the
     * database's only source, {@code first} when it is the first with the default action, else empty.
     */
    String sources() {
        Script s = new Script();
        s.raw("oml_np=; oml_ng=; oml_nc=0; oml_nd=0");
        s.line("if [ -r %q ]; then", nsswitch);
        s.raw("  while IFS= read -r oml_l || [ -n \"$oml_l\" ]; do");
        s.raw("    oml_l=${oml_l%%#*}; oml_l=${oml_l#\"${oml_l%%[![:blank:]]*}\"}");
        s.raw("    case $oml_l in");
        s.raw("      passwd:*) oml_nc=$((oml_nc + 1)); oml_np=${oml_l#passwd:} ;;");
        s.raw("      group:*) oml_nd=$((oml_nd + 1)); oml_ng=${oml_l#group:} ;;");
        s.raw("    esac");
        s.line("  done < %q", nsswitch);
        s.raw("fi");
        s.raw("[ \"$oml_nc\" = 1 ] || oml_np=");
        s.raw("[ \"$oml_nd\" = 1 ] || oml_ng=");
        for (String v : new String[] {"oml_np", "oml_ng"}) {
            s.raw(trim(v));
            s.raw("case $" + v + " in");
            s.raw("  files) " + v + "=only ;;");
            s.raw("  files[[:blank:]]*) " + v + "=${" + v + "#files}; " + trim(v));
            s.raw("    case $" + v + " in \\[*) " + v + "= ;; *) " + v + "=first ;; esac ;;");
            s.raw("  *) " + v + "= ;;");
            s.raw("esac");
        }
        return s.toString();
    }

    /** Strips the blanks around the value of variable {@code v}. */
    private static String trim(String v) {
        return v + "=${" + v + "#\"${" + v + "%%[![:blank:]]*}\"}; " + v + "=${" + v + "%\"${" + v + "##*[![:blank:]]}\"}";
    }

    /**
     * Sets {@code oml_e} to the passwd entry of {@code name}, empty when there is none, and
     * {@code oml_ef} to 1 when it was read from the file.
     */
    String userEntry(String name) {
        Script s = new Script();
        s.raw("oml_e=; oml_ef=");
        s.raw("case $oml_np in only|first)");
        s.line("  while IFS= read -r oml_l || [ -n \"$oml_l\" ]; do case $oml_l in %q:*) oml_e=$oml_l; oml_ef=1; break ;; esac; done < %q ;;",
                name, passwd);
        s.raw("esac");
        s.line("[ -n \"$oml_e\" ] || oml_e=$(getent passwd %q) || oml_e=", name);
        return s.toString();
    }

    /** Prints {@code exists=yes} when the group {@code name} exists. */
    String groupExists(String name) {
        Script s = new Script();
        s.raw("oml_x=");
        s.raw("case $oml_ng in only|first)");
        s.line("  while IFS= read -r oml_l || [ -n \"$oml_l\" ]; do case $oml_l in %q:*) oml_x=yes; break ;; esac; done < %q ;;",
                name, group);
        s.raw("esac");
        s.line("[ -n \"$oml_x\" ] || { getent group %q >/dev/null && oml_x=yes; }", name);
        s.raw("[ -z \"$oml_x\" ] || echo exists=yes");
        return s.toString();
    }

    /**
     * Sets {@code oml_g} to what {@code id -Gn name} prints, for the user whose passwd entry is
     * {@code oml_e} (set by {@link #userEntry}); from /etc/group only for an entry read from the file.
     */
    String userGroups(String name) {
        Script s = new Script();
        s.raw("oml_g=");
        s.raw("if [ -n \"$oml_ef\" ] && [ \"$oml_np\" = only ] && [ \"$oml_ng\" = only ]; then");
        // The primary group id: the passwd entry's fourth field.
        s.raw("  oml_t=${oml_e#*:*:*:}; oml_pg=${oml_t%%:*}; oml_pn=; oml_gs=; oml_seen=' '; oml_ok=1");
        s.raw("  while IFS=: read -r oml_gn oml_gx oml_gi oml_gm || [ -n \"$oml_gn\" ]; do");
        s.raw("    case $oml_gn in ''|'#'*) continue ;; esac");
        s.raw("    case $oml_seen in *\" $oml_gi \"*) oml_ok=; break ;; esac");
        s.raw("    oml_seen=\"$oml_seen$oml_gi \"");
        s.raw("    if [ \"$oml_gi\" = \"$oml_pg\" ]; then oml_pn=$oml_gn; continue; fi");
        s.line("    case ,$oml_gm, in *,%q,*) oml_gs=\"$oml_gs $oml_gn\" ;; esac", name);
        s.line("  done < %q", group);
        s.raw("  [ -n \"$oml_ok\" ] && oml_g=${oml_pn:-$oml_pg}$oml_gs");
        s.raw("fi");
        s.line("[ -n \"$oml_g\" ] || oml_g=$(id -Gn %q 2>/dev/null)", name);
        return s.toString();
    }
}
