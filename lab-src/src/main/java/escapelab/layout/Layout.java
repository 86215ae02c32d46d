package escapelab.layout;

import java.util.List;

/**
 * A class's layout in one mode on one JDK, as JOL reported it, or the reason there is none.
 *
 * @param label    what the column says: the mode, and the JDK when it is not the lab's
 * @param declared the instance fields in declaration order (superclass first), for comparing with Go
 * @param error    null when the layout is there
 * @param warning  the JVM's own warnings about the mode's flags, as it printed them ("... VM warning: ..."), or null
 */
public record Layout(String label, Mode mode, String jdk, String className, long instanceSize, int headerSize,
                     long lossesInternal, long lossesExternal, List<Field> fields, List<Field> declared, String error,
                     String warning) {

    /** One field: offset and size in bytes; type as Java names it; host is the class that declares it. */
    public record Field(String name, String type, long offset, long size, String host) {
    }

    public static Layout failed(String label, Mode mode, String jdk, String className, String error) {
        return new Layout(label, mode, jdk, className, 0, 0, 0, 0, List.of(), List.of(), error, null);
    }

    public boolean ok() {
        return error == null;
    }

    /** Bytes that hold nothing: gaps between fields and the tail up to the 8-byte alignment. */
    public long padding() {
        return lossesInternal + lossesExternal;
    }
}
