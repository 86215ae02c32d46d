// An object that escapes on one branch only, and that branch really runs (1 call in 100 while warming up).
//
// C2's escape analysis gives each allocation one state for the whole compiled method: the store to
// `sink` makes the Point GlobalEscape, so C2 keeps the allocation on every path. Graal's partial
// escape analysis follows each path: the Point stays virtual (scalar-replaced) on the common path and
// is materialized only where it escapes. Bytes per call on each branch show the difference.
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

public class RareEscape {
    record Point(int x, int y) {}

    static Object sink;

    static int work(int i, boolean rare) {
        Point p = new Point(i, i + 1);
        if (rare) {
            sink = p;
        }
        return p.x() + p.y();
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated by n calls on one branch; the loop is what the JIT compiles, with work inlined. */
    static long measure(int n, boolean rare) {
        long sum = 0;
        long before = allocated();
        for (int i = 0; i < n; i++) {
            sum += work(i, rare);
        }
        long bytes = allocated() - before;
        return sum == 42 ? -1 : bytes;
    }

    /**
     * The compile id of the JIT's code for measure now in use, compiled at level 4 (C2, or the JVMCI
     * compiler in its place) for calls rather than for a loop already running (on-stack replacement);
     * null when there is none, as before the JIT compiled it or after it threw the code away
     * (deoptimized it). The JIT's log names the compiles (CompileTask::print_impl: id, then '%' for
     * on-stack replacement, then the level); the code cache's list (the Compiler.codelist command,
     * CodeCache::print_codelist) says whether a compile's code is in use (state 0).
     */
    static String measureCode(Path jitLog) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Stream<String> lines = Files.lines(jitLog)) {
            lines.map(COMPILE::matcher).filter(Matcher::find).forEach(m -> ids.add(m.group(1)));
        }
        if (ids.isEmpty()) {
            return null;
        }
        String codeList = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist",
                new Object[] {null}, new String[] {String[].class.getName()});
        return codeList.lines().map(l -> l.split(" ")).filter(f -> f.length > 3 && ids.contains(f[0])
                && f[1].equals("4") && f[2].equals("0") && f[3].startsWith("RareEscape.measure(")).map(f -> f[0])
                .findFirst().orElse(null);
    }

    private static final Pattern COMPILE = Pattern.compile("^\\s*(\\d+) [^%]....\\s+4\\s+RareEscape::measure \\(");

    public static void main(String[] args) throws Exception {
        double maxSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        Path jitLog = args.length > 1 ? Path.of(args[1]) : null;
        long start = System.nanoTime();
        int n = 1_000_000;
        // The JIT compiles in the background (no -Xbatch: with Graal loaded from class files, a blocking
        // compilation can wait on Graal's own start-up). So warm in rounds, each with many short calls and
        // one branch in a hundred rare, until three rounds in a row run the same level-4 code for measure
        // (with a JIT log as the second argument; without one, after 10 s) and measure the same bytes on
        // the common branch (within 0.01 B per call). On a busy machine the JIT was seen to throw its first
        // code for measure away at an uncommon trap (work had been compiled only at tier 2): the rounds run
        // without level-4 code do not count.
        long last = -1;
        int steady = 0;
        double elapsed = 0;
        String code = null;
        while (steady < 3 && elapsed < maxSeconds) {
            for (int r = 0; r < 2_000; r++) {
                measure(100, r % 100 == 0);
            }
            String now = jitLog != null ? measureCode(jitLog) : elapsed >= 10 ? "after 10 s" : null;
            long common = measure(n, false);
            steady = now != null && now.equals(code) && Math.abs(common - last) < n / 100 ? steady + 1 : 0;
            code = now;
            last = common;
            elapsed = (System.nanoTime() - start) / 1e9;
        }
        if (code == null) {
            System.out.println("@@pea uncompiled after " + maxSeconds + " s: no code of the JIT's for measure was in use at the end;");
        } else if (steady < 3) {
            System.out.println("@@pea unsteady after " + maxSeconds + " s:");
        }
        for (int round = 0; round < 3; round++) {
            System.out.println("@@pea " + measure(n, false) + " " + measure(n, true) + " " + n);
        }
    }
}
