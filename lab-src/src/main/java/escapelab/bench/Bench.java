package escapelab.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.Jdk;
import escapelab.jvm.CompileError;
import escapelab.jvm.SourceCompiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JMH from a cell: the benchmark source is compiled with JMH's annotation processor, run in a
 * child JVM through JMH's own launcher with the GC profiler, and its JSON result read back. JMH
 * forks the measured JVM itself, as it should; the lab's kernel never runs a benchmark.
 */
public final class Bench {
    private static final Pattern ITERATION = Pattern.compile("^(# Warmup Iteration|Iteration)\\s+(\\d+): (.*)$");
    private static final Pattern BENCHMARK = Pattern.compile("^# Benchmark: (\\S+)");
    private static final Pattern PARAMETERS = Pattern.compile("^# Parameters: (.*)$");

    /**
     * @param progress  where live progress lines go (iteration n of m and its score)
     * @param timeLimit null to derive one from the preset and the number of benchmarks
     */
    public record Options(Preset preset, Jdk jdk, List<String> jvmArgs, Consumer<String> progress, Duration timeLimit) {
        public static Options defaults() {
            return new Options(Preset.quick(), Jdk.current(), List.of(), line -> { }, null);
        }

        public Options preset(Preset p) {
            return new Options(p, jdk, jvmArgs, progress, timeLimit);
        }

        public Options jdk(Jdk other) {
            return new Options(preset, other, jvmArgs, progress, timeLimit);
        }

        public Options jvmArgs(List<String> args) {
            return new Options(preset, jdk, List.copyOf(args), progress, timeLimit);
        }

        public Options progress(Consumer<String> p) {
            return new Options(preset, jdk, jvmArgs, p, timeLimit);
        }

        public Options timeLimit(Duration limit) {
            return new Options(preset, jdk, jvmArgs, progress, limit);
        }
    }

    private Bench() {
    }

    public static BenchReport run(Path file, Options o) {
        SourceCompiler.Source s = SourceCompiler.Source.of(file);
        return run(s.fileName(), s.text(), o);
    }

    public static BenchReport run(String fileName, String source, Options o) {
        Path dir = escapelab.jvm.TempDirs.create("escape-lab-bench-");
        try {
            return run(fileName, source, o, dir);
        } finally {
            escapelab.jvm.TempDirs.delete(dir);
        }
    }

