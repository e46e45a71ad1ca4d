package org.omnileads.deploy.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the user names on the command line, looked at before it is opened: only a regular file
 * of a bounded size is read. A device ({@code /dev/zero}), a FIFO or a socket is refused by its
 * type without opening it (opening a FIFO blocks until someone writes; a device never ends), a
 * huge file by its size (reading it would exhaust memory), so no input hangs the tool or ends
 * it with an out-of-memory trace.
 */
public final class InputFile {
    private InputFile() {}

    /**
     * Why {@code file} cannot be read as a regular file of at most {@code maxBytes} (a verb phrase: the end of a
     * sentence starting with the file's name), or null when it can.
     *
     * @param allowEmpty whether an empty file is acceptable
     */
    public static String problem(Path file, long maxBytes, boolean allowEmpty) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "does not exist";
        } catch (IOException | SecurityException e) {
            return "cannot be looked at (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
        if (a.isDirectory()) return "is a directory; a file is needed here";
        if (!a.isRegularFile()) return "is not a regular file (a device, a FIFO or a socket); it is not read";
        if (a.size() > maxBytes) return "is " + a.size() + " bytes; at most " + maxBytes + " are read from such a file";
        if (a.size() == 0 && !allowEmpty) return "is empty";
        return null;
    }

    /**
     * Reads a regular file of at most {@code maxBytes}; a file that grows past the limit while
     * read is refused too.
     *
     * @throws IOException with a message naming the file and the problem
     */
    public static byte[] read(Path file, long maxBytes, boolean allowEmpty) throws IOException {
        String why = problem(file, maxBytes, allowEmpty);
        if (why != null) throw new IOException(file + ": " + why);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) throw new IOException(file + ": grew past " + maxBytes + " bytes while read; it is not used");
        return bytes;
    }
}
