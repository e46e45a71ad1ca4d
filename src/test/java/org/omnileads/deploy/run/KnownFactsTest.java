package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a session keeper keeps of a host's facts between runs: written and read back whole, bounded, never trusted when broken. */
class KnownFactsTest {
    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void contentsAndOutputsComeBackFromTheirBytes() {
        KnownFacts k = new KnownFacts();
        k.content("/etc/a", b64("x=1\n"));
        String big = "y".repeat(70_000);
        k.output("dpkg-query ... less", Map.of("/var/lib/dpkg/status", "type=regular file\nino=7\n"), "dpkg=ii \tless\t590-2\n" + big);
        KnownFacts back = KnownFacts.read(k.bytes());
        assertEquals(Map.of("/etc/a", sha("x=1\n")), back.shas());
        assertEquals(Map.of("/etc/a", b64("x=1\n")), back.base64s());
        assertEquals("dpkg=ii \tless\t590-2\n" + big, back.output("dpkg-query ... less").output(), "outputs longer than 64 KiB too");
        assertEquals(Map.of("/var/lib/dpkg/status", "type=regular file\nino=7\n"), back.output("dpkg-query ... less").stats());
    }

    @Test
    void brokenOrForeignBytesMeanNothingKnown() {
        assertTrue(KnownFacts.read(null).isEmpty());
        assertTrue(KnownFacts.read(new byte[0]).isEmpty());
        assertTrue(KnownFacts.read(new byte[] {0, 0, 0, 9, 1, 2}).isEmpty(), "another format");
        KnownFacts one = new KnownFacts();
        one.content("/etc/a", b64("a"));
        byte[] good = one.bytes();
        assertTrue(KnownFacts.read(java.util.Arrays.copyOf(good, good.length - 3)).isEmpty(), "cut short");
    }

    @Test
    void aContentIsKnownByTheHashOfItsBytesAndBadBase64IsForgotten() {
        KnownFacts k = new KnownFacts();
        k.content("/etc/a", b64("hello"));
        assertEquals(sha("hello"), k.shas().get("/etc/a"));
        k.content("/etc/a", "not base64 !!");
        assertNull(k.shas().get("/etc/a"));
    }

    @Test
    void itHoldsABoundedNumberOfEntriesTheOldestGoingFirst() {
        KnownFacts k = new KnownFacts();
        for (int i = 0; i < KnownFacts.MAX_CONTENTS + 5; i++) k.content("/f" + i, b64("c" + i));
        assertEquals(KnownFacts.MAX_CONTENTS, k.shas().size());
        assertNull(k.shas().get("/f0"));
        assertTrue(k.shas().containsKey("/f" + (KnownFacts.MAX_CONTENTS + 4)));
        for (int i = 0; i < KnownFacts.MAX_OUTPUTS + 2; i++) k.output("probe " + i, Map.of(), "out");
        assertNull(k.output("probe 0"));
        assertEquals("out", k.output("probe " + (KnownFacts.MAX_OUTPUTS + 1)).output());
    }

    @Test
    void theStatLinesOfEveryFactsFileOrNothing() {
        Map<String, String> seen = Map.of("/a", "type=absent\n", "/b", "type=directory\n");
        assertEquals(Map.of("/a", "type=absent\n", "/b", "type=directory\n"), KnownFacts.statsOf(List.of("/a", "/b"), seen));
        assertNull(KnownFacts.statsOf(List.of("/a", "/c"), seen), "a file the section did not stat: nothing to compare with");
    }

    private static String sha(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
