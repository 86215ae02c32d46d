/**
 * Exercise 05: a fixed-size buffer of longs off the Java heap, written with sun.misc.Unsafe. Port
 * it to the FFM API (Arena, MemorySegment) so that misuse fails safely: an index out of range
 * throws IndexOutOfBoundsException, and use after close() throws IllegalStateException. The API
 * stays as it is. The grader misuses it, each time in a JVM of its own.
 */
// BEGIN SOLUTION
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

public class LongBuffer implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory;

    public LongBuffer(int size) {
        memory = arena.allocate(ValueLayout.JAVA_LONG, size);
    }

    public void put(int index, long value) {
        memory.setAtIndex(ValueLayout.JAVA_LONG, index, value);
    }

    public long get(int index) {
        return memory.getAtIndex(ValueLayout.JAVA_LONG, index);
    }

    @Override
    public void close() {
        arena.close();
    }
}
// END SOLUTION
// STUB: import java.lang.reflect.Field;
// STUB: import sun.misc.Unsafe;
// STUB:
// STUB: public class LongBuffer implements AutoCloseable {
// STUB:     private static final Unsafe U = unsafe();
// STUB:     private final long address;
// STUB:
// STUB:     public LongBuffer(int size) {
// STUB:         address = U.allocateMemory(8L * size);
// STUB:     }
// STUB:
// STUB:     public void put(int index, long value) {
// STUB:         U.putLong(address + 8L * index, value);
// STUB:     }
// STUB:
// STUB:     public long get(int index) {
// STUB:         return U.getLong(address + 8L * index);
// STUB:     }
// STUB:
// STUB:     @Override
// STUB:     public void close() {
// STUB:         U.freeMemory(address);
// STUB:     }
// STUB:
// STUB:     private static Unsafe unsafe() {
// STUB:         try {
// STUB:             Field f = Unsafe.class.getDeclaredField("theUnsafe");
// STUB:             f.setAccessible(true);
// STUB:             return (Unsafe) f.get(null);
// STUB:         } catch (ReflectiveOperationException e) {
// STUB:             throw new IllegalStateException(e);
// STUB:         }
// STUB:     }
// STUB: }
