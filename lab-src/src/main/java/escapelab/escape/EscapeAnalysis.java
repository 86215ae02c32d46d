package escapelab.escape;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.Timings;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Status;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.CrashReports;
import escapelab.jvm.ChildPrograms;
import escapelab.jvm.CompileError;
import escapelab.jvm.IndependentRuns;
import escapelab.jvm.Jdk;
import escapelab.jvm.SourceCompiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * HotSpot's escape analysis, shown like Go's {@code -gcflags=-m}: compile the program, run it in a
 * forked JVM with C2's compilation log on, and say for every allocation and lock whether C2
 * eliminated it, in which compilations, and why not when it did not.
 */
public final class EscapeAnalysis {
    /** The program that runs the learner's code in the forked JVM: lab-src/src/child/java/LabEscapeDriver.java. */
    static final String DRIVER = "LabEscapeDriver";
    /** Flags whose values bound escape analysis; read from the run itself and shown in reports. */
    static final List<String> SETTINGS = List.of("DoEscapeAnalysis", "EliminateAllocations", "EliminateLocks",
            "EliminateAllocationArraySizeLimit", "EliminateAllocationFieldsLimit", "MaxInlineSize", "FreqInlineSize",
            "MaxBCEAEstimateSize", "MaxBCEAEstimateLevel", "TieredStopAtLevel", "UseCompactObjectHeaders",
            "UseCompiler", "DontCompileHugeMethods");
    private static final String UNTRACED = "passed into ";
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)");

    /**
     * How to run the program.
     *
     * @param jdk       the JDK to run on (any from 17)
     * @param jvmArgs   extra JVM flags, such as {@code -XX:-DoEscapeAnalysis}
     * @param timeLimit how long the program may run before it is stopped and reported as timed out
     */
    public record Options(Jdk jdk, List<String> jvmArgs, Duration timeLimit, int warmCalls, int measureCalls) {
        public static Options defaults() {
            return new Options(Jdk.current(), List.of(), Duration.ofSeconds(30), 20_000, 10_000);
        }

        public Options jdk(Jdk other) {
            return new Options(other, jvmArgs, timeLimit, warmCalls, measureCalls);
        }

        public Options jvmArgs(List<String> args) {
            return new Options(jdk, List.copyOf(args), timeLimit, warmCalls, measureCalls);
        }

        public Options timeLimit(Duration limit) {
            return new Options(jdk, jvmArgs, limit, warmCalls, measureCalls);
        }
    }

    private EscapeAnalysis() {
    }

    public static EscapeReport analyze(Path file, Options options) {
        SourceCompiler.Source source = SourceCompiler.Source.of(file);
        return analyze(source.fileName(), source.text(), options);
    }

    /**
     * The program on each JDK, side by side (a verdict is read from the compilation log, not timed). A JDK
     * whose release the source does not compile for gets a report saying so, and the others still run;
     * when no JDK's release compiles it, javac's error of the first is thrown, as for one JDK.
     */
    public static List<EscapeReport> onEach(Path file, Options options, List<Jdk> jdks) {
        SourceCompiler.Source source = SourceCompiler.Source.of(file);
        List<OnJdk> each = IndependentRuns.map(jdks, j -> {
            try {
                return new OnJdk(analyze(source.fileName(), source.text(), options.jdk(j)), null);
            } catch (CompileError e) {
                return new OnJdk(EscapeReport.compileError(source.fileName(), j.version(), "javac --release " + j.feature()
                        + " refused it, so it did not run on this JDK:\n" + e.getMessage()), e);
            }
        });
        if (each.stream().allMatch(r -> r.refused() != null)) {
            throw each.get(0).refused();
        }
        return each.stream().map(OnJdk::report).toList();
    }

    /** One JDK's report, and javac's error when its release refused the source. */
    private record OnJdk(EscapeReport report, CompileError refused) {
    }

    private static final Pattern DECLARED_JVM_ARGS = Pattern.compile("(?m)^//\\s*jvm-args:\\s*(.+)$");

    /**
     * The JVM flags a program asks for on a {@code // jvm-args: ...} line, as a Go errorcheck file names
     * its compiler flags: an example that needs {@code -XX:CompileCommand=dontinline,...} (Java's
     * {@code //go:noinline}) gets it wherever it runs, in a notebook, a test or {@code ./lab escape}.
     */
    static List<String> declaredJvmArgs(String source) {
        List<String> args = new ArrayList<>();
        Matcher m = DECLARED_JVM_ARGS.matcher(source);
        while (m.find()) {
            args.addAll(List.of(m.group(1).trim().split("\\s+")));
        }
        return args;
    }

    public static EscapeReport analyze(String fileName, String source, Options options) {
        List<String> declared = declaredJvmArgs(source);
        if (!declared.isEmpty()) {
            options = options.jvmArgs(Stream.concat(declared.stream(), options.jvmArgs().stream()).toList());
        }
        Timings.mark(Timings.Phase.ARGUMENTS);
        Path dir = escapelab.jvm.TempDirs.create("escape-lab-");
        EscapeReport report;
        try {
            report = run(fileName, source, options, dir);
        } finally {
            escapelab.jvm.TempDirs.delete(dir);
        }
        Timings.mark(Timings.Phase.VERDICTS);
        return report;
    }

    private static EscapeReport run(String fileName, String source, Options o, Path dir) {
        // The driver's JVM boots while javac compiles the program: it waits for the names of the
        // classes to run on its standard input, which the program then gets closed and empty, as before.
        Path classDir = dir.resolve("classes");
        ChildPrograms.classes(DRIVER).writeTo(classDir);
        Path log = dir.resolve("compilation.xml");
        List<String> cmd = new ArrayList<>(List.of(o.jdk().java().toString(),
                "-Xbatch", "-XX:+UnlockDiagnosticVMOptions", "-XX:+LogCompilation", "-XX:LogFile=" + log,
                "-XX:+PrintFlagsFinal", "-Xmx512m",
                // A MethodHandle invoked often gets its own customized code in which the target is a constant that C2
                // inlines; the driver's handles must stay opaque so each method is compiled as its own root.
                "-Djava.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD=-1", "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"),
                "-cp", classDir.toString()));
        cmd.addAll(cmd.size() - 2, o.jvmArgs());
        cmd.addAll(List.of(DRIVER, String.valueOf(o.warmCalls()), String.valueOf(o.measureCalls()),
                String.valueOf(o.timeLimit().toMillis())));
        DriverStamps stamps = new DriverStamps();
        ChildProcess.Started driver = ChildProcess.of(cmd).ownProcessGroup().directory(dir).timeLimit(o.timeLimit().plusSeconds(20))
                .onStdoutLine(stamps::see).start();
        Map<String, byte[]> own;
        ProgramCode program;
        try {
            SourceCompiler.Classes classes = SourceCompiler.compile(List.of(new SourceCompiler.Source(fileName, source)),
                    o.jdk().feature(), List.of());
            own = classes.bytes();
            if (own.isEmpty()) {
                throw LabException.input(fileName + ": no class to analyse");
            }
            program = new ProgramCode(classes, Map.of(fileName, source));
            // A program's class named as one of the driver's leaves the driver's file in place, as before.
            Map<String, byte[]> written = new LinkedHashMap<>(own);
            written.keySet().removeAll(ChildPrograms.classes(DRIVER).bytes().keySet());
            new SourceCompiler.Classes(written).writeTo(classDir);
        } catch (RuntimeException | Error e) { // javac's own StackOverflowError too: no driver may wait on for ever
            driver.kill();
            throw e;
        }
        Timings.mark(Timings.Phase.COMPILE);
        StringBuilder names = new StringBuilder();
        own.keySet().forEach(name -> names.append(name).append('\n'));
        ChildProcess.Result r = driver.finish(names.toString());
        Timings.split(Timings.Phase.DRIVER_START, stamps.start);
        Timings.split(Timings.Phase.DRIVER_RUN, stamps.done);
        Timings.mark(Timings.Phase.DRIVER_EXIT);

        DriverOutput driven = DriverOutput.read(r.stdout());
        Map<String, String> settings = driven.settings();
        Map<String, Double> bytes = driven.bytes();
        List<String> printed = new ArrayList<>(driven.programOutput());
        boolean done = driven.done();
        boolean timedOut = r.timedOut() || driven.timedOut();
        List<String> threw = driven.threw();
        if (settings.isEmpty() && !r.ok()) {
            throw LabException.input(o.jdk().label() + " did not start with " + String.join(" ", o.jvmArgs()) + ": "
                    + String.join(" ", r.output().strip().lines().limit(3).toList()));
        }
        Status status;
        String crash = findCrash(dir);
        String detail;
        if (timedOut) {
            status = Status.TIMED_OUT;
            detail = "stopped at the time limit of " + o.timeLimit().toSeconds() + " s; these are the compilations made until then";
        } else if (r.exitCode() > 128 || crash != null) {
            status = Status.CRASHED;
            detail = r.describe() + "; " + (crash != null ? crash + "; " : "")
                    + "these are the compilations made before the crash";
        } else if (!done && !driven.driverStarted()) {
            status = Status.EXITED;
            detail = "the JVM ended before the program ran (" + r.describe() + ")" + (o.jvmArgs().isEmpty() ? ""
                    : "; one of its flags may have ended it (-version, --help): " + String.join(" ", o.jvmArgs()));
        } else if (!done) {
            status = Status.EXITED;
            detail = "the program ended the JVM itself (" + r.describe() + ") before every method was warmed";
        } else if (driven.mainThrew()) {
            status = Status.EXITED; // as java would have: the program's main ended with an exception
            detail = "";
        } else {
            status = Status.COMPLETE;
            detail = "";
        }
        if (!threw.isEmpty()) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + String.join("; ", threw);
        }
        if (!r.stderr().isBlank()) {
            printed.addAll(r.stderr().lines().toList());
        }
        Printed output = Printed.of(printed);
        CompilationLog compilations;
        try {
            compilations = Files.exists(log) ? CompilationLog.read(log) : CompilationLog.read(java.io.InputStream.nullInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> notes = new ArrayList<>(detail.isEmpty() ? List.of() : List.of(detail));
        if (!Files.exists(log)) {
            notes.add("the JVM wrote no compilation log (was -XX:+LogCompilation switched off or -XX:LogFile redirected?);"
                    + " without it no verdict can be read");
        } else if (!compilations.complete() && status == Status.COMPLETE) {
            notes.add("the compilation log ends before the JVM finished writing it; compilations after the cut are not in this report");
        }
        notes.addAll(compilations.problems());
        compilations.tasks().stream().filter(t -> !t.success() && program.methods.containsKey(t.root()))
                .forEach(t -> notes.add("C2 gave up compiling " + t.root().display() + " (compilation " + t.compileId() + ")"
                        + (t.failure() == null ? "" : ": " + t.failure())));
        detail = String.join("; ", notes);
        List<Finding> verdicts;
        try (JdkCode jdkCode = JdkCode.of(o.jdk().home())) {
            verdicts = new VerdictRules(program, compilations, settings, bytes, status, jdkCode).all();
        } catch (RuntimeException e) { // a log shaped as the rules never expected: say so rather than end in a stack trace
            throw LabException.input(fileName + ": the compilation log of this run holds records the lab did not expect ("
                    + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?") + "); please report it with the file");
        }
        List<String> flags = new ArrayList<>(o.jvmArgs());
        return new EscapeReport(fileName, o.jdk().version(), flags, status, detail, verdicts, bytes, output.text(), output.linesCut(),
                settings, logExcerpt(log, own.keySet()));
    }

    /** When the driver's first and last lines arrived (System.nanoTime(); 0 if never), for LAB_TIMINGS. */
    private static final class DriverStamps {
        volatile long start;
        volatile long done;

        void see(String line) {
            if (start == 0 && line.equals("@@lab start")) {
                start = System.nanoTime();
            } else if (line.equals("@@lab done")) {
                done = System.nanoTime();
            }
        }
    }

    /** How many lines of what a program printed a report keeps, and how many characters of each. */
    static final int PRINTED_LINES = 25;
    static final int PRINTED_LINE_CHARS = 300;

    /**
     * What the program printed, as a report keeps it: its first lines, each cut to a readable
     * length, and how many lines were left out. A program may print without end.
     */
    record Printed(String text, int linesCut) {
        static Printed of(List<String> lines) {
            StringBuilder b = new StringBuilder();
            for (String line : lines.subList(0, Math.min(lines.size(), PRINTED_LINES))) {
                b.append(line.length() <= PRINTED_LINE_CHARS ? line
                        : line.substring(0, PRINTED_LINE_CHARS) + " ... (" + (line.length() - PRINTED_LINE_CHARS) + " more characters)").append('\n');
            }
            return new Printed(b.toString(), Math.max(0, lines.size() - PRINTED_LINES));
        }
    }

    private static final Pattern TASK_METHOD = Pattern.compile("^<task [^>]*method='([^ ']+)");
    private static final Pattern DECLARATION = Pattern.compile("^<(klass|type|method) id='(\\d+)'(?:.* holder='(\\d+)')?");
    private static final Pattern REFERENCE = Pattern.compile("(?:method|type)='(\\d+)'");
    private static final Pattern HOLDER = Pattern.compile(" holder='(\\d+)'");
    /** Attributes of a task and of a declaration that change from run to run, left out of the excerpt. */
    private static final Pattern TASK_NOISE = Pattern.compile(" (count|backedge_count|iicount|stamp|blocking)='[^']*'");
    private static final Pattern DECLARATION_NOISE = Pattern.compile(" (iicount|flags|bytes|compile_id|compiler|level)='[^']*'");

    /**
     * The raw lines of the compilation log that the verdicts rest on, for learners to read: each
     * C2 task of the program's own classes, with its eliminate_allocation and eliminate_lock records.
     */
    private static String logExcerpt(Path log, java.util.Set<String> ownClasses) {
        if (!Files.exists(log)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        boolean inOwnTask = false;
        Map<String, String> declared = new LinkedHashMap<>(); // id -> its <klass>/<type>/<method> line, this task only
        Set<String> shown = new LinkedHashSet<>();
        StringBuilder record = new StringBuilder(); // an eliminate_* element, held until its declarations are out
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                // Most of the log's lines are no task's first: they are not given to the pattern.
                Matcher m = line.startsWith("<task ") ? TASK_METHOD.matcher(line) : null;
                if (m != null && m.find()) {
                    inOwnTask = ownClasses.contains(m.group(1).replace('/', '.'))
                            && (!line.contains(" level='") || line.contains(" level='4'")); // C2 only
                    declared.clear();
                    shown.clear();
                    if (inOwnTask) {
                        b.append(TASK_NOISE.matcher(line).replaceAll("")).append('\n');
                    }
                    continue;
                }
                if (!inOwnTask) {
                    continue;
                }
                Matcher d = DECLARATION.matcher(line);
                if (d.find()) {
                    declared.put(d.group(2), line);
                } else if (line.startsWith("<eliminate_") || line.startsWith("<jvms") || line.startsWith("</eliminate_")) {
                    record.append(line.startsWith("<jvms") ? "  " : "").append(line).append('\n');
                    Matcher r = REFERENCE.matcher(line.startsWith("<eliminate_lock") ? "" : line);
                    while (r.find()) {
                        showDeclaration(r.group(1), declared, shown, b); // ids mean something only inside their task
                    }
                    if (line.startsWith("</eliminate_")) {
                        b.append(record);
                        record.setLength(0);
                    }
                } else if (line.startsWith("<task_done") || line.startsWith("</task>")) {
                    b.append(line).append('\n');
                    inOwnTask = !line.startsWith("</task>");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
        return b.toString();
    }

    private static void showDeclaration(String id, Map<String, String> declared, Set<String> shown, StringBuilder b) {
        String line = declared.get(id);
        if (line == null || !shown.add(id)) {
            return;
        }
        Matcher holder = HOLDER.matcher(line);
        if (holder.find()) {
            showDeclaration(holder.group(1), declared, shown, b);
        }
        b.append(DECLARATION_NOISE.matcher(line).replaceAll("")).append('\n');
    }

    /**
     * What the child JVM printed on stdout, sorted out: the flags' values (-XX:+PrintFlagsFinal), the
     * driver's {@code @@lab} lines, and the program's own output. The program may print anything, a
     * line that looks like the driver's included: one that does not read as the driver writes it is
     * not taken as the driver's, and the JVM's flags, printed before the program starts, win. What
     * came before the driver's {@code @@lab start} is the JVM's, never the program's output.
     *
     * @param programOutput the lines the program printed, all of them
     * @param threw     "Cls.method threw EXCEPTION" for each warmed method or main that threw
     * @param mainThrew whether a program's main threw, ending its workload as java would end the program
     */
    record DriverOutput(Map<String, String> settings, Map<String, Double> bytes, List<String> threw, boolean mainThrew,
                        boolean done, boolean timedOut, List<String> programOutput, boolean driverStarted) {
        static DriverOutput read(String stdout) {
            Map<String, String> settings = new LinkedHashMap<>();
            Map<String, Double> bytes = new LinkedHashMap<>();
            List<String> output = new ArrayList<>();
            List<String> threw = new ArrayList<>();
            boolean mainThrew = false;
            boolean done = false;
            boolean timedOut = false;
            // A driver that says where it starts: every line before is the JVM's.
            boolean driverStarted = stdout.startsWith("@@lab start\n") || stdout.contains("\n@@lab start\n");
            boolean started = !driverStarted;
            for (String line : stdout.split("\n")) {
                Matcher f = FLAG.matcher(line);
                String[] p = line.split(" ", 6);
                if (line.startsWith("@@lab bytes ") && p.length == 6 && number(p[5]) != null) {
                    bytes.put(new MethodRef(p[2], p[3], p[4]).display(), number(p[5]));
                } else if ((line.startsWith("@@lab threw ") || line.startsWith("@@lab main-threw ")) && p.length >= 5) {
                    threw.add(new MethodRef(p[2], p[3], p[4]).display() + " threw " + (p.length > 5 ? p[5] : ""));
                    // The driver says which main it ran: a static main() warmed beside a main(String[]) is not it.
                    mainThrew |= line.startsWith("@@lab main-threw ");
                } else if (line.equals("@@lab timeout")) {
                    timedOut = true;
                } else if (line.equals("@@lab done")) {
                    done = true;
                } else if (line.equals("@@lab start")) {
                    started = true;
                } else if (f.find() && line.contains("{")) {
                    if (SETTINGS.contains(f.group(1))) {
                        settings.putIfAbsent(f.group(1), f.group(2));
                    }
                } else if (started && !line.startsWith("@@lab") && !line.equals("[Global flags]")) {
                    output.add(line);
                }
            }
            return new DriverOutput(settings, bytes, List.copyOf(threw), mainThrew, done, timedOut, List.copyOf(output), driverStarted);
        }
    }

    /** A number the driver printed, or null when the line was not the driver's (a program may print anything). */
    private static Double number(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The first line of a fatal error file the crashed JVM left, if any. */
    private static String findCrash(Path dir) {
        return CrashReports.in(dir).flatMap(CrashReports::headline).orElse(null);
    }

    /** Where the lab's settings say to run: the default options, with LAB_FAST honoured. */
    public static Options options() {
        Options o = Options.defaults();
        return Lab.fast() ? new Options(o.jdk(), o.jvmArgs(), o.timeLimit(), o.warmCalls(), 2_000) : o;
    }
}
