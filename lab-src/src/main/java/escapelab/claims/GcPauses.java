package escapelab.claims;

import escapelab.Lab;
import escapelab.golang.GoTool;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.TempDirs;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same load (Churn.java, churn.go) under G1, ZGC, Parallel and Go's collector: the pauses
 * each collector's own log reports, the allocation stalls ZGC reports, and the longest time the
 * program waited for one 1 MB batch of allocation.
 */
public final class GcPauses {
    public static final List<String> JAVA_COLLECTORS = List.of("G1", "ZGC", "Parallel");
    public static final String GO = "Go";

    private GcPauses() {
    }

    /** The load: live set, Java heap (Go sizes its own heap: GOGC=100), allocation rate and time. */
    public record Scale(int liveMb, int heapMb, int rateMbPerS, double seconds) {
        public static Scale current() {
            return Lab.fast() ? new Scale(128, 512, 200, 3) : new Scale(1024, 4096, 500, 8);
        }

        @Override
        public String toString() {
            return String.format("%,d MB live, %,d MB Java heap, %d MB/s for %.0f s", liveMb, heapMb, rateMbPerS, seconds);
        }
    }

    /** A pause or a stall: when (seconds into the steady phase), how long, and what the log called it. */
    public record Pause(double atS, double ms, String what) {
    }

    /**
     * @param pauses     the stop-the-world pauses of the steady phase (after the live set was built)
     * @param stalls     threads stopped because the collector could not keep up (ZGC's allocation and relocation stalls)
     * @param batchMaxMs the longest 1 MB allocation batch the program timed: what the application felt
     */
    public record Run(String collector, String runtime, Scale scale, List<Pause> pauses, List<Pause> stalls, double rateMbS,
                      double batchP50Ms, double batchMaxMs, long peakRssKb, String error) implements Renderable {
        /** A run on its own shows as its row of the collectors' table, not as its list of pauses. */
        @Override
        public String toText() {
            return table(List.of(this)).toText();
        }

        @Override
        public String toHtml() {
            return table(List.of(this)).toHtml();
        }

        @Override
        public String toString() {
            return toText();
        }

        public boolean ok() {
            return error.isEmpty();
        }

        public double maxPauseMs() {
            return pauses.stream().mapToDouble(Pause::ms).max().orElse(0);
        }

        public double percentileMs(double p) {
            double[] ms = pauses.stream().mapToDouble(Pause::ms).sorted().toArray();
            return ms.length == 0 ? 0 : ms[(int) Math.min(ms.length - 1, Math.floor(p * ms.length))];
        }

        public double totalPauseMs() {
            return pauses.stream().mapToDouble(Pause::ms).sum();
        }

        public double maxStallMs() {
            return stalls.stream().mapToDouble(Pause::ms).max().orElse(0);
        }
    }

    public static Run java(String collector, Scale s, Consumer<String> progress) {
        String flag = switch (collector) {
            case "G1" -> "-XX:+UseG1GC";
            case "ZGC" -> "-XX:+UseZGC";
            case "Parallel" -> "-XX:+UseParallelGC";
            default -> throw new IllegalArgumentException("collector " + collector + " is not one of " + JAVA_COLLECTORS);
        };
        progress.accept(collector + " on JDK " + Lab.jdk().version() + ": " + s + " ...");
        Path dir = TempDirs.create("escape-lab-gc-");
        try {
            ChildProcess.Result r = ChildProcess.of(Lab.jdk().java().toString(), flag, "-Xms" + s.heapMb() + "m", "-Xmx" + s.heapMb() + "m",
                            "-Xlog:gc,gc+phases:file=" + dir.resolve("gc.log"), "-cp", Programs.javaClasses("Churn.java").toString(), "Churn",
                            String.valueOf(s.liveMb()), String.valueOf(s.rateMbPerS()), String.valueOf(s.seconds()))
                    .timeLimit(timeLimit(s)).run();
            String log = Files.isRegularFile(dir.resolve("gc.log")) ? Files.readString(dir.resolve("gc.log")) : "";
            return result(collector, "JDK " + Lab.jdk().version(), s, r, unified(log, "Pause"), unified(log, "Stall"));
        } catch (IOException e) {
            return failed(collector, "JDK " + Lab.jdk().version(), s, "cannot read the GC log: " + e.getMessage());
        } finally {
            TempDirs.delete(dir);
        }
    }

    public static Run go(Scale s, Consumer<String> progress) {
        GoTool go = GoTool.require();
        Path binary = Programs.goBinary(go, "churn.go");
        progress.accept("Go (" + go.version() + ", GOGC=100): " + s.liveMb() + " MB live, " + s.rateMbPerS() + " MB/s for " + s.seconds() + " s ...");
        ChildProcess.Result r = ChildProcess.of(binary.toString(), String.valueOf(s.liveMb()), String.valueOf(s.rateMbPerS()),
                        String.valueOf(s.seconds()))
                .env("GODEBUG", "gctrace=1").env("GOGC", "100").env("GOMEMLIMIT", "off").timeLimit(timeLimit(s)).run();
        return result(GO, go.version(), s, r, gctrace(r.stderr()), List.of());
    }

