package org.omnileads.deploy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Help text wrapped at word boundaries only. picocli breaks lines where {@link java.text.BreakIterator}
 * allows, which includes the inside of paths ({@code ./my_inventory} became {@code .} and
 * {@code /my_inventory}). So picocli lays the help out without a width limit and each line is
 * wrapped here, at spaces, to the terminal's width: continuation lines hang under the text
 * column of their row (an option's description, a command's summary, an example's comment).
 * A single word longer than the width stays whole.
 */
final class HelpWrap {
    /** picocli lays out this wide, so it never wraps. */
    static final int UNLIMITED = 10_000;
    /** Help wider than this is hard to read, even on a wide terminal. */
    static final int MAX = 120;
    /** A terminal narrower than this still gets help this wide (picocli's own minimum is 55). */
    static final int MIN = 40;

    private HelpWrap() {}

    /** Makes every command of the tree render its help wrapped to the terminal's width (asked once, when help is shown). */
    static void install(CommandLine cl) {
        int[] width = {0};
        install(cl, () -> {
            if (width[0] == 0) width[0] = TerminalSize.columns();
            return width[0];
        });
    }

    /** Makes every command of the tree render its help wrapped to {@code width} columns (kept from {@link #MIN} to {@link #MAX}). */
    static void install(CommandLine cl, java.util.function.IntSupplier width) {
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(UNLIMITED);
        wrapSections(cl, () -> Math.max(MIN, Math.min(MAX, width.getAsInt())));
    }

    private static void wrapSections(CommandLine cl, java.util.function.IntSupplier width) {
        Map<String, IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        for (Map.Entry<String, IHelpSectionRenderer> e : sections.entrySet()) {
            IHelpSectionRenderer original = e.getValue();
            if (e.getKey().equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                // The synopsis follows its heading ("Usage: ") on the same line: wrapped with it, continued under the options.
                e.setValue(help -> {
                    String heading = help.synopsisHeading();
                    return wrap(heading + original.render(help), width.getAsInt()).substring(heading.length());
                });
            } else {
                e.setValue(help -> wrap(original.render(help), width.getAsInt()));
            }
        }
        cl.setHelpSectionMap(sections);
        for (CommandLine sub : cl.getSubcommands().values()) wrapSections(sub, width);
    }

    /** Wraps each line of {@code text} longer than {@code width} at spaces. */
    static String wrap(String text, int width) {
        if (text == null || text.isEmpty()) return text;
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            out.append(lines[i].length() <= width ? lines[i] : String.join("\n", wrapLine(stripEnd(lines[i]), width)));
        }
        return out.toString();
    }

    static List<String> wrapLine(String line, int width) {
        List<String> out = new ArrayList<>();
        if (line.length() <= width) {
            out.add(line);
            return out;
        }
        int hang = hangingIndent(line, width);
        int lead = leading(line);
        int gap = line.indexOf("  ", lead);
        if (hang > width / 2 && gap > lead && gap <= width) {
            // A row whose text column is too far right for this width: its names alone, then the text below, indented.
            out.add(line.substring(0, gap));
            out.addAll(wrapLine(" ".repeat(lead + 4) + line.substring(gap).strip(), width));
            return out;
        }
        hang = Math.min(hang, width / 2);
        String rest = line;
        boolean first = true;
        while (rest.length() > width) {
            int start = first ? leading(rest) : hang;
            int cut = rest.lastIndexOf(' ', width);
            while (cut > start && rest.charAt(cut - 1) == ' ') cut--;
            if (cut <= start) {
                // One word longer than the line: kept whole, the break comes after it.
                int next = rest.indexOf(' ', start);
                if (next < 0) break;
                cut = next;
            }
            out.add(stripEnd(rest.substring(0, cut)));
            String tail = rest.substring(cut).stripLeading();
            if (tail.isEmpty()) {
                rest = "";
                break;
            }
            rest = " ".repeat(hang) + tail;
            first = false;
        }
        if (!rest.isEmpty()) out.add(rest);
        return out;
    }

    /**
     * Where continuation lines start: under the text column of a row ("  -i, --install    Install ...":
     * after the last run of two or more spaces), under the options of a usage line, or under the line's own
     * first character; never so far right that less than half the width is left.
     */
    static int hangingIndent(String line, int width) {
        int lead = leading(line);
        int hang = lead;
        if (line.startsWith("Usage: ")) {
            int sp = line.indexOf(' ', "Usage: ".length());
            if (sp > 0) hang = sp + 1;
        } else {
            int gap = line.indexOf("  ", lead);
            // An option whose names fill their column exactly: its text starts after the single space that follows them.
            if (gap < 0 && line.charAt(lead) == '-' && line.indexOf(' ', lead) > 0) gap = line.indexOf(' ', lead);
            if (gap > 0 && gap < width) {
                int text = gap;
                while (text < line.length() && line.charAt(text) == ' ') text++;
                if (text < line.length()) hang = text + (line.charAt(lead) == '-' ? 2 : 0);
            }
        }
        return hang;
    }

    private static int leading(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    private static String stripEnd(String s) { return s.stripTrailing(); }

    /** For tests: the help of {@code cl} as it would be printed at {@code width} columns. */
    static String usage(CommandLine cl, int width) {
        install(cl, () -> width);
        return cl.getUsageMessage(Help.Ansi.OFF);
    }
}
