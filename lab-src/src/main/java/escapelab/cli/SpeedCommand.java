package escapelab.cli;

import escapelab.Lab;
import escapelab.escape.EscapeAnalysis;
import escapelab.escape.EscapeReport;
import escapelab.bench.BenchText;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.Jdk;
import escapelab.notebook.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./lab speed}: the speed budgets of DESIGN.md, measured against a peer in the same run
 * because these machines are shared and noisy. Writes build/bench/speed.json.
 */
@Command(name = "speed", description = {"time the escape report against go build -gcflags=-m, in one JVM and from the shell",
        "(writes build/bench/speed.json, appends to lab-src/bench-history/speed.jsonl)"})
final class SpeedCommand implements Callable<Integer> {
    private static final int RUNS = 5;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        EscapeVersusGo engine = escapeVersusGo(out);
        GoEscapeVersusBareGo goEngine = goEscapeVersusBareGo(out);
        ShellToAnswer.Result shell = shellToAnswer(out);
        Speed results = new Speed(engine, goEngine, stackVersusHeapPair(out), shell);
        Path file = Lab.home().resolve("build/bench/speed.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.write(results) + "\n");
        out.println("written: " + file);
        Path history = Lab.home().resolve(SpeedHistory.FILE);
        SpeedHistory.append(history, SpeedHistory.entry(java.time.Instant.now(), Jdk.current().version(), shell.loadAverage(),
                SpeedHistory.medians(engine, shell), Lab.home()));
        out.println("appended to " + history + " (commit it to keep this run in the trend; git checkout drops it)");
        return 0;
    }

    /** build/bench/speed.json: one record a budget; {@code shell} is each command's time from the shell. */
    record Speed(EscapeVersusGo escape, GoEscapeVersusBareGo goEscape, BenchPair bench, ShellToAnswer.Result shell) {
    }

