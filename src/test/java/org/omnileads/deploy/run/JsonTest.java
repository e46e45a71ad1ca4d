package org.omnileads.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void escapesQuotesBackslashesAndControls() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\"", Json.quote("a\"b\\c\n\r\t\b\f\u0001\u001f\u007f"));
        assertEquals("\"\\u2028\\u2029\"", Json.quote("\u2028\u2029"));
        assertEquals("\"é😀\"", Json.quote("é😀"));
        assertEquals("\"\\ud800x\"", Json.quote("\ud800x"), "a lone surrogate is escaped, not emitted as broken UTF-16");
    }

    @Test
    void writesNestedValuesAndReadsThemBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "line1\nline2");
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("b", true);
        m.put("nothing", null);
        m.put("list", List.of("x", 1L, false));
        m.put("map", Map.of("k", "v"));
        String text = Json.write(m);
        assertEquals("{\"s\":\"line1\\nline2\",\"n\":42,\"d\":1.5,\"b\":true,\"nothing\":null,\"list\":[\"x\",1,false],\"map\":{\"k\":\"v\"}}", text);
        assertEquals(m, Json.parse(text));
    }

    @Test
    void readsWhitespaceEscapesAndNumbers() {
        assertEquals(Map.of("a", List.of(-1L, 2.5e3, "\u00e9/\"")), Json.parse(" { \"a\" : [ -1 , 2.5E3 , \"\\u00e9\\/\\\"\" ] } "));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "\"unterminated", "tru", "01", "{\"a\":1} x", "\"\u0001\"", "\"\\x\"")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }

    @Property
    void everyStringSurvivesARoundTripOnOneLine(@ForAll String s) {
        String text = Json.write(List.of(s));
        assertFalse(text.chars().anyMatch(c -> c < 0x20), "no raw control character in " + text);
        Object back = ((List<?>) Json.parse(text)).get(0);
        assertEquals(s, back);
    }

    @Property
    void arbitraryCharactersSurvive(@ForAll char[] chars) {
        String s = new String(chars);
        assertEquals(s, Json.parse(Json.write(s)), Arrays.toString(chars));
    }
}