    private static Duration timeLimit(Scale s) {
        return Duration.ofSeconds((long) s.seconds() + 90); // building the live set takes seconds too
    }

    private static Run result(String collector, String runtime, Scale s, ChildProcess.Result r, List<Pause> pauses, List<Pause> stalls) {
        Map<String, String> kv = Programs.result(r.stdout());
        if (!r.ok() || kv.isEmpty()) {
            String last = r.output().strip().lines().reduce((a, b) -> b).orElse("");
            return failed(collector, runtime, s, (r.timedOut() ? "stopped at the time limit" : r.describe()) + (last.isEmpty() ? "" : ": " + last));
        }
        double fill = Programs.number(kv, "fill_s"); // count only what happened under the steady load
        return new Run(collector, runtime, s, steady(pauses, fill), steady(stalls, fill), Programs.number(kv, "rate_mb_s"),
                Programs.number(kv, "batch_p50_ms"), Programs.number(kv, "batch_max_ms"), (long) Programs.number(kv, "peak_rss_kb"), "");
    }

    private static Run failed(String collector, String runtime, Scale s, String why) {
        return new Run(collector, runtime, s, List.of(), List.of(), Double.NaN, Double.NaN, Double.NaN, 0, why);
    }

    private static List<Pause> steady(List<Pause> all, double from) {
        return all.stream().filter(p -> p.atS() >= from).map(p -> new Pause(p.atS() - from, p.ms(), p.what())).toList();
    }

    // [0.120s][info][gc       ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 35M->34M(512M) 36.093ms
    // [0.272s][info][gc,phases] GC(0) Y: Pause Mark Start (Major) 0.015ms
    // [0.517s][info][gc       ] Allocation Stall (main) 60.978ms
    private static final Pattern UNIFIED = Pattern.compile("^\\[(\\d+\\.\\d+)s\\](?:\\[[^]]*\\])*\\s*(?:GC\\(\\d+\\)\\s+)?(.*?)\\s+(\\d+(?:\\.\\d+)?)ms$");
    private static final Pattern HEAP_CHANGE = Pattern.compile("\\s+\\d+[KMG]->.*$");

    /** Lines of a unified GC log (-Xlog:gc,gc+phases) whose event contains {@code word}, with their durations. */
    static List<Pause> unified(String log, String word) {
        List<Pause> out = new ArrayList<>();
        for (String line : log.lines().toList()) {
            Matcher m = UNIFIED.matcher(line.strip());
            if (m.matches() && m.group(2).contains(word)) {
                out.add(new Pause(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3)),
                        HEAP_CHANGE.matcher(m.group(2)).replaceAll("")));
            }
        }
        return out;
    }

    // gc 6 @1.375s 6%: 0.21+91+0.042 ms clock, 0.42+16/45/81+0.085 ms cpu, 272->290->166 MB, 319 MB goal, ...
    private static final Pattern GCTRACE = Pattern.compile("^gc \\d+ @(\\d+\\.\\d+)s \\d+%: (\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?) ms clock");

    /** The two stop-the-world phases of each cycle in GODEBUG=gctrace=1 output: sweep termination and mark termination. */
    static List<Pause> gctrace(String stderr) {
        List<Pause> out = new ArrayList<>();
        for (String line : stderr.lines().toList()) {
            Matcher m = GCTRACE.matcher(line.strip());
            if (m.find()) {
                double at = Double.parseDouble(m.group(1));
                out.add(new Pause(at, Double.parseDouble(m.group(2)), "STW sweep termination"));
                out.add(new Pause(at, Double.parseDouble(m.group(4)), "STW mark termination"));
            }
        }
        return out;
    }

    public static Table table(List<Run> runs) {
        Table t = new Table(List.of("collector", "pauses", "median", "p99", "max pause", "total paused",
                "stalls (max)", "longest 1 MB batch", "allocation rate", "peak RSS"));
        for (Run r : runs) {
            if (!r.ok()) {
                t.row(r.collector() + " (" + r.runtime() + ")", "failed: " + r.error(), "", "", "", "", "", "", "", "");
                continue;
            }
            t.row(r.collector() + " (" + r.runtime() + ")", String.valueOf(r.pauses().size()), ms(r.percentileMs(0.5)),
                    ms(r.percentileMs(0.99)), ms(r.maxPauseMs()), ms(r.totalPauseMs()),
                    r.stalls().isEmpty() ? "none" : r.stalls().size() + " (" + ms(r.maxStallMs()) + ")",
                    ms(r.batchMaxMs()), String.format("%.0f MB/s", r.rateMbS()), String.format("%,.0f MB", r.peakRssKb() / 1024.0));
        }
        Scale s = runs.isEmpty() ? Scale.current() : runs.get(0).scale();
        return t.caption("The same load on each collector: " + s + "; pauses and stalls from each collector's own log, "
                + "the batch time from the program's clock");
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format("%.0f ms", v) : v >= 1 ? String.format("%.1f ms", v) : String.format("%.3f ms", v);
    }
}
