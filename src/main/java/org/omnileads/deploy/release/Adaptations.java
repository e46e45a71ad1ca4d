package org.omnileads.deploy.release;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployer's documented changes to a release's rendered files where the release needs
 * something this stack lacks (a CentOS driver path, a third-party Asterisk function, a binding
 * wider than this stack allows). They are data of the role ({@code release_adaptations} in
 * {@code roles/asterisk/defaults.yaml}), listed in docs/release-telephony.md, and applied to
 * the rendered bytes: the release itself is never edited.
 *
 * <p>Each is a map: {@code file} (a glob on the destination's file name), {@code find} (a regular
 * expression, multi-line: {@code ^} and {@code $} are line ends), {@code replace} (the text,
 * {@code $1} for groups), {@code why}.
 */
final class Adaptations {
    private Adaptations() {}

    static byte[] apply(List<Map<String, Object>> adaptations, String dest, byte[] bytes) {
        String name = dest.substring(dest.lastIndexOf('/') + 1);
        String text = null;
        for (Map<String, Object> a : adaptations) {
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + a.get("file"));
            if (!glob.matches(Path.of(name))) continue;
            if (text == null) text = new String(bytes, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile(String.valueOf(a.get("find")), Pattern.MULTILINE).matcher(text);
            text = m.replaceAll(String.valueOf(a.getOrDefault("replace", "")));
        }
        return text == null ? bytes : text.getBytes(StandardCharsets.UTF_8);
    }
}
