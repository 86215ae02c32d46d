package escapelab.claims;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Just enough of the ELF format to tell a static binary from a dynamic one: a PT_INTERP program header. */
final class Elf {
    private static final int PT_INTERP = 3;

    private Elf() {
    }

    /** The program interpreter (dynamic loader) a 64-bit little-endian ELF file names, or "" when it names none. */
    static String interpreter(Path file) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0x464c457f || b.get(4) != 2) {
                throw new IllegalArgumentException(file + " is not a 64-bit ELF file");
            }
            long phoff = b.getLong(0x20);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            for (int i = 0; i < phnum; i++) {
                int h = (int) phoff + i * phentsize;
                if (b.getInt(h) == PT_INTERP) {
                    int offset = (int) b.getLong(h + 8);
                    int size = (int) b.getLong(h + 32);
                    byte[] name = new byte[Math.max(0, size - 1)]; // without the trailing NUL
                    b.get(offset, name);
                    return new String(name, java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
            return "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
