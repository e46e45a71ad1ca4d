package org.omnileads.deploy.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    static Object convert(ArgType type, Object v) throws BadArgument {
        return Args.convert(new ArgSpec("a", type, false, null, List.of("x", "y"), null, ""), v);
    }

    @Test
    void valuesConvertToTheirTypes() throws Exception {
        assertEquals(0640, convert(ArgType.MODE, "0640"));
        assertEquals(0640, convert(ArgType.MODE, "640"));
        assertEquals(02775, convert(ArgType.MODE, "2775"));
        assertEquals(Boolean.TRUE, convert(ArgType.BOOL, "yes"));
        assertEquals(Boolean.FALSE, convert(ArgType.BOOL, false));
        assertEquals(60, convert(ArgType.INT, "60"));
        assertEquals(60, convert(ArgType.INT, 60L));
        assertEquals(List.of("a"), convert(ArgType.LIST, "a"));
        assertEquals(List.of("1", "2"), convert(ArgType.LIST, List.of(1, 2)));
        assertEquals("y", convert(ArgType.CHOICE, "y"));
        assertEquals("/a b", convert(ArgType.PATH, "/a b"));
    }

    @Test
    void badValuesSayWhy() {
        assertEquals("a: expected octal permission bits such as 0640, got \"0999\"", assertThrows(BadArgument.class, () -> convert(ArgType.MODE, "0999")).getMessage());
        assertEquals("a: expected true or false, got \"maybe\"", assertThrows(BadArgument.class, () -> convert(ArgType.BOOL, "maybe")).getMessage());
        assertEquals("a: \"z\" is not one of x, y", assertThrows(BadArgument.class, () -> convert(ArgType.CHOICE, "z")).getMessage());
        assertEquals("a: \"rel\" is not an absolute path", assertThrows(BadArgument.class, () -> convert(ArgType.PATH, "rel")).getMessage());
        assertThrows(BadArgument.class, () -> convert(ArgType.NAME, "-rf"));
        assertThrows(BadArgument.class, () -> convert(ArgType.NAME, "a b"));
        assertThrows(BadArgument.class, () -> convert(ArgType.NAMES, List.of("ok", "not ok")));
        assertThrows(BadArgument.class, () -> convert(ArgType.SECRET, ""));
        assertThrows(BadArgument.class, () -> convert(ArgType.INT, "ten"));
    }

    @Test
    void everyKindHasDistinctArgumentsAndADocumentedSection() throws Exception {
        String doc = Files.readString(Path.of("docs/roles.md"));
        for (TaskKind k : TaskKinds.all()) {
            Set<String> names = new HashSet<>();
            for (ArgSpec a : k.args()) {
                assertTrue(names.add(a.name()), k.key() + " repeats " + a.name());
                assertTrue(!a.help().isBlank(), k.key() + "." + a.name() + " has no help");
                assertTrue(doc.contains("`" + a.name() + "`"), "docs/roles.md does not mention " + k.key() + "." + a.name());
            }
            assertTrue(doc.contains("### " + k.key()), "docs/roles.md has no section for " + k.key());
        }
    }
}
