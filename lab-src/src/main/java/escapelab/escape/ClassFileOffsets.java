package escapelab.escape;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytecode index of every instruction of every method in a class file. The compilation log
 * names allocations by bytecode index; ASM's tree does not keep offsets, so they are read here
 * from the Code attribute itself. Instructions come in the same order as ASM's real instructions.
 */
final class ClassFileOffsets {
    private ClassFileOffsets() {
    }

    /**
     * For each method, keyed {@code name + descriptor}, the offsets of its instructions in order,
     * followed by the length of its code (one past the last instruction).
     */
    static Map<String, int[]> of(byte[] classFile) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(classFile)));
        } catch (IOException e) {
            throw new UncheckedIOException("not a class file", e);
        }
    }

    private static Map<String, int[]> read(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int cpCount = in.readUnsignedShort();
        String[] utf8 = new String[cpCount];
        for (int i = 1; i < cpCount; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // longs and doubles take two slots
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        Map<String, int[]> result = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String desc = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attr.equals("Code")) {
                    in.skipNBytes(4);
                    byte[] code = new byte[in.readInt()];
                    in.readFully(code);
                    in.skipNBytes(length - 8 - code.length);
                    result.put(name + desc, offsets(code));
                } else {
                    in.skipNBytes(length);
                }
            }
        }
        return result;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt());
        }
    }

    static int[] offsets(byte[] code) {
        List<Integer> pcs = new ArrayList<>();
        int pc = 0;
        while (pc < code.length) {
            pcs.add(pc);
            pc += length(code, pc);
        }
        pcs.add(code.length);
        return pcs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The length of the instruction at pc, per the JVM specification, chapter 6. */
    private static int length(byte[] code, int pc) {
        int op = code[pc] & 0xff;
        if (op == 0xaa || op == 0xab) { // tableswitch, lookupswitch: padded to a 4-byte boundary
            int base = pc + 1 + (3 - (pc % 4));
            if (op == 0xaa) {
                int low = readInt(code, base + 4);
                int high = readInt(code, base + 8);
                return base - pc + 12 + 4 * (high - low + 1);
            }
            return base - pc + 8 + 8 * readInt(code, base + 4);
        }
        if (op == 0xc4) { // wide
            return (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
        }
        if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a) || op == 0xa9
                || op == 0xbc) {
            return 2;
        }
        if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xa8)
                || (op >= 0xb2 && op <= 0xb8) || op == 0xbb || op == 0xbd || op == 0xc0 || op == 0xc1
                || op == 0xc6 || op == 0xc7) {
            return 3;
        }
        if (op == 0xc5) {
            return 4;
        }
        if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) {
            return 5;
        }
        return 1;
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
