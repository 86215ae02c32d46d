/**
 * Exercise 05: a fixed-size buffer of longs off the Java heap, written with sun.misc.Unsafe. Port
 * it to the FFM API (Arena, MemorySegment) so that misuse fails safely: an index out of range
 * throws IndexOutOfBoundsException, and use after close() throws IllegalStateException. The API
 * stays as it is. The grader misuses it, each time in a JVM of its own.
 */
import java.lang.reflect.Field;
import sun.misc.Unsafe;

public class LongBuffer implements AutoCloseable {
    private static final Unsafe U = unsafe();
    private final long address;

    public LongBuffer(int size) {
        address = U.allocateMemory(8L * size);
    }

    public void put(int index, long value) {
        U.putLong(address + 8L * index, value);
    }

    public long get(int index) {
        return U.getLong(address + 8L * index);
    }

    @Override
    public void close() {
        U.freeMemory(address);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
