package escapelab.ledger;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.escape.EscapeReport;
import escapelab.escape.SampledSites;
import escapelab.escape.SampledSites.Judgement;
import escapelab.escape.SampledSites.Place;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.CrashReports;
import escapelab.jvm.Jdk;
import escapelab.jvm.SourceCompiler;
import escapelab.jvm.TempDirs;
import escapelab.ledger.AllocationSamples.SiteTotal;
import escapelab.ledger.Ledger.FlameStack;
import escapelab.ledger.Ledger.Frame;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Status;
import escapelab.ledger.Ledger.Verdict;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The allocation ledger of a Java program: run it once in a forked JVM with C2's compilation log
 * and JFR's allocation sampling on, sum the sampled bytes per allocating line, and join each line
 * with the escape engine's verdict for its allocation instruction.
 */
public final class JavaLedger {
    /** How long a --seconds run warms up before its window opens: C2 compiles the hot code in it. */
    static final Duration WARM_UP = Duration.ofSeconds(10);
    static final Duration WARM_UP_FAST = Duration.ofSeconds(2);
    /**
     * JFR samples at most this many allocations a second (its throttle; its own profile setting is 300/s).
     * A sample can only be taken on an allocation's slow path (a new TLAB, or outside one), so a program
     * that fills a few hundred TLABs a second gets them all sampled, and 20 s give thousands of samples.
     */
    static final int SAMPLES_PER_SECOND = 1000;
    /** JFR keeps this many frames of each stack (its default is 64; library code nests deeper). */
    static final int STACK_DEPTH = 128;
    /** Stacks kept per site in the report; the flame graph gets them all. */
    static final int STACKS_PER_SITE = 5;
    /** How long a JVM asked to stop may take to write its recording and log before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private JavaLedger() {
    }

    /**
     * How to run the program.
     *
     * @param classPath jars and folders the program needs
     * @param mainClass the class whose main runs, or null to find it (the jar's manifest, the one class with a main)
     * @param args      the program's arguments
     * @param stdin     a file the program reads on standard input, or null for none
     * @param seconds   measure this long after the warm-up, then stop the program; null to measure the whole run
     * @param timeLimit a run without --seconds that lasts longer is stopped here, with its ledger so far
     * @param keep      a folder that gets the recording (allocations.jfr), C2's compilation log (compilation.xml), what the
     *                  program printed and a crash report, or null
     * @param warmUp    how long a --seconds run warms up before its window opens
     */
    public record Options(List<Path> classPath, String mainClass, List<String> args, Path stdin, Integer seconds,
                          List<String> jvmArgs, Jdk jdk, Duration timeLimit, Path keep, Duration warmUp) {
        public static Options defaults() {
            return new Options(List.of(), null, List.of(), null, null, List.of(), Jdk.current(), Duration.ofSeconds(120), null,
                    Lab.fast() ? WARM_UP_FAST : WARM_UP);
        }

        public Options classPath(List<Path> v) {
            return new Options(List.copyOf(v), mainClass, args, stdin, seconds, jvmArgs, jdk, timeLimit, keep, warmUp);
        }

        public Options mainClass(String v) {
            return new Options(classPath, v, args, stdin, seconds, jvmArgs, jdk, timeLimit, keep, warmUp);
        }

        public Options args(List<String> v) {
            return new Options(classPath, mainClass, List.copyOf(v), stdin, seconds, jvmArgs, jdk, timeLimit, keep, warmUp);
        }

        public Options stdin(Path v) {
            return new Options(classPath, mainClass, args, v, seconds, jvmArgs, jdk, timeLimit, keep, warmUp);
        }

        public Options seconds(Integer v) {
            return new Options(classPath, mainClass, args, stdin, v, jvmArgs, jdk, timeLimit, keep, warmUp);
        }

        public Options jvmArgs(List<String> v) {
            return new Options(classPath, mainClass, args, stdin, seconds, List.copyOf(v), jdk, timeLimit, keep, warmUp);
        }

        public Options jdk(Jdk v) {
            return new Options(classPath, mainClass, args, stdin, seconds, jvmArgs, v, timeLimit, keep, warmUp);
        }

        public Options timeLimit(Duration v) {
            return new Options(classPath, mainClass, args, stdin, seconds, jvmArgs, jdk, v, keep, warmUp);
        }

        public Options warmUp(Duration v) {
            return new Options(classPath, mainClass, args, stdin, seconds, jvmArgs, jdk, timeLimit, keep, v);
        }

        public Options keep(Path v) {
            return new Options(classPath, mainClass, args, stdin, seconds, jvmArgs, jdk, timeLimit, v, warmUp);
        }
    }

