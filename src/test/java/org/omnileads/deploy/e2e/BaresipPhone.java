package org.omnileads.deploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real SIP phone (Debian's baresip, on the workstation) that registers an agent through
 * Kamailio with ephemeral credentials, the way Kamailio's auth_ephemeral checks them (module
 * defaults, as the release's kamailio.cfg uses it): user name {@code EXPIRY:USER}, password
 * {@code base64(HMAC-SHA1(secret, user name))}. The credentials travel in a 0600 file of a 0700
 * folder, never in an argument list.
 */
final class BaresipPhone {
    private BaresipPhone() {}

    /** The ephemeral user name and password for {@code user}, valid {@code ttlSeconds} from now. */
    static String[] credentials(String secret, String user, long ttlSeconds) throws GeneralSecurityException {
        String name = (System.currentTimeMillis() / 1000 + ttlSeconds) + ":" + user;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return new String[] {name, Base64.getEncoder().encodeToString(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)))};
    }

    /**
     * Registers {@code user} at {@code kamailio}:5060 over UDP with these credentials and returns
     * what baresip printed (a line "USER@HOST: ... 200 OK ..." on success, "401 Unauthorized" on refusal).
     */
    static String register(String kamailio, String user, String authUser, String authPass) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("oml-baresip", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.writeString(dir.resolve("config"), String.join("\n",
                    "module_path /usr/lib/baresip/modules", "sip_listen 0.0.0.0:0", "audio_player nil", "audio_source nil",
                    "audio_alert nil", "module g711.so", "module_app account.so", ""));
            Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@" + kamailio + ";transport=udp>;auth_user=" + authUser
                    + ";auth_pass=" + authPass + ";regint=300\n");
            Files.setPosixFilePermissions(dir.resolve("accounts"), PosixFilePermissions.fromString("rw-------"));
            Process p = new ProcessBuilder("baresip", "-f", dir.toString(), "-t", "6").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
