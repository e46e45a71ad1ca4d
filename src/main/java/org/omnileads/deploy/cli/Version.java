package org.omnileads.deploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version from the build, for {@code --version} and the my_inventory header. */
public final class Version implements IVersionProvider {
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/oml-deploy-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"oml-deploy " + current(), "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