    /** What runs: where its classes are, its main class, and how a report names it. */
    record Program(String name, List<Path> classRoots, String mainClass) {
    }

    /** Measures the program: its ledger, and every distinct sampled stack for the flame graph. */
    public static Ledger.Run run(Path program, Options o) {
        Path dir = TempDirs.create("escape-lab-ledger-");
        try {
            return run(program, o, dir);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** Compiles the program and finds its main class as {@link #run} does, and runs nothing: its errors are run's. */
    public static void check(Path program, Options o) {
        validate(o);
        Path dir = TempDirs.create("escape-lab-ledger-");
        try {
            prepare(program, o, dir.resolve("classes"));
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The options run refuses before anything runs; check refuses them too. */
    private static void validate(Options o) {
        for (Path p : o.classPath()) {
            if (!Files.exists(p)) {
                throw LabException.input("--cp: no such jar or folder: " + p);
            }
        }
        if (o.stdin() != null && !Files.isRegularFile(o.stdin())) {
            throw LabException.input("--stdin: no such file: " + o.stdin());
        }
        if (o.seconds() != null && o.seconds() <= 0) {
            throw LabException.input("--seconds must be at least 1, not " + o.seconds());
        }
    }

    private static Ledger.Run run(Path programPath, Options o, Path dir) {
        validate(o);
        Program program = prepare(programPath, o, dir.resolve("classes"));
        Path log = dir.resolve("compilation.xml");
        Path recording = dir.resolve("allocations.jfr");
        Path settings = dir.resolve("ledger.jfc");
        try {
            Files.writeString(settings, jfc());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> runPath = new ArrayList<>(program.classRoots());
        runPath.addAll(o.classPath());
        List<String> cmd = new ArrayList<>(List.of(o.jdk().java().toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+LogCompilation", "-XX:LogFile=" + log,
                // The repository in the run's folder: a JVM killed before it dumps its recording leaves its chunks there.
                "-XX:FlightRecorderOptions=stackdepth=" + STACK_DEPTH + ",repository=" + dir.resolve("jfr-repository"),
                "-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true,settings=" + settings,
                "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log")));
        cmd.addAll(o.jvmArgs());
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, runPath.stream().map(Path::toString).toList()),
                program.mainClass()));
        cmd.addAll(o.args());
        Duration stopAt = o.seconds() == null ? o.timeLimit() : o.warmUp().plusSeconds(o.seconds());
        String input = "";
        if (o.stdin() != null) {
            try {
                input = Files.readString(o.stdin());
            } catch (IOException e) {
                throw LabException.input("cannot read --stdin " + o.stdin() + ": " + e.getMessage());
            }
        }
        Instant launched = Instant.now();
        ChildProcess.Result r = ChildProcess.of(cmd).ownProcessGroup().directory(Path.of("").toAbsolutePath()).stdin(input)
                .stopAfter(stopAt).timeLimit(stopAt.plus(STOP_GRACE)).run();
        Instant ended = launched.plus(r.elapsed());
        String stderr = withoutJfrStartup(r.stderr());
        String stdout = withoutJfrStartup(r.stdout());
        Path crashReport = CrashReports.in(dir).orElse(null);
        Path emergency = emergencyRecording(crashReport);
        List<String> readFrom = new ArrayList<>(); // a note on where the samples come from, when not the recording
        List<Path> read = recordings(recording, emergency, dir.resolve("jfr-repository"), readFrom);
        keep(o.keep(), recording, log, crashReport, emergency, read, stdout, stderr);
        if (!Files.exists(recording) && !r.timedOut() && r.exitCode() != 0 && r.exitCode() < 128) {
            throw LabException.input(o.jdk().label() + " did not run " + program.name() + ": "
                    + String.join(" ", (stderr + stdout).strip().lines().limit(3).toList()));
        }

        boolean stopped = r.timedOut() || (r.exitCode() == 143 && r.elapsed().compareTo(stopAt) >= 0);
        Status status;
        String detail;
        String crash = crash(crashReport, o.keep());
        if (stopped) {
            status = Status.STOPPED;
            detail = o.seconds() != null
                    ? "stopped after " + o.seconds() + " s of measuring, which followed a " + o.warmUp().toSeconds() + " s warm-up (--seconds)"
                    : "stopped at the lab's time limit of " + o.timeLimit().toSeconds() + " s (--time-limit); give --seconds N"
                    + " to measure a long-running program for N s after a warm-up";
            if (r.timedOut()) {
                detail += "; it did not end on SIGTERM and was killed " + STOP_GRACE.toSeconds() + " s later, so its recording may be missing";
            }
        } else if (r.exitCode() == 0) {
            status = Status.COMPLETE;
            detail = "";
        } else if (r.exitCode() > 128 || crash != null) {
            status = Status.CRASHED;
            detail = "the JVM died: " + r.describe() + (crash == null ? "" : "; " + crash);
        } else {
            status = Status.FAILED;
            String thrown = thrown(stderr);
            String launcher = launcherError(stderr);
            detail = thrown != null ? thrown + " (exit " + r.exitCode() + ")"
                    : launcher != null ? launcher + " (exit " + r.exitCode() + ")"
                    : "the program exited with code " + r.exitCode();
        }

        // The window: with --seconds the samples after the warm-up; else the whole run.
        Instant from = null;
        List<String> notes = new ArrayList<>();
        if (o.seconds() != null) {
            Instant open = launched.plus(o.warmUp());
            if (ended.isAfter(open.plusSeconds(1))) {
                from = open;
            } else {
                notes.add("the program ended during the " + o.warmUp().toSeconds() + " s warm-up, so the ledger counts its whole run");
            }
        }
        AllocationSamples samples = new AllocationSamples(from, null);
        notes.addAll(readFrom);
        try {
            for (Path p : read) {
                samples.read(p);
            }
        } catch (IOException e) {
            notes.add("the JFR recording could not be read (" + e.getMessage() + "); the ledger has what was read before");
        }
        double seconds = Duration.between(from == null ? launched : from, ended).toMillis() / 1000.0;
        if (read.isEmpty()) {
            notes.add("the JVM wrote no JFR recording, so no allocation was sampled");
        } else if (samples.samples == 0) {
            notes.add("no allocation was sampled: the program ran " + String.format(Locale.ROOT, "%.1f", seconds)
                    + " s; give it a workload (--args, --stdin) that runs for a few seconds");
        }
        if (samples.truncatedSamples > 0) {
            notes.add(samples.truncatedSamples + " of " + samples.samples + " samples had stacks deeper than " + STACK_DEPTH
                    + " frames, cut at the top " + STACK_DEPTH);
        }
        if (samples.samplesWithoutStack > 0) {
            notes.add(samples.samplesWithoutStack + " samples had no stack trace; their bytes count in the total only");
        }
        if (samples.jfrBytes > 0) {
            notes.add("left out: " + samples.jfrBytes + " sampled bytes allocated by JFR's own threads");
        }
        notes.add("the bytes are estimates from " + samples.samples + " JFR allocation samples (jdk.ObjectAllocationSample):"
                + " JFR samples an allocation only when it needs a new TLAB or is made outside one, at most "
                + SAMPLES_PER_SECOND + " a second, and weighs it with the bytes its thread allocated since its previous sample");

        List<SiteTotal> totals = samples.sites();
        Map<SiteTotal, Place> places = new LinkedHashMap<>();
        for (SiteTotal t : totals) {
            places.put(t, new Place(t.key.className().replace('.', '/'), t.key.method(), t.key.descriptor(), t.bci(), t.key.line()));
        }
        Map<Place, Judgement> judged;
        try (ClassFiles files = new ClassFiles(runPath)) {
            judged = SampledSites.judge(places.values(), files::find, log, settingsOf(o.jvmArgs()),
                    status == Status.COMPLETE, o.jdk().home());
        }
        if (!Files.exists(log)) {
            notes.add("the JVM wrote no compilation log, so no C2 verdict could be read");
        }
        List<LedgerSite> sites = new ArrayList<>();
        List<FlameStack> flame = new ArrayList<>();
        for (SiteTotal t : totals) {
            Judgement j = judged.get(places.get(t));
            Verdict verdict = verdict(j);
            String state = j.state() == null || j.state() == EscapeReport.EscapeState.UNKNOWN && verdict != Verdict.KEPT
                    ? null : j.state().hotspotName();
            double share = samples.totalBytes == 0 ? 0 : (double) t.bytes / samples.totalBytes;
            sites.add(new LedgerSite(t.key.className(), t.key.method(), j.file(), t.key.line(), t.key.type(), t.bytes, share,
                    verdict, state, j.reason(), t.stacks(STACKS_PER_SITE)));
            t.bytesByStack.forEach((frames, bytes) -> flame.add(new FlameStack(frames, bytes, verdict)));
        }
        long noLine = sites.stream().filter(s -> s.line() < 0).count();
        if (noLine > 0) {
            notes.add(noLine + (noLine == 1 ? " allocating site shows no line: the class file that holds it carries"
                    : " allocating sites show no line: the class files that hold them carry")
                    + " no line-number table (a runtime made by jlink --strip-debug has none); the join goes by bytecode index");
        }
        Ledger ledger = new Ledger(Ledger.Language.JAVA, o.jdk().version(), program.name(), seconds, samples.totalBytes,
                status, detail, List.copyOf(notes), List.copyOf(sites), null);
        return new Ledger.Run(ledger, List.copyOf(flame));
    }

    /** The engine's verdict as the ledger says it: a removal seen in the log means these bytes came from elsewhere. */
    static Verdict verdict(Judgement j) {
        if (j.verdict() == null) {
            return Verdict.NO_SITE;
        }
        return switch (j.verdict()) {
            case KEPT -> Verdict.KEPT;
            case ELIMINATED -> Verdict.ELIMINATED_ELSEWHERE;
            case NOT_COMPILED -> Verdict.NOT_COMPILED;
        };
    }

    /** JFR's settings for the run: allocation samples with stacks, nothing else. */
    static String jfc() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="Escape Lab ledger" description="allocation samples with stack traces">
                  <event name="jdk.ObjectAllocationSample">
                    <setting name="enabled">true</setting>
                    <setting name="throttle">%d/s</setting>
                    <setting name="stackTrace">true</setting>
                  </event>
                </configuration>
                """.formatted(SAMPLES_PER_SECOND);
    }

    private static final Pattern XX_FLAG = Pattern.compile("^-XX:([+-])?(\\w+)(?:=(.*))?$");

    /** The -XX flags given for the run, as the engine reads flag values ({@code TieredStopAtLevel} and the like). */
    static Map<String, String> settingsOf(List<String> jvmArgs) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String a : jvmArgs) {
            Matcher m = XX_FLAG.matcher(a);
            if (m.matches()) {
                flags.put(m.group(2), m.group(1) != null ? String.valueOf(m.group(1).equals("+")) : m.group(3));
            }
        }
        return flags;
    }

    /** JFR announces its recording on standard output; that line is not the program's. */
    private static String withoutJfrStartup(String text) {
        return String.join("", text.lines().filter(l -> !l.contains("[jfr,startup]")).map(l -> l + "\n").toList());
    }

    private static final Pattern UNCAUGHT = Pattern.compile("^Exception in thread \"[^\"]*\" .*$", Pattern.MULTILINE);

    /** The line the JVM prints for an exception no one caught, with the frame it was thrown from. */
    static String thrown(String stderr) {
        Matcher m = UNCAUGHT.matcher(stderr);
        if (!m.find()) {
            return null;
        }
        String rest = stderr.substring(m.end()).lines().map(String::strip).filter(l -> l.startsWith("at ")).findFirst().orElse("");
        return m.group() + (rest.isEmpty() ? "" : " " + rest);
    }

    /**
     * The java launcher's own complaint, which ends the JVM before main runs ({@code Error: Could not find
     * or load main class X}, a class file too new for this JDK): its first two lines, or null.
     */
    static String launcherError(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (LAUNCHER_ERRORS.stream().anyMatch(lines.get(i)::startsWith)) {
                return String.join(" ", lines.subList(i, Math.min(lines.size(), i + 2)));
            }
        }
        return null;
    }

    /** How the launcher's messages start (java.launcher.cls.error1-8, jar.error1-3 in sun/launcher/resources/launcher.properties). */
    private static final List<String> LAUNCHER_ERRORS = List.of("Error: Could not find or load main class",
            "Error: Main method not found in class", "Error: LinkageError occurred while loading main class",
            "Error: Unable to initialize main class", "Error: no non-private zero argument constructor found in class",
            "Error: non-static inner class", "Error: abstract class", "Error: An unexpected error occurred while trying to open file",
            "no main manifest attribute, in");

    /** The crash report's headline and where it is kept, or null when the JVM did not crash. */
    private static String crash(Path report, Path keep) {
        if (report == null) {
            return null;
        }
        String headline = CrashReports.headline(report).orElse("hs_err file written");
        return headline + " (crash report " + (keep == null ? report.getFileName() : keep.resolve(report.getFileName())) + ")";
    }

    /**
     * What to read the samples from: the recording the JVM dumped as it exited; else, when it crashed, JFR's
     * emergency dump (hs_err_pidN.jfr); else, when it ended without its shutdown hooks (Runtime.halt, a kill),
     * the chunks JFR had written to its repository while it ran. A note says when it is not the recording.
     */
    static List<Path> recordings(Path recording, Path emergency, Path repository, List<String> notes) {
        if (size(recording) > 0) { // JFR creates the file, empty, as the recording starts
            return List.of(recording);
        }
        if (emergency != null && Files.exists(emergency)) {
            notes.add("the JVM crashed before it wrote its recording; the samples are those of JFR's emergency dump, "
                    + emergency.getFileName());
            return List.of(emergency);
        }
        List<Path> chunks;
        try (Stream<Path> walk = Files.isDirectory(repository) ? Files.walk(repository) : Stream.empty()) {
            chunks = walk.filter(p -> p.toString().endsWith(".jfr") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            chunks = List.of();
        }
        if (!chunks.isEmpty()) {
            notes.add("the JVM ended before it wrote its recording; the samples are those of the " + chunks.size()
                    + (chunks.size() == 1 ? " chunk" : " chunks") + " JFR had written to its repository as it ran");
        }
        return chunks;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The recording JFR writes when its JVM crashes, hs_err_pidN.jfr (jfrEmergencyDump.cpp), moved beside the crash report
     * hs_err_pidN.log: JFR writes it in the working directory, the user's, and JDK 17 has no dumppath option to send it
     * elsewhere. Null when there is none.
     */
    private static Path emergencyRecording(Path crashReport) {
        if (crashReport == null) {
            return null;
        }
        String name = crashReport.getFileName().toString().replaceFirst("\\.log$", ".jfr");
        Path written = Path.of("").toAbsolutePath().resolve(name);
        if (!Files.exists(written)) {
            return null;
        }
        try {
            return Files.move(written, crashReport.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return null; // left where JFR wrote it
        }
    }

    private static void keep(Path keep, Path recording, Path log, Path crashReport, Path emergencyRecording, List<Path> read, String stdout,
                             String stderr) {
        if (keep == null) {
            return;
        }
        try {
            Files.createDirectories(keep);
            if (Files.exists(recording)) {
                Files.copy(recording, keep.resolve("allocations.jfr"), StandardCopyOption.REPLACE_EXISTING);
            }
            for (Path chunk : read) { // the repository's chunks the samples came from, when there was no recording
                if (!chunk.equals(recording) && !chunk.equals(emergencyRecording)) {
                    Files.copy(chunk, keep.resolve("jfr-repository-" + chunk.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (Files.exists(log)) {
                Files.copy(log, keep.resolve("compilation.xml"), StandardCopyOption.REPLACE_EXISTING);
            }
            for (Path crashFile : java.util.Arrays.asList(crashReport, emergencyRecording)) {
                if (crashFile != null) {
                    Files.copy(crashFile, keep.resolve(crashFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(keep.resolve("program-output.txt"), stdout + stderr);
        } catch (IOException e) {
            throw LabException.environment("cannot write to " + keep + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the program

    /** Finds what to run: compiles sources into {@code classesDir}, checks a jar, finds the main class. */
    static Program prepare(Path path, Options o, Path classesDir) {
        if (!Files.exists(path)) {
            throw LabException.input("no such file or folder: " + path);
        }
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        List<Path> roots;
        String manifestMain = null;
        if (Files.isDirectory(path)) {
            List<Path> sources = files(path, ".java");
            if (!sources.isEmpty()) {
                compile(path, sources, o, classesDir);
                roots = List.of(classesDir);
            } else if (!files(path, ".class").isEmpty()) {
                roots = List.of(path);
            } else {
                throw LabException.input(path + " holds no .java and no .class file: PROGRAM is a .java file, a folder of"
                        + " sources or classes, or a jar");
            }
        } else if (name.endsWith(".java")) {
            compile(path.toAbsolutePath().getParent(), List.of(path), o, classesDir);
            roots = List.of(classesDir);
        } else {
            ClassFiles.openJar(path); // says "not a jar" when it is not one
            try (JarFile jar = new JarFile(path.toFile())) {
                var manifest = jar.getManifest();
                manifestMain = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            } catch (IOException e) {
                throw LabException.input(path + " is not a jar: " + e.getMessage());
            }
            roots = List.of(path);
        }
        String main = mainClass(path, roots, o, manifestMain);
        return new Program(name + " (main " + main + ")", roots, main);
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw LabException.input("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static void compile(Path base, List<Path> files, Options o, Path classesDir) {
        List<SourceCompiler.Source> sources = new ArrayList<>();
        for (Path f : files) {
            // Read as every source is (size and encoding checked), named by its path in the folder.
            sources.add(new SourceCompiler.Source(base.toAbsolutePath().relativize(f.toAbsolutePath()).toString(),
                    SourceCompiler.Source.of(f).text()));
        }
        SourceCompiler.compile(sources, o.jdk().feature(), o.classPath()).writeTo(classesDir);
    }

    /** --main when given (it must exist and have a main), else the jar's Main-Class, else the one class with a main. */
    private static String mainClass(Path path, List<Path> roots, Options o, String manifestMain) {
        List<Path> all = new ArrayList<>(roots);
        all.addAll(o.classPath());
        try (ClassFiles own = new ClassFiles(roots); ClassFiles everything = new ClassFiles(all)) {
            if (o.mainClass() != null) {
                byte[] bytes = everything.find(o.mainClass().replace('.', '/')).orElseThrow(() -> LabException.input(
                        "--main " + o.mainClass() + ": no such class in " + path + (o.classPath().isEmpty() ? "" : " or on --cp")));
                if (!hasMain(bytes, o.jdk())) {
                    throw LabException.input("--main " + o.mainClass() + " has no main method (public static void main(String[] args))");
                }
                return o.mainClass();
            }
            if (manifestMain != null) {
                return manifestMain.strip();
            }
            List<String> mains = own.classNames().stream()
                    .filter(n -> own.find(n.replace('.', '/')).map(b -> hasMain(b, o.jdk())).orElse(false)).sorted().toList();
            if (mains.isEmpty()) {
                throw LabException.input(path + ": no class has a main method (public static void main(String[] args));"
                        + " write one that runs the workload, or name the class with --main");
            }
            if (mains.size() > 1) {
                String stem = path.getFileName().toString().replaceFirst("\\.java$", "");
                return mains.stream().filter(m -> m.equals(stem) || m.endsWith("." + stem)).findFirst().orElseThrow(() ->
                        LabException.input(path + ": several classes have a main method (" + String.join(", ", mains)
                                + "); choose one with --main"));
            }
            return mains.get(0);
        }
    }

    /** A main the java launcher of that JDK runs: static main(String[]), and from JDK 25 (JEP 512) an instance or no-argument main. */
    static boolean hasMain(byte[] classFile, Jdk jdk) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_CODE);
        return cn.methods.stream().anyMatch(m -> m.name.equals("main") && (m.access & Opcodes.ACC_PRIVATE) == 0
                && (((m.access & Opcodes.ACC_STATIC) != 0 && m.desc.equals("([Ljava/lang/String;)V"))
                || (jdk.feature() >= 25 && (m.desc.equals("([Ljava/lang/String;)V") || m.desc.equals("()V")))));
    }
}
