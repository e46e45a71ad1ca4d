package org.omnileads.deploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of this build, for {@code --version}, the my_inventory header and the package names.
 *
 * <p>The build (pom.xml, maven-antrun-plugin) records {@code git describe --tags --long --dirty
 * --always --match 'v[0-9]*'}, the commit count and the commit id in
 * {@code oml-deploy-version.properties}; this class turns them into a version:
 * <ul>
 *   <li>on a tag {@code v1.2.3}: {@code 1.2.3};
 *   <li>5 commits after it: {@code 1.2.3-5-gabc1234};
 *   <li>no tag in the history: the pom's version as the next release, {@code 0.1.0-dev.412-gabc1234}
 *       (412 commits in all);
 *   <li>uncommitted changes: {@code -dirty} at the end;
 *   <li>built without git (a source archive): {@code 0.1.0-unknown}.
 * </ul>
 * {@link #debian()} gives the same as a Debian package version, ordered the same way: an untagged
 * build sorts before the release it leads to ({@code 0.1.0~dev.412.gabc1234}), a build after a
 * tag after it ({@code 1.2.3+5.gabc1234}).
 */
public final class Version implements IVersionProvider {
    private static final Pattern TAGGED = Pattern.compile("v(\\d[0-9A-Za-z.]*)-(\\d+)-g([0-9a-f]+)(-dirty)?");
    private static final Pattern UNTAGGED = Pattern.compile("([0-9a-f]{4,40})(-dirty)?");
    private static final Pattern BASE = Pattern.compile("\\d+(\\.\\d+)*");

    /** What the build recorded; each may be empty. */
    record Build(String base, String describe, String count, String commit) {}

    /** One parsed version: the display form, the Debian form and the full commit id (or empty). */
    public record Info(String version, String debian, String commit) {}

    /** picocli makes one for {@code --version}. */
    public Version() {}

    /** This build's version, e.g. {@code 1.2.3} or {@code 0.1.0-dev.412-gabc1234}. */
    public static String current() {
        return info().version();
    }

    public static Info info() {
        return parse(recorded());
    }

    static Build recorded() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/oml-deploy-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // an unreadable resource is a build without a version: "unknown" below
        }
        return new Build(value(p, "base"), value(p, "describe"), value(p, "count"), value(p, "commit"));
    }

    /** A property, or empty where the build had no value (Maven leaves {@code ${...}} unfiltered then). */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.contains("${") ? "" : v;
    }

    static Info parse(Build b) {
        String base = BASE.matcher(b.base()).matches() ? b.base() : "0.0.0";
        String commit = b.commit().matches("[0-9a-f]{40}") ? b.commit() : "";
        Matcher t = TAGGED.matcher(b.describe());
        if (t.matches()) {
            String tag = t.group(1);
            boolean dirty = t.group(4) != null;
            if (t.group(2).equals("0")) {
                return new Info(tag + (dirty ? "-dirty" : ""), tag + (dirty ? "+dirty" : ""), commit);
            }
            String hash = "g" + t.group(3);
            return new Info(tag + "-" + t.group(2) + "-" + hash + (dirty ? "-dirty" : ""),
                    tag + "+" + t.group(2) + "." + hash + (dirty ? ".dirty" : ""), commit);
        }
        Matcher u = UNTAGGED.matcher(b.describe());
        if (u.matches() && b.count().matches("\\d+")) {
            boolean dirty = u.group(2) != null;
            String hash = "g" + u.group(1);
            return new Info(base + "-dev." + b.count() + "-" + hash + (dirty ? "-dirty" : ""),
                    base + "~dev." + b.count() + "." + hash + (dirty ? ".dirty" : ""), commit);
        }
        return new Info(base + "-unknown", base + "~unknown", commit);
    }

    @Override
    public String[] getVersion() {
        Info i = info();
        return new String[] {
            "oml-deploy " + i.version(),
            "commit " + (i.commit().isEmpty() ? "unknown (built without git)" : i.commit()),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.vm.name") + ") in " + System.getProperty("java.home")};
    }

    /**
     * For the packaging scripts: prints the version, or with {@code --debian} the Debian package
     * version. {@code java -cp target/oml-deploy.jar org.omnileads.deploy.cli.Version --debian}
     */
    public static void main(String[] args) {
        Info i = info();
        System.out.println(args.length > 0 && args[0].equals("--debian") ? i.debian() : i.version());
    }
}
