package escapelab.golang;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.TempDirs;
import escapelab.ledger.Ledger;
import escapelab.ledger.Ledger.FlameStack;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Stack;
import escapelab.ledger.Ledger.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The allocation ledger of a Go package's benchmark: where the benchmark allocated (pprof's
 * alloc_space per line and per stack) joined with the compiler's -m=2 findings on the same lines.
 *
 * <p>source (the learner's package, untouched) -> compile ({@code go test -c -gcflags=-m=2 -o} a
 * temporary folder: the test binary and the package's findings) -> forked run (the binary with
 * {@code -test.bench -test.benchmem -test.memprofile}) -> parse ({@code go tool pprof -raw}, see
 * {@link PprofRaw}; then {@code go build -gcflags=PKG=-m=2} for the other packages the allocating
 * lines are in, the standard library's included, which the build cache answers from its stored
 * diagnostics after the first time) -> report ({@link Ledger}).
 */
public final class GoLedger {
    /** Stacks kept per site in the ledger; the flame graph gets all of them. */
    static final int STACKS_PER_SITE = 5;

    /**
     * @param bench     the benchmarks to run, a regular expression as {@code go test -bench} takes it
     * @param benchtime how long each benchmark runs ({@code 1s}, {@code 100x}), as {@code -benchtime} takes it
     * @param count     how many times each benchmark runs ({@code -count})
     * @param timeLimit the longest the benchmark run may take before it is stopped
     */
    public record Options(String bench, String benchtime, int count, Duration timeLimit) {
        /** All benchmarks, 1 s each; LAB_FAST=1 makes it 100 ms. */
        public static Options defaults() {
            return new Options(".", Lab.fast() ? "100ms" : "1s", 1, Duration.ofMinutes(10));
        }

        public Options bench(String regexp) {
            return new Options(regexp, benchtime, count, timeLimit);
        }

        public Options benchtime(String time) {
            return new Options(bench, time, count, timeLimit);
        }

        public Options count(int n) {
            return new Options(bench, benchtime, n, timeLimit);
        }

        public Options timeLimit(Duration limit) {
            return new Options(bench, benchtime, count, limit);
        }
    }

    private static final Pattern BENCHMARK = Pattern.compile("(?m)^func\\s+(Benchmark\\w*)\\s*\\(\\s*\\w+\\s+\\*testing\\.B\\s*\\)");
    private static final Pattern RESULT = Pattern.compile("^Benchmark\\S*\\s+\\d+\\s+.*ns/op.*$");
    private static final Pattern PANIC = Pattern.compile("^(?:(Benchmark\\S*?)(?:-\\d+)?\\s+)?panic: (.*)$");
    private static final Pattern FAIL = Pattern.compile("--- FAIL: (Benchmark\\S*?)(?:-\\d+)?(?: \\(|$)");
    private static final Pattern RUNNING = Pattern.compile("^(Benchmark\\S*?)(?:-\\d+)?(?:\\s.*)?$");
    private static final Pattern TRACE_LINE = Pattern.compile("^\\t(.+\\.go):(\\d+)(?: \\+0x[0-9a-f]+)?$");

    private GoLedger() {
    }

    /** Whether a path is a Go package folder (a folder with .go files), rather than Java input. */
    public static boolean isGoPackage(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".go") && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    /** Builds the package's test binary as {@link #run} does, and runs nothing: a compile error is thrown as run throws it. */
    public static void check(Path packageDir, Options options) {
        Path dir = checkPackage(packageDir);
        GoTool go = GoTool.require();
        Path work = TempDirs.create("escape-lab-ledger-");
        try {
            build(go, dir, packageDir, options, work, work.resolve("ledger.test"));
        } finally {
            TempDirs.delete(work);
        }
    }

