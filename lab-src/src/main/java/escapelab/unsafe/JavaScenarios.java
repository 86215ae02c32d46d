package escapelab.unsafe;

import escapelab.Lab;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.SourceCompiler;
import escapelab.jvm.TempDirs;
import escapelab.layout.Layouts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Java's memory misuses, each in a JVM of its own with a time and memory limit and a scratch
 * folder that is removed afterwards: sun.misc.Unsafe writing past an object (a little: silent
 * corruption; a lot: a crash, captured with the top of its hs_err file), Unsafe's memory-access
 * modes on JDK 25, and the same buffer code with the FFM API, whose every misuse throws.
 */
public final class JavaScenarios {
    /**
     * @param outcome completed, threw, crashed, timed-out
     * @param crash   the hs_err summary (signal line, problematic frame) when the JVM crashed, else ""
     */
    public record Run(String scenario, List<String> jvmArgs, String outcome, int exitCode, String output, String crash) {
    }

    public static final List<String> UNSAFE = List.of("unsafe-small-overrun", "unsafe-large-overrun", "unsafe-misaligned",
            "unsafe-use-after-free", "unsafe-other-thread");
    public static final List<String> FFM = List.of("ffm-out-of-bounds", "ffm-misaligned", "ffm-use-after-close", "ffm-other-thread");
    public static final List<String> MEMORY_ACCESS_MODES = List.of("allow", "warn", "debug", "deny");
    /** Pass as a JVM argument to run with no --sun-misc-unsafe-memory-access flag at all: the JDK's own default. */
    public static final String JDK_DEFAULT = "(the JDK's default)";

    private JavaScenarios() {
    }

    /** One scenario; extra JVM flags such as --sun-misc-unsafe-memory-access=deny. */
    public static Run run(String scenario, String... jvmArgs) {
        Path dir = TempDirs.create("escape-lab-unsafe-");
        try {
            SourceCompiler.compile(List.of(new SourceCompiler.Source("LabMisuse.java", SOURCE)), Lab.jdk().feature(), Layouts.jolClassPath())
                    .writeTo(dir.resolve("classes"));
            List<String> cmd = new ArrayList<>(List.of(Lab.jdk().java().toString(), "-Xmx128m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                    "-XX:-CreateCoredumpOnCrash", "-Djol.magicFieldOffset=true", "-Djdk.attach.allowAttachSelf=true",
                    "-XX:+EnableDynamicAgentLoading"));
            if (Stream.of(jvmArgs).noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access") || a.equals(JDK_DEFAULT))) {
                cmd.add("--sun-misc-unsafe-memory-access=allow"); // the scenarios are about memory, not about the warning
            }
            Stream.of(jvmArgs).filter(a -> !a.equals(JDK_DEFAULT)).forEach(cmd::add);
            List<String> cp = new ArrayList<>(List.of(dir.resolve("classes").toString()));
            Layouts.jolClassPath().forEach(p -> cp.add(p.toString()));
            cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), "LabMisuse", scenario));
            ChildProcess.Result r = ChildProcess.of(cmd).directory(dir).timeLimit(Duration.ofSeconds(60)).run();
            String crash = hsErr(dir);
            String outcome = r.timedOut() ? "timed-out" : !crash.isEmpty() ? "crashed"
                    : r.stdout().contains("@@threw ") ? "threw" : r.ok() ? "completed" : "failed";
            String output = r.output().lines().filter(l -> !l.startsWith("#") || crash.isEmpty())
                    .map(l -> l.replace("@@threw ", "threw ")).reduce("", (a, l) -> a + l + "\n").strip();
            return new Run(scenario, List.of(jvmArgs), outcome, r.exitCode(), output, crash);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The signal line and the problematic frame, the first thing anyone reads in an hs_err file. */
    private static String hsErr(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Path err = files.filter(p -> p.getFileName().toString().startsWith("hs_err")).findFirst().orElse(null);
            if (err == null) {
                return "";
            }
            List<String> lines = Files.readAllLines(err);
            List<String> top = new ArrayList<>();
            for (int i = 0; i < lines.size() && top.size() < 6; i++) {
                String l = lines.get(i);
                if (l.startsWith("#  SIGSEGV") || l.startsWith("#  SIGBUS") || l.startsWith("#  Internal Error")
                        || l.startsWith("# Problematic frame:") || (i > 0 && lines.get(i - 1).startsWith("# Problematic frame:"))
                        || l.startsWith("# JRE version")) {
                    top.add(l.substring(1).strip());
                }
            }
            return String.join("\n", top);
        } catch (IOException e) {
            return "";
        }
    }

    private static final String SOURCE = """
            import java.lang.foreign.Arena;
            import java.lang.foreign.MemorySegment;
            import java.lang.foreign.ValueLayout;
            import java.lang.reflect.Field;
            import org.openjdk.jol.vm.VM;
            import sun.misc.Unsafe;

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
            """;
}
