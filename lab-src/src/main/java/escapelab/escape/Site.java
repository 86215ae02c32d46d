package escapelab.escape;

/**
 * An allocation or a lock in the program's own code, found in its bytecode.
 *
 * @param what       how the source says it: {@code new Point}, {@code new int[8]}, {@code lambda Runnable},
 *                   {@code synchronized (Object)}
 * @param type       the allocated class as a reader names it ({@code Point}, {@code int[]}), or the locked type
 * @param bci        the bytecode index of the {@code new} or {@code monitorenter}; -1 for a synchronized method
 * @param arrayLength the length of an array allocation when it is a constant, else -1
 */
public record Site(String file, int line, int column, Kind kind, String what, String type, MethodRef method, int bci,
                   int arrayLength, boolean array) {
    public enum Kind { ALLOCATION, LOCK }

    /** {@code Demo.java:12:17}, as compilers print positions. */
    public String position() {
        return file + ":" + line + ":" + column;
    }
}
