package escapelab.cli;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.Timings;
import escapelab.Timings.Phase;
import escapelab.jvm.ChildProcess;
import escapelab.notebook.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ./lab speed's end-to-end part: ./lab escape, ./lab go-escape and ./lab layout started as a user
 * starts them (the ./lab script, a process each), beside go build -gcflags=-m recompiling the twin,
 * interleaved round by round so that the machine's load falls on all alike. ./lab escape runs with
 * the lab JVM's AOT cache and without it (LAB_AOT=off), and tells where its time went (LAB_TIMINGS=1).
 */
final class ShellToAnswer {
    /**
     * A command's runs: its wall times from the shell's start to the answer, how it compares with go
     * build, and the CPU time (user and system) of its processes, which another session's load on the
     * machine disturbs less than the wall time (Linux only).
     */
    record CommandRuns(String command, List<Double> seconds, double median, Double overGo, List<Double> cpuSeconds, Double cpuMedian) {
    }

    /**
     * The median of each phase of ./lab escape over the runs, and of what no phase covers (the lab
     * JVM's exit, bash starting); medians of parts do not add up to the median of the whole.
     */
    record Breakdown(Map<String, Double> medianSeconds, double restMedian) {
        static Breakdown of(List<Double> walls, List<Map<Phase, Double>> phases) {
            Map<String, Double> medians = new LinkedHashMap<>();
            for (Phase p : Phase.values()) {
                List<Double> xs = phases.stream().filter(m -> m.containsKey(p)).map(m -> m.get(p)).toList();
                if (!xs.isEmpty()) {
                    medians.put(Json.word(p), median(xs));
                }
            }
            List<Double> rest = new ArrayList<>();
            for (int i = 0; i < walls.size(); i++) {
                rest.add(walls.get(i) - phases.get(i).values().stream().mapToDouble(Double::doubleValue).sum());
            }
            return new Breakdown(medians, rest.isEmpty() ? Double.NaN : median(rest));
        }
    }

    /**
     * @param aotSavingMedian      the median over the rounds of ./lab escape's time without the cache less its time
     *                             with it, in the same round: steadier on a busy machine than the difference of the medians
     * @param aotCache             the cache the lab's JVM used, or why there was none
     * @param sameOutputWithoutAot whether ./lab escape printed the same report with the cache and without
     * @param loadAverage          the machine's load average (1, 5, 15 minutes) at the end of the runs
     */
    record Result(int rounds, List<CommandRuns> commands, String go, List<Double> goRecompiledSeconds, Double goRecompiledMedian,
                  Double goRecompiledCpuMedian,
                  Breakdown escapeBreakdown, Breakdown escapeBreakdownWithoutAot, Double aotSavingMedian, String aotCache,
                  boolean sameOutputWithoutAot,
                  List<Double> loadAverage) {
        CommandRuns command(String name) {
            return commands.stream().filter(c -> c.command().equals(name)).findFirst().orElse(null);
        }
    }

    static final String ESCAPE = "./lab escape Twin.java";
    static final String ESCAPE_WITHOUT_AOT = "./lab escape Twin.java (LAB_AOT=off)";
    static final String GO_ESCAPE = "./lab go-escape twin.go";
    static final String LAYOUT = "./lab layout Shapes.java Point";
    private static final String GO_BUILD = "go build -gcflags=-m, file recompiled";

    private ShellToAnswer() {
    }

