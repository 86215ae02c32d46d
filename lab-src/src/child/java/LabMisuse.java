import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import org.openjdk.jol.vm.VM;
import sun.misc.Unsafe;

/**
 * One memory misuse per run, named by the argument: sun.misc.Unsafe writing past an object, at
 * an odd address, after free, from another thread, and the same buffer code with the FFM API.
 * A throwable is printed as {@code @@threw}; escapelab.unsafe.JavaScenarios reads the output and
 * the hs_err file of a crash. Runs on the lab's own JDK (FFM is final since JDK 22) with JOL.
 */
public class LabMisuse {
    static final class Victim { long a = 1111; long b = 2222; }

    static Unsafe unsafe() throws Exception {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return (Unsafe) f.get(null);
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args[0]);
        } catch (Throwable t) {
            System.out.println("@@threw " + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    @SuppressWarnings("deprecation") // objectFieldOffset, deprecated since JDK 18: misusing Unsafe is the point
    static void run(String scenario) throws Exception {
        switch (scenario) {
            case "unsafe-small-overrun" -> {
                Unsafe u = unsafe();
                VM.current(); // JOL and class loading allocate as they start; the two objects below come after,
                new Victim();  // side by side in this thread's allocation buffer
                long[] first = new long[2];
                Victim second = new Victim();
                long gap = VM.current().addressOf(second) - VM.current().addressOf(first);
                long field = u.objectFieldOffset(Victim.class.getDeclaredField("a"));
                System.out.println("first (long[2]) at 0x" + Long.toHexString(VM.current().addressOf(first))
                        + ", second (Victim) at 0x" + Long.toHexString(VM.current().addressOf(second)) + ", " + gap + " bytes apart");
                System.out.println("before: second.a = " + second.a + ", second.b = " + second.b);
                u.putLong(first, gap + field, 0x4141414141414141L); // past the end of first, into second
                System.out.println("wrote 8 bytes at offset " + (gap + field) + " of a " + VM.current().sizeOf(first) + "-byte array");
                System.out.println("after:  second.a = " + second.a + ", second.b = " + second.b);
            }
            case "unsafe-large-overrun" -> {
                Unsafe u = unsafe();
                long[] first = new long[2];
                System.out.println("writing 8 bytes 64 GB past a " + VM.current().sizeOf(first) + "-byte array");
                u.putLong(first, 64L << 30, 42L);
                System.out.println("still running");
            }
            case "unsafe-misaligned" -> {
                Unsafe u = unsafe();
                long address = u.allocateMemory(16);
                u.putLong(address + 1, 42L);
                System.out.println("read a long at an odd address: " + u.getLong(address + 1));
                u.freeMemory(address);
            }
            case "unsafe-use-after-free" -> {
                Unsafe u = unsafe();
                long address = u.allocateMemory(16);
                u.putLong(address, 42L);
                u.freeMemory(address);
                System.out.println("read after freeMemory: " + u.getLong(address));
            }
            case "unsafe-other-thread" -> {
                Unsafe u = unsafe();
                long address = u.allocateMemory(16);
                Thread t = new Thread(() -> u.putLong(address, 7L));
                t.start();
                t.join();
                System.out.println("another thread wrote, nothing checked: " + u.getLong(address));
                u.freeMemory(address);
            }
            case "memory-access" -> {
                Unsafe u = unsafe();
                long offset = u.objectFieldOffset(Victim.class.getDeclaredField("a"));
                System.out.println("Unsafe.getLong read " + u.getLong(new Victim(), offset));
            }
            case "ffm-out-of-bounds" -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(16, 8);
                    buf.set(ValueLayout.JAVA_LONG, 16, 42L);
                }
            }
            case "ffm-far-out-of-bounds" -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(16, 8);
                    buf.set(ValueLayout.JAVA_LONG, 64L << 30, 42L);
                }
            }
            case "ffm-misaligned" -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(16, 8);
                    buf.set(ValueLayout.JAVA_LONG, 1, 42L);
                }
            }
            case "ffm-use-after-close" -> {
                MemorySegment buf;
                try (Arena arena = Arena.ofConfined()) {
                    buf = arena.allocate(16, 8);
                }
                System.out.println(buf.get(ValueLayout.JAVA_LONG, 0));
            }
            case "ffm-other-thread" -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(16, 8);
                    Throwable[] failed = new Throwable[1];
                    Thread t = new Thread(() -> {
                        try { buf.set(ValueLayout.JAVA_LONG, 0, 7L); } catch (Throwable e) { failed[0] = e; }
                    });
                    t.start();
                    t.join();
                    if (failed[0] != null) { throw failed[0] instanceof Exception e ? e : new RuntimeException(failed[0]); }
                }
            }
            default -> throw new IllegalArgumentException(scenario);
        }
    }
}