    private static ChildProcess.Result build(GoTool go, Path dir, Path packageDir, Options options, Path work, Path binary) {
        ChildProcess.Result build = command(go, dir, "test", "-c", "-gcflags=-m=2", "-o", binary.toString(), ".")
                .timeLimit(options.timeLimit()).run();
        if (!build.ok()) {
            throw compileError(go, dir, packageDir, options, work);
        }
        return build;
    }

    /**
     * Runs the package's benchmarks with a memory profile and joins each allocating line with the
     * compiler's findings. Nothing is written into the package's folder.
     *
     * @throws LabException (input) for a folder that is not a Go package, has no benchmark, does not
     *         compile, or whose benchmark fails or panics; (environment) when there is no Go
     */
    public static Ledger.Run run(Path packageDir, Options options) {
        Path dir = checkPackage(packageDir);
        GoTool go = GoTool.require();
        Path work = TempDirs.create("escape-lab-ledger-");
        try {
            Path binary = work.resolve("ledger.test");
            ChildProcess.Result build = build(go, dir, packageDir, options, work, binary);
            Path profile = work.resolve("mem.pprof");
            List<String> args = new ArrayList<>(List.of(binary.toString(), "-test.run", "^$", "-test.bench", options.bench(),
                    "-test.benchmem", "-test.benchtime", options.benchtime(), "-test.count", Integer.toString(options.count()),
                    "-test.memprofile", profile.toString()));
            ChildProcess.Result bench = ChildProcess.of(args).ownProcessGroup().directory(dir).env("PWD", dir.toString())
                    .timeLimit(options.timeLimit()).run();
            checkBenchmarkRun(bench, packageDir, dir, options);
            ChildProcess.Result raw = command(go, work, "tool", "pprof", "-raw", "-symbolize=none", profile.toString())
                    .timeLimit(Duration.ofMinutes(2)).run();
            if (!raw.ok()) {
                throw LabException.environment("go tool pprof -raw could not read the benchmark's memory profile (" + raw.describe()
                        + "): " + raw.output().strip());
            }
            List<PprofRaw.Sample> samples = PprofRaw.parse(raw.stdout());
            List<String> notes = new ArrayList<>();
            benchmarkResults(bench.stdout()).forEach(l -> notes.add("benchmark: " + l));
            StringBuilder findings = new StringBuilder(build.stderr()).append(build.stdout());
            Set<String> others = otherPackages(samples, dir);
            List<String> explained = new ArrayList<>();
            for (String pkg : others) {
                // One package per go build: the standard library's larger packages print megabytes with -m=2.
                ChildProcess.Result more = command(go, dir, "build", "-gcflags=" + pkg + "=-m=2", pkg).timeLimit(options.timeLimit()).run();
                if (more.ok()) {
                    findings.append(more.stderr()).append(more.stdout());
                    explained.add(pkg);
                } else {
                    notes.add("no compiler findings for " + pkg + ": go build -gcflags=" + pkg + "=-m=2 " + pkg + " failed (" + more.describe() + ")");
                }
            }
            notes.add("compiler findings: go test -c -gcflags=-m=2 for this package"
                    + (explained.isEmpty() ? "" : ", go build -gcflags=PKG=-m=2 for " + String.join(", ", explained)));
            String program = packageDir + " -bench " + options.bench();
            return join(go.version(), program, bench.elapsed().toNanos() / 1e9, samples, escapeFindings(findings.toString(), dir), dir, notes);
        } finally {
            TempDirs.delete(work);
        }
    }

    /** The go command in a folder, with PWD matching it so that the paths it prints and records are that folder's. */
    private static ChildProcess command(GoTool go, Path dir, String... args) {
        return go.command(dir, args).env("PWD", dir.toString());
    }