    static Result measure(PrintWriter out, int rounds, Path twinJava, Path twinGoDir, boolean hasGo) {
        Path lab = Lab.home().resolve("lab");
        Path shapes = Lab.home().resolve("lab-src/examples/layout/Shapes.java");
        List<String> go = List.of("go", "build", "-gcflags=-m", "-o", twinGoDir.resolve("twin").toString(), ".");
        out.println("shell to answer: each command started as a user starts it (./lab ...), " + rounds
                + " rounds interleaved after one warm-up round");
        Map<String, List<Double>> walls = new LinkedHashMap<>();
        Map<String, List<Double>> cpus = new LinkedHashMap<>();
        List<Map<Phase, Double>> withAot = new ArrayList<>();
        List<Map<Phase, Double>> withoutAot = new ArrayList<>();
        String withOutput = null;
        String withoutOutput = null;
        for (int round = 0; round <= rounds; round++) {
            boolean timed = round > 0; // the first round warms the disk cache and Go's build cache
            // With and without the cache in turn, so that neither always runs first.
            boolean aotFirst = round % 2 == 0;
            Timed a = aotFirst ? runLab(lab, Map.of(), "escape", twinJava.toString()) : null;
            Timed b = runLab(lab, Map.of("LAB_AOT", "off"), "escape", twinJava.toString());
            a = aotFirst ? a : runLab(lab, Map.of(), "escape", twinJava.toString());
            Timed c = hasGo ? runLab(lab, Map.of(), "go-escape", twinGoDir.resolve("twin.go").toString()) : null;
            Timed d = runLab(lab, Map.of(), "layout", shapes.toString(), "Point");
            Timed g = null;
            if (hasGo) {
                appendLine(twinGoDir.resolve("twin.go")); // Go replays a cached build's diagnostics: make it compile
                g = Timed.run(ChildProcess.of(go).directory(twinGoDir).timeLimit(Duration.ofMinutes(2)));
            }
            if (!timed) {
                withOutput = a.result().stdout();
                withoutOutput = b.result().stdout();
                continue;
            }
            add(walls, cpus, ESCAPE, a);
            add(walls, cpus, ESCAPE_WITHOUT_AOT, b);
            if (c != null) {
                add(walls, cpus, GO_ESCAPE, c);
            }
            add(walls, cpus, LAYOUT, d);
            if (g != null) {
                add(walls, cpus, GO_BUILD, g);
            }
            withAot.add(Timings.read(a.result().stderr()));
            withoutAot.add(Timings.read(b.result().stderr()));
        }
        List<Double> gos = walls.remove(GO_BUILD);
        List<Double> goCpus = cpus.remove(GO_BUILD);
        Double goMedian = gos == null ? null : median(gos);
        List<CommandRuns> commands = new ArrayList<>();
        walls.forEach((name, xs) -> commands.add(new CommandRuns(name, xs, median(xs), goMedian == null ? null : median(xs) / goMedian,
                cpus.get(name), medianOrNull(cpus.get(name)))));
        String cache = System.getenv("LAB_AOT_CACHE");
        Result r = new Result(rounds, commands, hasGo ? null : "skipped: no go command", gos, goMedian, medianOrNull(goCpus),
                Breakdown.of(walls.get(ESCAPE), withAot), Breakdown.of(walls.get(ESCAPE_WITHOUT_AOT), withoutAot),
                pairedSaving(walls.get(ESCAPE), walls.get(ESCAPE_WITHOUT_AOT)), cache != null ? cache : "none (LAB_AOT=off, or ./lab setup has not made one for this jar)",
                withOutput != null && withOutput.equals(withoutOutput), loadAverage());
        print(out, r);
        return r;
    }

    /** One run: what it printed, and the CPU seconds its processes used (null where /proc/self/stat is missing). */
    record Timed(ChildProcess.Result result, Double cpuSeconds) {
        static Timed run(ChildProcess process) {
            Double before = childrenCpuSeconds();
            ChildProcess.Result r = process.run();
            Double after = childrenCpuSeconds();
            return new Timed(r, before == null || after == null ? null : after - before);
        }
    }