    /** ./lab escape, go-escape and layout as processes, as a user runs them, beside go build recompiling twin.go. */
    private static ShellToAnswer.Result shellToAnswer(PrintWriter out) {
        try {
            Path dir = Files.createTempDirectory("escape-lab-speed-shell-");
            Path java = Files.writeString(dir.resolve("Twin.java"), resource("Twin.java"));
            Files.writeString(dir.resolve("twin.go"), resource("twin.go"));
            Files.writeString(dir.resolve("go.mod"), "module twin\n\ngo 1.21\n");
            try {
                return ShellToAnswer.measure(out, RUNS, java, dir, escapelab.golang.GoTool.find().isPresent());
            } finally {
                escapelab.jvm.TempDirs.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The escape engine's times against go build's, fresh and from Go's build cache; {@code go} says
     * why there are no Go times when the build failed or Go is missing.
     */
    record EscapeVersusGo(List<Double> escapeSeconds, double escapeMedian, int sites, String go, List<Double> goSeconds,
                          Double goMedian, List<Double> goCachedSeconds, Double goCachedMedian, Double ratio) {
        static EscapeVersusGo withoutGo(List<Double> escapeSeconds, int sites, String why) {
            return new EscapeVersusGo(escapeSeconds, median(escapeSeconds), sites, why, null, null, null, null, null);
        }

        static EscapeVersusGo withGo(List<Double> escapeSeconds, int sites, List<Double> goSeconds, List<Double> goCachedSeconds) {
            return new EscapeVersusGo(escapeSeconds, median(escapeSeconds), sites, null, goSeconds, median(goSeconds),
                    goCachedSeconds, median(goCachedSeconds), median(escapeSeconds) / median(goSeconds));
        }
    }

    /** ./lab go-escape's engine against the bare go build; {@code go} says why it was skipped. */
    record GoEscapeVersusBareGo(String go, List<Double> labSeconds, Double labMedian, List<Double> bareSeconds, Double bareMedian,
                                Double overSeconds) {
    }

    /** One JMH cell with the quick preset, and its report. */
    record BenchPair(double seconds, String preset, BenchText.JsonReport report) {
    }

    /** One escape report of Twin.java, warm, against go build -gcflags=-m compiling twin.go (standard library cached). */
    private static EscapeVersusGo escapeVersusGo(PrintWriter out) {
        String java = resource("Twin.java");
        EscapeAnalysis.Options options = EscapeAnalysis.Options.defaults();
        out.println("escape report of Twin.java vs go build -gcflags=-m of twin.go, " + RUNS + " runs each after one warm-up");
        EscapeReport first = EscapeAnalysis.analyze("Twin.java", java, options);
        List<Double> escape = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            EscapeAnalysis.analyze("Twin.java", java, options);
            escape.add((System.nanoTime() - t) / 1e9);
        }
        out.printf(Locale.ROOT, "  ./lab escape engine: median %.3f s (budget 1.5 s)%n", median(escape));
        Path dir;
        try {
            dir = Files.createTempDirectory("escape-lab-speed-");
            Files.writeString(dir.resolve("twin.go"), resource("twin.go"));
            Files.writeString(dir.resolve("go.mod"), "module twin\n\ngo 1.21\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> go = List.of("go", "build", "-gcflags=-m", "-o", dir.resolve("twin").toString(), ".");
        try {
            ChildProcess.Result warm = ChildProcess.of(go).directory(dir).timeLimit(Duration.ofMinutes(2)).run();
            if (!warm.ok()) {
                out.println("  go build failed: " + warm.output().strip());
                return EscapeVersusGo.withoutGo(escape, first.sites().size(), "failed: " + warm.output().strip());
            }
            // Go replays a cached build's diagnostics without compiling; the engine never caches. The fair peer
            // compiles the file afresh, so each timed run edits it (the standard library stays cached).
            List<Double> cached = timeGo(go, dir, null);
            List<Double> gos = timeGo(go, dir, dir.resolve("twin.go"));
            out.printf(Locale.ROOT, "  go build -gcflags=-m, file recompiled: median %.3f s%n", median(gos));
            out.printf(Locale.ROOT, "  go build -gcflags=-m, from Go's build cache: median %.3f s (diagnostics replayed, nothing compiled)%n", median(cached));
            out.printf(Locale.ROOT, "  ratio to the recompiled build: %.2fx (budget: within 5x)%n", median(escape) / median(gos));
            return EscapeVersusGo.withGo(escape, first.sites().size(), gos, cached);
        } catch (escapelab.LabException e) {
            out.println("  go: skipped, " + e.getMessage() + " (apt-get install golang-go)");
            return EscapeVersusGo.withoutGo(escape, first.sites().size(), "skipped: " + e.getMessage());
        }
    }

    /**
     * ./lab go-escape's work (write the module, run go build, parse, render) against the bare
     * go build -gcflags=-m on a warm build cache; budget: under 0.5 s more.
     */
    private static GoEscapeVersusBareGo goEscapeVersusBareGo(PrintWriter out) {
        var go = escapelab.golang.GoTool.find();
        if (go.isEmpty()) {
            out.println("go-escape: skipped, no go command (apt-get install golang-go)");
            return new GoEscapeVersusBareGo("skipped: no go command", null, null, null, null, null);
        }
        out.println("go-escape report of twin.go vs bare go build -gcflags=-m on a warm cache, " + RUNS + " runs each");
        try {
            Path dir = Files.createTempDirectory("escape-lab-speed-go-");
            Path src = Files.writeString(dir.resolve("twin.go"), resource("twin.go"));
            Files.writeString(dir.resolve("go.mod"), "module twin\n\ngo 1.21\n");
            var options = escapelab.golang.GoEscape.Options.defaults().go(go.get());
            escapelab.golang.GoText.text(escapelab.golang.GoEscape.analyze(src, options), false); // warm both caches
            List<Double> lab = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                escapelab.golang.GoText.text(escapelab.golang.GoEscape.analyze(src, options), false);
                lab.add((System.nanoTime() - t) / 1e9);
            }
            List<String> bare = List.of(go.get().go().toString(), "build", "-gcflags=-m", "-o", dir.resolve("twin").toString(), ".");
            ChildProcess.of(bare).directory(dir).timeLimit(Duration.ofMinutes(2)).run();
            List<Double> gos = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Files.deleteIfExists(dir.resolve("twin")); // else go build has nothing to do and prints nothing
                long t = System.nanoTime();
                ChildProcess.of(bare).directory(dir).timeLimit(Duration.ofMinutes(2)).run();
                gos.add((System.nanoTime() - t) / 1e9);
            }
            out.printf(Locale.ROOT, "  ./lab go-escape engine: median %.3f s%n", median(lab));
            out.printf(Locale.ROOT, "  bare go build -gcflags=-m, warm cache: median %.3f s%n", median(gos));
            out.printf(Locale.ROOT, "  over the bare build: %.3f s (budget: under 0.5 s)%n", median(lab) - median(gos));
            return new GoEscapeVersusBareGo(null, lab, median(lab), gos, median(gos), median(lab) - median(gos));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JMH cell: the stack-vs-heap pair of JmhLab01 with the quick preset and bytes/op; budget 15 s. */
    private static BenchPair stackVersusHeapPair(PrintWriter out) {
        Path file = Lab.home().resolve("lab-src/examples/bench/JmhLab01_EscapeOrNot.java");
        long t = System.nanoTime();
        escapelab.bench.BenchReport report = escapelab.bench.Bench.run(file, escapelab.bench.Bench.Options.defaults());
        double seconds = (System.nanoTime() - t) / 1e9;
        out.printf(Locale.ROOT, "JMH stack-vs-heap pair, quick preset: %.1f s (budget 15 s)%n", seconds);
        report.benchmarks().forEach(b -> out.printf(Locale.ROOT, "  %s: %.3f ns/op, %s/op%n", b.label(), b.score(),
                BenchText.bytes(b.bytesPerOp())));
        return new BenchPair(seconds, report.preset().describe(), BenchText.JsonReport.of(report));
    }

    /** Times go build RUNS times; when {@code edit} is given, changes that file before each run so Go must compile it. */
    private static List<Double> timeGo(List<String> go, Path dir, Path edit) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            if (edit != null) {
                try {
                    Files.writeString(edit, "\n// timed run " + System.nanoTime() + "\n", java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            long t = System.nanoTime();
            ChildProcess.of(go).directory(dir).timeLimit(Duration.ofMinutes(2)).run();
            times.add((System.nanoTime() - t) / 1e9);
        }
        return times;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static String resource(String name) {
        try (InputStream in = SpeedCommand.class.getResourceAsStream("/escapelab/speed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
