package escapelab.claims;

import escapelab.Lab;
import escapelab.golang.GoTool;
import escapelab.jvm.ChildProcess;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * n tasks that sleep at the same time, as goroutines (tasks.go), virtual threads and platform
 * threads (Tasks.java): time to start them, time until all are done, peak resident memory.
 */
public final class ConcurrentTasks {
    public static final String GOROUTINES = "goroutines";
    public static final String VIRTUAL = "virtual threads";
    public static final String PLATFORM = "platform threads";
    static final Duration SLEEP = Duration.ofSeconds(1);

    private ConcurrentTasks() {
    }

    /**
     * @param asked    how many tasks were asked for
     * @param started  how many ran; fewer than asked when the machine refused more threads
     * @param error    why it stopped early, else ""
     */
    public record Run(String kind, int asked, int started, double startMs, double doneMs, long rssBeforeKb, long peakRssKb,
                      String error, String capped) {
        public boolean complete() {
            return started == asked && error.isEmpty();
        }

        /** Peak resident memory over the idle program's, per task that ran. */
        public double kbPerTask() {
            return started == 0 ? Double.NaN : (peakRssKb - rssBeforeKb) / (double) started;
        }
    }

    /** The limits on kernel tasks that a platform thread counts against (Linux). */
    public record TaskLimits(long pidMax, long threadsMax, long inUse) {
        public static TaskLimits read() {
            return new TaskLimits(number("/proc/sys/kernel/pid_max"), number("/proc/sys/kernel/threads-max"), tasksInUse());
        }

        private static long number(String file) {
            try {
                // readString stops early on some /proc files (they report size 0); a line reader does not
                return Long.parseLong(Files.readAllLines(Path.of(file)).get(0).strip());
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static long tasksInUse() {
            try (var procs = Files.list(Path.of("/proc"))) {
                return procs.filter(p -> p.getFileName().toString().matches("\\d+")).mapToLong(p -> {
                    try (var t = Files.list(p.resolve("task"))) {
                        return t.count();
                    } catch (IOException e) {
                        return 0; // the process ended while we counted
                    }
                }).sum();
            } catch (IOException e) {
                return -1;
            }
        }
    }

    public static Run goroutines(int n, Consumer<String> progress) {
        GoTool go = GoTool.require();
        Path binary = Programs.goBinary(go, "tasks.go");
        progress.accept(GOROUTINES + ": starting " + String.format("%,d", n) + " (" + go.version() + ")");
        ChildProcess.Result r = ChildProcess.of(binary.toString(), String.valueOf(n), SLEEP.toMillis() + "ms")
                .timeLimit(Duration.ofMinutes(2)).run();
        return parse(GOROUTINES, n, n, r, "");
    }

    /**
     * Java tasks on the lab's JDK. Platform threads above {@code cap} are not tried: each is a
     * kernel task, and running the machine out of them stops every other process from starting one.
     */
    public static Run java(String kind, int n, int cap, Consumer<String> progress) {
        int tried = Math.min(n, cap);
        progress.accept(kind + ": starting " + String.format("%,d", tried) + (tried < n ? String.format(" of %,d", n) : "") + " (JDK " + Lab.jdk().version() + ")");
        ChildProcess.Result r = ChildProcess.of(Lab.jdk().java().toString(), "-cp", Programs.javaClasses("Tasks.java").toString(), "Tasks",
                kind.equals(VIRTUAL) ? "virtual" : "platform", String.valueOf(tried), String.valueOf(SLEEP.toMillis()))
                .timeLimit(Duration.ofMinutes(3)).run();
        return parse(kind, n, tried, r, tried < n ? "not tried above " + cap : "");
    }

    /** A run's result line; {@code n} tasks were asked for, {@code tried} started (fewer when capped). */
    static Run parse(String kind, int n, int tried, ChildProcess.Result r, String capped) {
        Map<String, String> kv = Programs.result(r.stdout());
        if (kv.isEmpty()) {
            String why = r.timedOut() ? "stopped at the time limit" : r.describe() + ": " + r.output().strip().lines().reduce((a, b) -> b).orElse("");
            return new Run(kind, n, 0, Double.NaN, Double.NaN, 0, 0, why, capped);
        }
        boolean stopped = kv.containsKey("stopped_at");
        double stoppedAt = Programs.number(kv, "stopped_at");
        int started = !stopped ? tried : Double.isNaN(stoppedAt) ? 0 : (int) stoppedAt;
        String error = stopped ? kv.getOrDefault("error", "refused").replace('_', ' ') : "";
        return new Run(kind, n, started, Programs.number(kv, "started_ms"), stopped ? Double.NaN : Programs.number(kv, "done_ms"),
                (long) Programs.number(kv, "rss_before_kb"), (long) Programs.number(kv, "peak_rss_kb"), error, capped);
    }

    public static Table table(List<Run> runs) {
        Table t = new Table(List.of("tasks as", "asked", "ran at once", "time to start all", "all done after",
                "peak RSS", "RSS per task", "note"));
        for (Run r : runs) {
            t.row(r.kind(), String.format("%,d", r.asked()), String.format("%,d", r.started()), ms(r.startMs()),
                    r.complete() ? ms(r.doneMs()) : "", String.format("%,.0f MB", r.peakRssKb() / 1024.0),
                    Double.isNaN(r.kbPerTask()) ? "" : String.format("%.1f KB", r.kbPerTask()),
                    !r.error().isEmpty() ? "stopped: " + r.error() : r.capped());
        }
        return t;
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "" : v >= 1000 ? String.format("%,.2f s", v / 1000) : String.format("%.0f ms", v);
    }
}