    private static Timed runLab(Path lab, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(lab.toString()));
        cmd.addAll(List.of(args));
        ChildProcess p = ChildProcess.of(cmd).timeLimit(Duration.ofMinutes(3)).env(Timings.ENV, "1");
        env.forEach(p::env);
        Timed t = Timed.run(p);
        if (!t.result().ok()) { // the time of a command that failed says nothing
            throw LabException.environment("./lab " + String.join(" ", args) + " failed while ./lab speed timed it ("
                    + t.result().describe() + "): " + String.join(" ", t.result().stderr().strip().lines()
                    .filter(l -> !l.startsWith(Timings.LINE)).limit(3).toList()));
        }
        return t;
    }

    private static void add(Map<String, List<Double>> walls, Map<String, List<Double>> cpus, String name, Timed t) {
        walls.computeIfAbsent(name, k -> new ArrayList<>()).add(t.result().elapsed().toNanos() / 1e9);
        if (t.cpuSeconds() != null) {
            cpus.computeIfAbsent(name, k -> new ArrayList<>()).add(t.cpuSeconds());
        }
    }

    /** Clock ticks per second of /proc's times: USER_HZ, 100 on Linux unless getconf says otherwise; asked once. */
    private static final class Ticks {
        static final double PER_SECOND = ask();

        private static double ask() {
            try {
                ChildProcess.Result r = ChildProcess.of("getconf", "CLK_TCK").timeLimit(Duration.ofSeconds(10)).run();
                return r.ok() ? Double.parseDouble(r.stdout().strip()) : 100;
            } catch (RuntimeException e) {
                return 100;
            }
        }
    }

    /**
     * The user and system CPU time of this JVM's children that have ended and been waited for (with
     * their own such children), from /proc/self/stat; null where there is no such file.
     */
    static Double childrenCpuSeconds() {
        try {
            return childrenCpuSeconds(Files.readString(Path.of("/proc/self/stat")), Ticks.PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** cutime and cstime, fields 16 and 17 of proc(5)'s /proc/PID/stat, counted after the command name's ')'. */
    static double childrenCpuSeconds(String procStat, double ticksPerSecond) {
        String[] f = procStat.substring(procStat.lastIndexOf(')') + 2).strip().split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / ticksPerSecond;
    }

    private static void appendLine(Path file) {
        try {
            Files.writeString(file, "\n// timed run " + System.nanoTime() + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(PrintWriter out, Result r) {
        for (CommandRuns c : r.commands()) {
            out.printf(Locale.ROOT, "  %-40s median %.3f s%s%s%n", c.command() + ":", c.median(),
                    c.overGo() == null ? "" : String.format(Locale.ROOT, " (%.1fx go build)", c.overGo()),
                    c.cpuMedian() == null ? "" : String.format(Locale.ROOT, ", CPU %.2f s", c.cpuMedian()));
        }
        if (r.goRecompiledMedian() != null) {
            out.printf(Locale.ROOT, "  %-40s median %.3f s%s%n", GO_BUILD + ":", r.goRecompiledMedian(),
                    r.goRecompiledCpuMedian() == null ? "" : String.format(Locale.ROOT, ", CPU %.2f s", r.goRecompiledCpuMedian()));
        }
        out.println("  ./lab escape's phases, medians in seconds, with the AOT cache / without:");
        for (Map.Entry<String, Double> e : r.escapeBreakdown().medianSeconds().entrySet()) {
            Double without = r.escapeBreakdownWithoutAot().medianSeconds().get(e.getKey());
            out.printf(Locale.ROOT, "    %-16s %.3f / %s%n", e.getKey(), e.getValue(),
                    without == null ? "-" : String.format(Locale.ROOT, "%.3f", without));
        }
        out.printf(Locale.ROOT, "    %-16s %.3f / %.3f%n", "rest", r.escapeBreakdown().restMedian(), r.escapeBreakdownWithoutAot().restMedian());
        if (r.aotSavingMedian() != null) {
            out.printf(Locale.ROOT, "  ./lab escape without the AOT cache less with it, the same round's runs: median %.3f s%n", r.aotSavingMedian());
        }
        out.println("  AOT cache: " + r.aotCache() + (r.sameOutputWithoutAot() ? "; the same report without it" : "; THE REPORT DIFFERED WITHOUT IT"));
        out.println("  load average: " + r.loadAverage());
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or the JVM's 1-minute figure elsewhere. */
    static List<Double> loadAverage() {
        try {
            return parseLoadAverage(Files.readString(Path.of("/proc/loadavg")));
        } catch (IOException | RuntimeException e) {
            double one = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? List.of() : List.of(one);
        }
    }

    static List<Double> parseLoadAverage(String procLoadavg) {
        String[] p = procLoadavg.strip().split("\\s+");
        return List.of(Double.valueOf(p[0]), Double.valueOf(p[1]), Double.valueOf(p[2]));
    }

    /** The median of without[i] - with[i]: the same round's two runs compared. */
    static Double pairedSaving(List<Double> with, List<Double> without) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < Math.min(with.size(), without.size()); i++) {
            d.add(without.get(i) - with.get(i));
        }
        return medianOrNull(d);
    }

    private static Double medianOrNull(List<Double> xs) {
        return xs == null || xs.isEmpty() ? null : median(xs);
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
