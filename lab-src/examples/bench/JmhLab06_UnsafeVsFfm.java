// The same loop over 1024 longs of off-heap memory, read with sun.misc.Unsafe and with the FFM
// API's MemorySegment. Unsafe checks nothing; the segment checks bounds and that its arena is still
// open on every read. Its arena is shared, and a shared arena has no owner thread, so no read checks
// the thread (MemorySessionImpl.checkValidStateRaw); a confined arena's segment would.
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import org.openjdk.jmh.annotations.*;
import sun.misc.Unsafe;

@State(Scope.Thread)
public class JmhLab06_UnsafeVsFfm {
    static final int N = 1024;
    static final Unsafe U = unsafe();

    long address;
    Arena arena;
    MemorySegment segment;

    static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Setup
    public void setup() {
        address = U.allocateMemory(8L * N);
        arena = Arena.ofShared();
        segment = arena.allocate(8L * N, 8);
        for (int i = 0; i < N; i++) {
            U.putLong(address + 8L * i, i);
            segment.setAtIndex(ValueLayout.JAVA_LONG, i, i);
        }
    }

    @TearDown
    public void tearDown() {
        U.freeMemory(address);
        arena.close();
    }

    @Benchmark
    public long unsafeSum() {
        long s = 0;
        for (int i = 0; i < N; i++) {
            s += U.getLong(address + 8L * i);
        }
        return s;
    }

    @Benchmark
    public long ffmSum() {
        long s = 0;
        for (int i = 0; i < N; i++) {
            s += segment.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return s;
    }
}
