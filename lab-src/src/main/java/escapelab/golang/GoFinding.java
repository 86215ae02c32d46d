package escapelab.golang;

import java.util.List;

/**
 * One line of the Go compiler's -m output, parsed: position, message and what kind of finding it
 * is. With -m=2 the compiler explains an escape in indented lines under a header line; those
 * lines, header first, are the finding's {@code explanation}, verbatim.
 */
public record GoFinding(String file, int line, int column, String message, String kind, List<String> explanation) {
    public static final String MOVED_TO_HEAP = "moved-to-heap";
    public static final String ESCAPES_TO_HEAP = "escapes-to-heap";
    public static final String DOES_NOT_ESCAPE = "does-not-escape";
    public static final String LEAKING_PARAM = "leaking-param";
    public static final String INLINE_CAN = "inline-can";
    public static final String INLINE_CALL = "inline-call";
    public static final String INLINE_CANNOT = "inline-cannot";
    public static final String OTHER = "other";

    /** {@code file.go:12:7}, as the compiler prints it. */
    public String position() {
        return file + ":" + line + ":" + column;
    }

    /** Whether the finding puts something on the heap. */
    public boolean heap() {
        return kind.equals(MOVED_TO_HEAP) || kind.equals(ESCAPES_TO_HEAP);
    }
}