    /** The package's real folder, once it is known to be a Go package with a benchmark in a module. */
    static Path checkPackage(Path packageDir) {
        if (!Files.isDirectory(packageDir)) {
            throw LabException.input(packageDir + ": no such folder; give the folder of a Go package with a benchmark");
        }
        if (!isGoPackage(packageDir)) {
            throw LabException.input(packageDir + ": no .go files here, so not a Go package; give the folder of a Go package "
                    + "with a benchmark (a _test.go file with func BenchmarkName(b *testing.B))");
        }
        Path dir;
        try {
            dir = packageDir.toRealPath();
        } catch (IOException e) {
            throw LabException.input("cannot read " + packageDir + ": " + e.getMessage());
        }
        boolean hasBenchmark = false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith("_test.go")).toList()) {
                hasBenchmark |= BENCHMARK.matcher(Files.readString(p)).find();
            }
        } catch (IOException e) {
            throw LabException.input("cannot read " + packageDir + ": " + e.getMessage());
        }
        if (!hasBenchmark) {
            throw LabException.input(packageDir + ": no benchmark in this package; write one in a _test.go file, "
                    + "func BenchmarkName(b *testing.B) with a loop to b.N (lab-src/examples/ledger/godemo has examples)");
        }
        Path module = dir;
        while (module != null && !Files.isRegularFile(module.resolve("go.mod"))) {
            module = module.getParent();
        }
        if (module == null) {
            throw LabException.input(packageDir + ": no go.mod in this folder or above it; run 'go mod init NAME' in "
                    + packageDir + " to make it a module");
        }
        return dir;
    }

    /** The compiler's errors, without the -m=2 findings mixed into them: the build again without -gcflags. */
    private static LabException compileError(GoTool go, Path dir, Path packageDir, Options options, Path work) {
        ChildProcess.Result again = command(go, dir, "test", "-c", "-o", work.resolve("errors.test").toString(), ".")
                .timeLimit(options.timeLimit()).run();
        if (again.timedOut()) {
            return LabException.input(packageDir + ": go test -c did not finish within " + options.timeLimit().toSeconds() + " s");
        }
        String errors = again.output().lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.startsWith("./") ? packageDir.resolve(l.substring(2)).toString() : l)
                .collect(Collectors.joining("\n"));
        return LabException.input(errors.strip() + "\n" + packageDir + ": the package or its tests do not compile; fix the source and run again");
    }

    /** A benchmark that failed, panicked, ran out of time or matched nothing becomes a message naming where. */
    static void checkBenchmarkRun(ChildProcess.Result bench, Path packageDir, Path dir, Options options) {
        if (bench.timedOut()) {
            throw LabException.input(packageDir + ": the benchmarks did not finish within " + options.timeLimit().toSeconds()
                    + " s and were stopped; run fewer (-bench) or shorter (-benchtime)");
        }
        String out = bench.output();
        if (!bench.ok()) {
            // The testing package prints a benchmark's name, then its panic or failure on the same line.
            List<String> lines = out.lines().toList();
            Matcher panic = lines.stream().map(PANIC::matcher).filter(Matcher::find).findFirst().orElse(null);
            Matcher failed = lines.stream().map(FAIL::matcher).filter(Matcher::find).findFirst().orElse(null);
            if (panic != null) {
                String where = lines.stream().map(TRACE_LINE::matcher).filter(Matcher::matches)
                        .filter(m -> Path.of(m.group(1)).startsWith(dir)).findFirst()
                        .map(m -> packageDir.resolve(dir.relativize(Path.of(m.group(1)))) + ":" + m.group(2) + ": ").orElse("");
                // Apart from stdout, the panic starts a line of its own: the benchmark is the last one named (with a NaN result).
                String name = panic.group(1) != null ? panic.group(1) : lines.stream().map(RUNNING::matcher).filter(Matcher::matches)
                        .reduce((first, last) -> last).map(m -> m.group(1)).orElse("a benchmark");
                throw LabException.input(where + name + " panicked: " + panic.group(2) + "\n" + packageDir
                        + ": fix the panic and run again");
            }
            // A failure's messages follow it, indented, each at the test file's line: "    x_test.go:10: stopped".
            String messages = lines.stream().filter(l -> l.startsWith("    ")).map(String::strip)
                    .map(l -> l.matches("^[^\\s:]+\\.go:\\d+: .*") ? packageDir.resolve(l).toString() : l)
                    .collect(Collectors.joining("\n"));
            String name = failed != null ? failed.group(1) : "a benchmark";
            throw LabException.input((messages.isEmpty() ? lastLines(out, 5) : messages) + "\n" + packageDir + ": " + name
                    + " failed (" + bench.describe() + ")");
        }
        if (out.lines().noneMatch(l -> RESULT.matcher(l).matches())) {
            throw LabException.input(packageDir + ": no benchmark matches -bench '" + options.bench() + "'; the package's benchmarks: "
                    + String.join(", ", benchmarks(dir)));
        }
    }

    /** The benchmark's own result lines ("BenchmarkGrow-2 114190 1599 ns/op 2040 B/op 7 allocs/op"), spaces squeezed. */
    static List<String> benchmarkResults(String stdout) {
        return stdout.lines().filter(l -> RESULT.matcher(l).matches()).map(l -> l.replaceAll("\\s+", " ")).toList();
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static List<String> benchmarks(Path dir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith("_test.go")).sorted().toList()) {
                Matcher m = BENCHMARK.matcher(Files.readString(p));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            // the list only decorates the message
        }
        return names;
    }

    /**
     * The packages, other than the benchmarked one, that hold an allocating line or the function
     * it was inlined into: the ones whose findings the test build did not print.
     */
    static Set<String> otherPackages(List<PprofRaw.Sample> samples, Path dir) {
        Set<String> packages = new LinkedHashSet<>();
        for (PprofRaw.Sample s : samples) {
            if (s.frames().isEmpty() || s.bytes() == 0) {
                continue;
            }
            for (PprofRaw.Frame f : List.of(s.frames().get(0), physical(s.frames()))) {
                String pkg = f.packagePath();
                boolean own = !f.file().isEmpty() && Path.of(f.file()).getParent() != null && Path.of(f.file()).getParent().equals(dir);
                if (!own && !f.runtime() && !pkg.isEmpty() && !pkg.equals("main")) {
                    packages.add(pkg);
                }
            }
        }
        return packages;
    }

    /** The frame whose compiled code holds the allocating frame: itself, or the function it was inlined into. */
    static PprofRaw.Frame physical(List<PprofRaw.Frame> frames) {
        for (PprofRaw.Frame f : frames) {
            if (!f.inlined()) {
                return f;
            }
        }
        return frames.get(frames.size() - 1);
    }

    /**
     * The compiler's escape findings ("moved to heap", "escapes to heap", "does not escape") by file
     * and line, the files made absolute: the go command prints the package's own files relative to
     * the folder it ran in ({@code ./alloc.go}), others in full.
     */
    static Map<String, List<GoFinding>> escapeFindings(String output, Path cwd) {
        Map<String, List<GoFinding>> byLine = new HashMap<>();
        for (GoFinding f : GoOutput.parse(output)) {
            if (f.heap() || f.kind().equals(GoFinding.DOES_NOT_ESCAPE)) {
                byLine.computeIfAbsent(key(cwd.resolve(f.file()).normalize().toString(), f.line()), k -> new ArrayList<>()).add(f);
            }
        }
        return byLine;
    }

    private static String key(String file, int line) {
        return file + ":" + line;
    }

    /** One allocating line while the samples are summed. */
    private static final class SiteBytes {
        final PprofRaw.Frame frame;
        long bytes;
        final Map<List<Ledger.Frame>, Long> stacks = new LinkedHashMap<>();
        Verdict verdict;
        String reason;

        SiteBytes(PprofRaw.Frame frame) {
            this.frame = frame;
        }
    }

    /**
     * The ledger of parsed samples and findings: sites by the allocating frame (the first frame
     * runtime/pprof kept), each with the findings on its line in the code that ran.
     */
    static Ledger.Run join(String goVersion, String program, double seconds, List<PprofRaw.Sample> samples,
                           Map<String, List<GoFinding>> findings, Path dir, List<String> notes) {
        Map<String, SiteBytes> sites = new LinkedHashMap<>();
        Map<List<Ledger.Frame>, Long> allStacks = new LinkedHashMap<>();
        Map<List<Ledger.Frame>, SiteBytes> stackSite = new HashMap<>();
        long total = 0;
        for (PprofRaw.Sample s : samples) {
            if (s.bytes() == 0 || s.frames().isEmpty()) {
                continue;
            }
            total += s.bytes();
            PprofRaw.Frame leaf = s.frames().get(0);
            SiteBytes site = sites.computeIfAbsent(leaf.function() + " " + key(leaf.file(), leaf.line()), k -> new SiteBytes(leaf));
            if (site.verdict == null) {
                judge(site, s.frames(), findings);
            }
            site.bytes += s.bytes();
            List<Ledger.Frame> frames = s.frames().stream()
                    .map(f -> new Ledger.Frame(f.packagePath(), f.functionName(), f.line())).toList();
            site.stacks.merge(frames, s.bytes(), Long::sum);
            allStacks.merge(frames, s.bytes(), Long::sum);
            stackSite.put(frames, site);
        }
        final long totalBytes = total;
        List<LedgerSite> ledgerSites = sites.values().stream()
                .sorted(Comparator.comparingLong((SiteBytes s) -> -s.bytes))
                .map(s -> new LedgerSite(s.frame.packagePath(), s.frame.functionName(), shown(s.frame.file(), dir), s.frame.line(), null,
                        s.bytes, totalBytes == 0 ? 0 : (double) s.bytes / totalBytes, s.verdict, null, s.reason,
                        s.stacks.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                                .limit(STACKS_PER_SITE).map(e -> new Stack(e.getKey(), e.getValue())).toList()))
                .toList();
        List<FlameStack> flame = allStacks.entrySet().stream()
                .map(e -> new FlameStack(e.getKey(), e.getValue(), stackSite.get(e.getKey()).verdict)).toList();
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.add("bytes are pprof's alloc_space: runtime/pprof's estimate from the allocations the runtime sampled "
                + "(on average one per runtime.MemProfileRate = 512 KiB allocated), each scaled up by its chance of being sampled");
        allNotes.add("pprof names lines, not columns: a line with several heap findings lists them all");
        Ledger ledger = new Ledger(Ledger.Language.GO, goVersion, program, seconds, totalBytes, Ledger.Status.COMPLETE, "",
                List.copyOf(allNotes), ledgerSites, null);
        return new Ledger.Run(ledger, flame);
    }

    /**
     * The verdict and reason of a site. The compiler reports what it decided for inlined code at the
     * position of the call it inlined (seen on go1.26: an inlined append is reported at the
     * caller's line), so an allocating frame inlined into another is judged by the findings on
     * that caller's line, narrowed to the ones about the same expression as a finding on the site's own line.
     */
    private static void judge(SiteBytes site, List<PprofRaw.Frame> frames, Map<String, List<GoFinding>> findings) {
        PprofRaw.Frame leaf = frames.get(0);
        if (leaf.runtime()) {
            PprofRaw.Frame caller = frames.stream().filter(f -> !f.runtime()).findFirst().orElse(null);
            site.verdict = Verdict.NO_SITE;
            site.reason = "allocated inside the Go runtime, in " + leaf.function() + " (" + runtimeFile(leaf) + ")"
                    + (caller != null ? ", called from " + caller.function() + " (" + Path.of(caller.file()).getFileName() + ":" + caller.line() + ")"
                    : ", the runtime's own work") + ": no line the compiler's escape findings cover";
            return;
        }
        List<GoFinding> own = at(findings, leaf);
        List<GoFinding> chosen = own;
        String inlined = "";
        if (leaf.inlined()) {
            PprofRaw.Frame outer = physical(frames);
            List<GoFinding> inCopy = at(findings, outer);
            Set<String> ownSubjects = own.stream().map(GoLedger::subject).collect(Collectors.toSet());
            List<GoFinding> matched = inCopy.stream().filter(f -> ownSubjects.contains(subject(f))).toList();
            chosen = !matched.isEmpty() ? matched : !inCopy.isEmpty() ? inCopy : own;
            inlined = "inlined into " + outer.function() + " at " + Path.of(outer.file()).getFileName() + ":" + outer.line()
                    + (chosen == own && !own.isEmpty() ? "; the findings of " + leaf.functionName() + " compiled on its own:" : ":") + "\n";
        }
        List<GoFinding> heap = chosen.stream().filter(GoFinding::heap).toList();
        if (!heap.isEmpty()) {
            site.verdict = Verdict.KEPT;
            site.reason = inlined + heap.stream().map(GoLedger::compilerWords).collect(Collectors.joining("\n"));
            return;
        }
        site.verdict = Verdict.NO_SITE;
        if (chosen.isEmpty()) {
            site.reason = inlined + "no heap finding of the compiler on this line: the runtime allocated on the line's behalf "
                    + "(runtime/pprof removes the runtime's own frames from the top of each stack), as when a map grows";
            return;
        }
        boolean make = chosen.stream().anyMatch(f -> f.message().startsWith("make(["));
        site.reason = inlined + "no heap finding of the compiler on this line, only:\n"
                + chosen.stream().map(GoLedger::compilerWords).collect(Collectors.joining("\n"))
                + (make ? "\na make([]T, n) that does not escape is still allocated by runtime.makeslice, on the heap, when its "
                        + "capacity is not a constant and does not fit the stack buffer of a variable-sized make "
                        + "(32 bytes by default: walkMakeSlice, cmd/compile/internal/walk/builtin.go)"
                        : "\nthe bytes were allocated by the runtime on the line's behalf (runtime/pprof removes the runtime's own "
                        + "frames from the top of each stack)");
    }

    /** What a finding is about: {@code p} of "moved to heap: p", {@code append(s, i)} of "append(s, i) escapes to heap". */
    static String subject(GoFinding f) {
        String m = f.message();
        for (String tail : List.of(" escapes to heap", " does not escape")) {
            int at = m.indexOf(tail);
            if (at > 0) {
                return m.substring(0, at);
            }
        }
        return m.startsWith("moved to heap: ") ? m.substring("moved to heap: ".length()) : m;
    }

    private static List<GoFinding> at(Map<String, List<GoFinding>> findings, PprofRaw.Frame frame) {
        return findings.getOrDefault(key(Path.of(frame.file()).normalize().toString(), frame.line()), List.of());
    }

    /** A runtime frame's file from the runtime's folder on ({@code runtime/slice.go:373}). */
    private static String runtimeFile(PprofRaw.Frame f) {
        int src = f.file().lastIndexOf("/src/");
        return (src >= 0 ? f.file().substring(src + 5) : f.file()) + ":" + f.line();
    }

    /** A finding as the compiler printed it: the explanation's lines, then its summary, each with its position. */
    static String compilerWords(GoFinding f) {
        String at = f.position() + ": ";
        StringBuilder out = new StringBuilder();
        for (String line : f.explanation()) {
            if (!line.equals(f.message())) {
                out.append(at).append(line).append('\n');
            }
        }
        return out.append(at).append(f.message()).toString();
    }

    /** A file as the learner would open it: relative to the package's folder when inside it. */
    private static String shown(String file, Path dir) {
        if (file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        return p.startsWith(dir) ? dir.relativize(p).toString() : file;
    }
}