    private static BenchReport run(String fileName, String source, Options o, Path dir) {
        List<Path> jmh = jmhClassPath();
        Path classes = dir.resolve("classes");
        // JMH refuses benchmarks in the default package; a cell rarely declares one. Same line, so javac's line numbers
        // hold; its columns on that line are given back as the user's text has them.
        String prefix = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;").matcher(source).find() ? "" : "package bench; ";
        try {
            SourceCompiler.compileWithProcessors(List.of(new SourceCompiler.Source(fileName, prefix + source)), o.jdk().feature(), jmh, classes);
        } catch (CompileError e) {
            throw prefix.isEmpty() ? e : e.withoutPrefixOnLine1(fileName, prefix);
        }
        List<String> listed = benchmarkList(classes);
        if (listed.isEmpty()) {
            throw LabException.input(fileName + ": no @Benchmark method found; annotate a public method with"
                    + " @org.openjdk.jmh.annotations.Benchmark (see JMH's samples, JMHSample_01_HelloWorld)");
        }
        List<String> jvmArgs = new ArrayList<>(o.preset().jvmArgs());
        jvmArgs.addAll(o.jvmArgs());
        if (o.jdk().feature() >= 23) {
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow"); // JMH uses Unsafe; JDK 23+ warns about it otherwise
        }
        Path result = dir.resolve("result.json");
        List<String> cp = new ArrayList<>(List.of(classes.toString()));
        jmh.forEach(p -> cp.add(p.toString()));
        List<String> cmd = new ArrayList<>(List.of(o.jdk().java().toString()));
        if (o.jdk().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), "org.openjdk.jmh.Main",
                "-rf", "json", "-rff", result.toString(), "-prof", "gc", "-foe", "false"));
        cmd.addAll(o.preset().jmhOptions());
        cmd.addAll(List.of("-jvmArgsAppend", String.join(" ", jvmArgs)));

        Duration limit = o.timeLimit() != null ? o.timeLimit()
                : Duration.ofSeconds((long) (listed.size() * (o.preset().seconds() * 1.5 + 10 * o.preset().forks()) + 60));
        Progress progress = new Progress(o.preset(), listed.size(), o.progress());
        ChildProcess.Result r;
        try (MachineLock ignored = MachineLock.acquire(o.progress())) {
            r = ChildProcess.of(cmd).directory(dir).timeLimit(limit).onStdoutLine(progress::line).run();
        }

        List<BenchReport.Result> results = parse(result);
        // No result at all is a failure even when JMH exits 0: a benchmark JVM that did not start (a bad
        // --jvm-args flag) or that a benchmark ended (System.exit) leaves only "<failure: VM prematurely exited".
        String status = r.timedOut() ? "timed-out" : !progress.failures.isEmpty() || results.isEmpty() ? "failed" : "complete";
        List<String> failures = new ArrayList<>(progress.failures);
        if (r.timedOut()) {
            failures.add("stopped after " + limit.toSeconds() + " s (the time limit), with the JVMs it started; "
                    + (progress.current == null ? "" : "it was running " + progress.current));
        } else if (!r.ok() && failures.isEmpty()) {
            failures.add("JMH exited with " + r.describe() + ": " + tail(r.output()));
        } else if (results.isEmpty() && failures.isEmpty()) {
            String said = r.output().lines().filter(l -> l.contains("<failure")).findFirst().map(l -> "; JMH: " + l.strip()).orElse("");
            failures.add("no benchmark gave a result: JMH's benchmark JVM did not start or was ended before a measurement"
                    + " (a flag in --jvm-args it refused, System.exit in a benchmark)" + said);
        }
        return new BenchReport(fileName, o.jdk().version(), o.preset(), jvmArgs, results, status, List.copyOf(failures), r.output());
    }

    /** The jars (or folders) holding JMH, its annotation processor and their dependencies, as this JVM loaded them. */
    static List<Path> jmhClassPath() {
        return escapelab.jvm.ClassPaths.of("org.openjdk.jmh.Main", "org.openjdk.jmh.generators.BenchmarkProcessor",
                "joptsimple.OptionParser", "org.apache.commons.math3.stat.descriptive.StatisticalSummary");
    }

    private static List<String> benchmarkList(Path classes) {
        Path list = classes.resolve("META-INF/BenchmarkList");
        try {
            return Files.exists(list) ? Files.readAllLines(list).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JMH's JSON result file; empty when JMH was stopped before it wrote one. */
    static List<BenchReport.Result> parse(Path json) {
        try {
            return Files.exists(json) ? parse(Files.readString(json)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JMH's JSON: primaryMetric for the score, secondaryMetrics' gc.alloc.rate.norm for bytes per
     * operation (NaN when JMH did not measure allocation). A benchmark entry without a name, mode
     * or score is left out; a file that is not JMH's JSON (cut short when JMH was stopped) gives none.
     */
    static List<BenchReport.Result> parse(String json) {
        List<BenchReport.Result> out = new ArrayList<>();
        JsonElement all;
        try {
            all = JsonParser.parseString(json);
        } catch (com.google.gson.JsonParseException e) {
            return out;
        }
        if (all == null || !all.isJsonArray()) {
            return out;
        }
        for (JsonElement e : all.getAsJsonArray()) {
            JsonObject b = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
            JsonObject primary = object(b, "primaryMetric");
            if (text(b, "benchmark") == null || text(b, "mode") == null || primary == null || text(primary, "scoreUnit") == null) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            JsonObject given = object(b, "params");
            if (given != null) {
                given.entrySet().forEach(p -> params.put(p.getKey(), p.getValue().isJsonPrimitive() ? p.getValue().getAsString() : p.getValue().toString()));
            }
            JsonObject secondary = object(b, "secondaryMetrics");
            JsonObject norm = secondary == null ? null : object(secondary, "gc.alloc.rate.norm");
            JsonObject rate = secondary == null ? null : object(secondary, "gc.alloc.rate");
            JsonObject gcs = secondary == null ? null : object(secondary, "gc.count");
            out.add(new BenchReport.Result(text(b, "benchmark"), params, text(b, "mode"), number(primary, "score"),
                    number(primary, "scoreError"), text(primary, "scoreUnit"),
                    norm == null ? Double.NaN : number(norm, "score"), norm == null ? Double.NaN : number(norm, "scoreError"),
                    rate == null ? 0 : number(rate, "score"), gcs == null ? 0 : number(gcs, "score")));
        }
        return out;
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** JMH writes "NaN" for an error it could not compute (one iteration, one fork). */
    private static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return Double.NaN;
        }
        return e.getAsDouble();
    }

    private static String tail(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }

    /** Reads JMH's console output as it comes: progress for the user, failures for the report. */
    private static final class Progress {
        final Preset preset;
        final int benchmarks;
        final Consumer<String> sink;
        final List<String> failures = new ArrayList<>();
        String current;
        String params = "";
        int started;
        boolean inFailure;

        Progress(Preset preset, int benchmarks, Consumer<String> sink) {
            this.preset = preset;
            this.benchmarks = benchmarks;
            this.sink = sink;
        }

        void line(String line) {
            Matcher b = BENCHMARK.matcher(line);
            Matcher p = PARAMETERS.matcher(line);
            Matcher it = ITERATION.matcher(line);
            if (line.contains("<failure>")) { // JMH writes it where the iteration's score would be
                inFailure = true;
            } else if (b.find()) {
                current = b.group(1);
                started++;
                params = "";
                inFailure = false;
            } else if (p.find()) {
                params = " " + p.group(1);
            } else if (it.find() && current != null) {
                boolean warm = it.group(1).startsWith("#");
                sink.accept(String.format("%s%s: %s %s/%d: %s", BenchReport.shortName(current),
                        params, warm ? "warm-up" : "iteration", it.group(2), warm ? preset.warmups() : preset.iterations(), it.group(3).strip()));
            } else if (inFailure && !line.isBlank()) {
                failures.add(current + params + ": " + line.strip());
                sink.accept(current + params + " failed: " + line.strip());
                inFailure = false;
            }
        }
    }
}
