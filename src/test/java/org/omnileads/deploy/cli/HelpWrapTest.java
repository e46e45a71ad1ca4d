package org.omnileads.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help wraps at word boundaries to the width, for every command, and says every word it says unwrapped. */
class HelpWrapTest {
    /** Every command of the tree, hidden ones included. */
    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        for (CommandLine sub : cl.getSubcommands().values()) out.addAll(all(sub));
        return out;
    }

    private static List<String> words(String text) { return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList(); }

    @ParameterizedTest
    @ValueSource(ints = {40, 60, 80, 120})
    void everyCommandsHelpFitsAndKeepsEveryWordWhole(int width) {
        List<CommandLine> wrapped = all(Main.commandLine());
        List<CommandLine> unwrapped = all(Main.commandLine());
        for (int i = 0; i < wrapped.size(); i++) {
            String help = HelpWrap.usage(wrapped.get(i), width);
            String flat = HelpWrap.usage(unwrapped.get(i), 100_000);
            String name = wrapped.get(i).getCommandSpec().qualifiedName();
            assertEquals(words(flat), words(help), name + ": no word is broken, lost or added at " + width + " columns");
            for (String line : help.split("\n")) {
                boolean oneWord = !line.strip().contains(" ");
                assertTrue(line.length() <= width || oneWord, name + " at " + width + ": a line of " + line.length() + ":\n" + line);
            }
        }
    }

    @Test
    void aPathIsNeverCutAndContinuationLinesHangUnderTheText() {
        String row = "  -I, --inventory=FILE       Inventory to use (default: ./inventory, else ./my_inventory when only that exists).";
        List<String> lines = HelpWrap.wrapLine(row, 70);
        assertEquals(List.of("  -I, --inventory=FILE       Inventory to use (default: ./inventory,",
                " ".repeat(31) + "else ./my_inventory when only that",
                " ".repeat(31) + "exists)."), lines);
        // Narrower, the text column would leave too little room: the names alone, then the text below them.
        assertEquals(List.of("  -I, --inventory=FILE",
                "      Inventory to use (default: ./inventory, else",
                "      ./my_inventory when only that exists)."), HelpWrap.wrapLine(row, 60));
        assertFalse(String.join("\n", lines).contains(". /my_inventory"));
    }

    @Test
    void anOptionWhoseNamesFillTheirColumnHangsUnderItsText() {
        String row = "      --accept-new-host-keys Record the key of a host never seen before without asking (like OpenSSH's accept-new).";
        assertEquals(List.of("      --accept-new-host-keys Record the key of a host never seen before without",
                " ".repeat(31) + "asking (like OpenSSH's accept-new)."), HelpWrap.wrapLine(row, 80));
    }

    @Test
    void aWordLongerThanTheLineStaysWhole() {
        String word = "x".repeat(50);
        assertEquals(List.of("see", word, "end"), HelpWrap.wrapLine("see " + word + " end", 30));
    }
}
