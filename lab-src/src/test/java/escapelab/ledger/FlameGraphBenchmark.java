package escapelab.ledger;

import escapelab.ledger.Ledger.FlameStack;
import escapelab.ledger.Ledger.Frame;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Run;
import escapelab.ledger.Ledger.Verdict;
import escapelab.notebook.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The figure for rendering (a benchmark, not a timed test): the report of a run with
 * 10,000+ distinct stacks, 10 to 40 frames deep over a few hundred distinct methods. Run by hand:
 * <pre>
 * cd lab-src &amp;&amp; export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * $JAVA_HOME/bin/java -cp target/classes:target/test-classes:$(cat target/cp.txt) escapelab.ledger.FlameGraphBenchmark [STACKS] [OUT_DIR]
 * </pre>
 * The first round is the figure: {@code ./lab ledger} renders once, in a JVM that has not warmed up.
 */
public final class FlameGraphBenchmark {
    /** CPU time beside wall time: on a shared machine the wall time is mostly other processes' load. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private FlameGraphBenchmark() {
    }

    /**
     * Stacks as a profiler sees them: walks down a random call graph from main, the first callees
     * taken more often, so stacks share their outer frames; an allocating frame from a smaller set.
     */
    static Run syntheticRun(int distinctStacks, long seed) {
        Random random = new Random(seed);
        List<Frame> methods = new ArrayList<>();
        String[] packages = {"com.acme.app", "com.acme.json", "com.acme.util", "java.util", "java.lang", "java.util.stream"};
        for (int c = 0; c < 60; c++) {
            String cls = packages[c % packages.length] + ".Class" + c + (c % 7 == 0 ? "$Inner" : "");
            for (int m = 0; m < 6; m++) {
                methods.add(new Frame(cls, m == 5 ? "lambda$run$" + c : "method" + m, 10 + m * 7));
            }
        }
        List<Frame> allocating = methods.subList(0, 90);
        // A call graph: each method calls two to five others; a stack is a walk down it from main.
        int[][] callees = new int[methods.size()][];
        for (int m = 0; m < callees.length; m++) {
            callees[m] = random.ints(2 + random.nextInt(4), 0, methods.size()).toArray();
        }
        Verdict[] verdicts = Verdict.values();
        Map<List<Frame>, FlameStack> stacks = new LinkedHashMap<>();
        while (stacks.size() < distinctStacks) {
            int depth = 10 + random.nextInt(31);
            List<Frame> rootFirst = new ArrayList<>(depth);
            rootFirst.add(new Frame("com.acme.app.Main", "main", 12));
            int m = 0;
            for (int d = 1; d < depth - 1; d++) {
                int[] next = callees[m];
                m = next[skewed(random, next.length)];
                Frame f = methods.get(m);
                rootFirst.add(new Frame(f.className(), f.method(), f.line() + Math.floorMod(m * 7 + d, 3)));
            }
            Frame leaf = allocating.get(Math.floorMod(m * 13 + skewed(random, 4), allocating.size()));
            rootFirst.add(leaf);
            List<Frame> frames = rootFirst.reversed();
            long bytes = 16L * (1 + (long) (Math.pow(random.nextDouble(), -1.2)));
            Verdict v = verdicts[Math.floorMod(leaf.hashCode(), verdicts.length)];
            stacks.putIfAbsent(List.copyOf(frames), new FlameStack(List.copyOf(frames), bytes, v));
        }
        long total = stacks.values().stream().mapToLong(FlameStack::bytes).sum();
        Map<Frame, Long> bySite = new LinkedHashMap<>();
        stacks.values().forEach(s -> bySite.merge(s.frames().getFirst(), s.bytes(), Long::sum));
        List<LedgerSite> sites = new ArrayList<>();
        bySite.forEach((f, b) -> sites.add(new LedgerSite(f.className(), f.method(), null, f.line(), "byte[]", b, (double) b / total,
                verdicts[Math.floorMod(f.hashCode(), verdicts.length)], null, "", List.of())));
        Ledger ledger = new Ledger(Ledger.Language.JAVA, "25", "synthetic (" + distinctStacks + " stacks)", 20, total,
                Ledger.Status.COMPLETE, "", List.of(), sites, null);
        return new Run(ledger, new ArrayList<>(stacks.values()));
    }

    /** Small indices far more often than large ones. */
    private static int skewed(Random random, int n) {
        return (int) (n * Math.pow(random.nextDouble(), 3));
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        Path out = Path.of(args.length > 1 ? args[1] : "target/flame-benchmark");
        Run run = syntheticRun(n, 19);
        Set<Frame> distinct = new HashSet<>();
        run.stacks().forEach(s -> s.frames().forEach(f -> distinct.add(new Frame(f.className(), f.method(), -1))));
        System.out.printf("%,d distinct stacks, %,d distinct methods, %,d frames in all%n", run.stacks().size(), distinct.size(),
                run.stacks().stream().mapToInt(s -> s.frames().size()).sum());
        for (int round = 1; round <= 3; round++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Ledger.FlameGraphFiles files = FlameGraph.write(run, out);
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            String html = FlameGraph.of(run).toHtml();
            String json = Json.write(run.ledger());
            LedgerCompare compare = LedgerCompare.of(run.ledger(), syntheticRun(n, 20).ledger());
            String compareHtml = compare.toHtml();
            long t2 = System.nanoTime();
            long p0 = System.nanoTime();
            FlameGraph g = FlameGraph.of(run);
            long p1 = System.nanoTime();
            g.svg();
            long p2 = System.nanoTime();
            g.collapsed();
            long p3 = System.nanoTime();
            g.speedscope();
            long p4 = System.nanoTime();
            System.out.printf("  parts: tree %.0f ms, svg %.0f ms, collapsed %.0f ms, speedscope %.0f ms%n", (p1 - p0) / 1e6,
                    (p2 - p1) / 1e6, (p3 - p2) / 1e6, (p4 - p3) / 1e6);
            System.out.printf("round %d: FlameGraph.write %.0f ms wall, %.0f ms CPU (svg %,d B, collapsed %,d B, speedscope %,d B);"
                            + " notebook view + ledger JSON + compare %.0f ms (html %,d B, json %,d B, compare %,d B)%n", round,
                    (t1 - t0) / 1e6, (c1 - c0) / 1e6, Files.size(Path.of(files.svg())), Files.size(Path.of(files.collapsed())),
                    Files.size(Path.of(files.speedscope())), (t2 - t1) / 1e6, html.length(), json.length(), compareHtml.length());
        }
    }
}
