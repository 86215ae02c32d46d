package escapelab.grade;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.SourceCompiler;
import escapelab.jvm.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Grades a submission against an exercise: the submitted sources (exactly the files of the
 * exercise's src/, found in the submission folder or its src/) are compiled on their own, the
 * exercise's grading tests against them, and every test runs in a JVM of its own, in an empty working folder,
 * with a time and a memory limit. A submission that exits, hangs, runs out of memory or prints
 * results of its own loses that test and nothing else; the scores come from this process only.
 *
 * An exercise folder holds {@code src/} (the files the student edits), {@code tests/} (grading
 * tests shown to students) and {@code tests/hidden/} (kept on the instructor's side).
 */
public final class Grader {
    /** One test's result, in Gradescope's terms. */
    public record TestResult(String name, double score, double maxScore, String output, String visibility) {
    }

    public record Result(double score, List<TestResult> tests, String output) {
    }

    private Grader() {
    }

    /** Graded in the {@link Sandbox}; fails with exit 2 when it cannot start here. */
    public static Result grade(Path exercise, Path submission, Duration perTest) {
        return grade(exercise, submission, perTest, true);
    }

    /** {@code sandboxed} false runs the tests without isolation, and the results' output says so. */
    public static Result grade(Path exercise, Path submission, Duration perTest, boolean sandboxed) {
        if (!Files.isDirectory(exercise.resolve("tests"))) {
            throw LabException.input(exercise + " is not an exercise (no tests/ folder)");
        }
        if (!Files.isDirectory(submission)) {
            throw LabException.input("no submission folder " + submission);
        }
        if (sandboxed) {
            Sandbox.require();
        }
        String warning = sandboxed ? "" : UNSANDBOXED;
        Path dir = TempDirs.create("escape-lab-grade-");
        try {
            List<Path> labJar = labClassPath();
            // Tests first: the test methods and their points are known even when the submission does not compile.
            List<Method> methods = testMethods(exercise, labJar);
            Compiled compiled = compileSubmission(exercise, submission, labJar, dir);
            if (compiled.refusal() != null) {
                Refusal refusal = compiled.refusal();
                List<TestResult> zero = methods.stream().map(m -> new TestResult(name(m), 0, points(m),
                        refusal.testOutput(), visibility(m, exercise))).toList();
                return new Result(0, zero, join(warning, refusal.output()));
            }
            List<TestResult> results = new ArrayList<>();
            for (Method m : methods) {
                results.add(run(m, compiled, labJar, exercise, submission, dir, perTest, sandboxed));
            }
            return new Result(results.stream().mapToDouble(TestResult::score).sum(), results, warning);
        } finally {
            TempDirs.delete(dir);
        }
    }

    static final String UNSANDBOXED = "graded with --unsandboxed: the tests ran without the sandbox (the submission could reach files, /tmp and the network)";

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "\n" + b;
    }

    /**
     * One test in a JVM of its own. Its class path puts the lab and JUnit first, then the test's own
     * classes, then the submission's, so that no class of the submission can stand in for one of
     * theirs; a visible test's JVM has no hidden test on its class path nor, sandboxed, on any path.
     */
    private static TestResult run(Method m, Compiled compiled, List<Path> labJar, Path exercise, Path submission, Path dir,
                                  Duration limit, boolean sandboxed) {
        Path work = dir.resolve("work-" + m.getName());
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        boolean hidden = visibility(m, exercise).equals(HIDDEN);
        List<Path> classPath = new ArrayList<>(labJar);
        if (hidden) {
            classPath.add(compiled.hiddenTests());
        }
        classPath.add(compiled.visibleTests());
        classPath.add(compiled.submission());
        List<String> cmd = new ArrayList<>(List.of(Lab.jdk().java().toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        List<Path> readable = new ArrayList<>(classPath);
        Path cache = aotCache(labJar, System.getenv("LAB_AOT_CACHE"));
        if (cache != null) {
            // The lab JVM's cache: javac's and the lab's classes, loaded and linked.
            cmd.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off"));
            readable.add(cache);
        }
        cmd.addAll(List.of("-Dlab.submission=" + submission.toAbsolutePath(), "-cp",
                classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                TestRunner.class.getName(), m.getDeclaringClass().getName(), m.getName()));
        readable.add(Lab.jdk().home());
        readable.addAll(submittedFiles(exercise, submission));
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        if (isGoExercise(exercise)) {
            GoSandbox.prepare(work, env, readable);
        }
        ChildProcess process = ChildProcess.of(sandboxed ? Sandbox.wrap(cmd, work, readable, env) : cmd).directory(work);
        if (!sandboxed) {
            env.forEach(process::env);
        }
        ChildProcess.Result r = process.stdin(secret + "\n").timeLimit(limit).run();
        String line = r.stdout().lines().filter(l -> l.startsWith(secret + " ")).findFirst().orElse(null);
        double max = points(m);
        String output;
        double score = 0;
        if (line != null) {
            String[] p = line.split(" ", 3);
            score = p[1].equals("PASS") ? max : 0;
            output = p.length > 2 ? p[2] : "";
        } else if (r.timedOut()) {
            output = "stopped after " + limit.toSeconds() + " s: the submission did not finish (an endless loop?)";
        } else if (r.stderr().contains("OutOfMemoryError")) {
            output = "the submission ran out of memory (256 MB): OutOfMemoryError";
        } else {
            output = "the JVM ended before the test reported (" + r.describe() + "): System.exit or a crash";
        }
        return new TestResult(name(m), score, max, output, visibility(m, exercise));
    }

    private static List<Method> testMethods(Path exercise, List<Path> labJar) {
        // The tests are compiled alone against the stubs' signatures they need: compile with the exercise's own src.
        List<SourceCompiler.Source> tests = sources(exercise.resolve("tests"));
        List<SourceCompiler.Source> withSrc = new ArrayList<>(javaFiles(exerciseFiles(exercise)).stream()
                .map(f -> SourceCompiler.Source.of(exercise.resolve("src").resolve(f))).toList());
        withSrc.addAll(tests);
        SourceCompiler.Classes compiled = SourceCompiler.compile(withSrc, Lab.jdk().feature(), labJar);
        List<Method> methods = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[0], Grader.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = compiled.bytes().get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        }) {
            for (SourceCompiler.Source t : tests) {
                Class<?> c = Class.forName(t.fileName().replace(".java", ""), false, loader);
                for (Method m : c.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(org.junit.jupiter.api.Test.class)) {
                        methods.add(m);
                    }
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw LabException.input("cannot read the grading tests of " + exercise + ": " + e.getMessage());
        }
        methods.sort((a, b) -> name(a).compareTo(name(b)));
        return methods;
    }

    static String name(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }

    static double points(Method m) {
        Points p = m.getAnnotation(Points.class);
        return p == null ? 1 : p.value();
    }

    private static final String HIDDEN = "after_published";

    /** Hidden tests' results are shown to students only after the grades are published. */
    private static String visibility(Method m, Path exercise) {
        return Files.exists(exercise.resolve("tests/hidden/" + m.getDeclaringClass().getSimpleName() + ".java")) ? HIDDEN : "visible";
    }

    /** The class folders of a graded submission, or why it is not run. */
    private record Compiled(Path submission, Path visibleTests, Path hiddenTests, Refusal refusal) {
        static Compiled refused(Refusal refusal) {
            return new Compiled(null, null, null, refusal);
        }
    }

    /**
     * Compiles the submission on its own into dir/submission, then the visible tests against it
     * into dir/tests and the hidden ones into dir/hidden-tests. A submission may only declare classes
     * in the packages of the exercise's own sources (the default package), and none named like a
     * grading test or a class of java.lang: a default-package class of that name would be the one
     * the tests' code means by it.
     */
    private static Compiled compileSubmission(Path exercise, Path submission, List<Path> labJar, Path dir) {
        List<String> files = exerciseFiles(exercise);
        List<String> missing = files.stream().filter(f -> !Files.isRegularFile(Submission.file(submission, f))).toList();
        if (!missing.isEmpty()) {
            return Compiled.refused(new Refusal("not graded: a file is missing",
                    "the submission has no " + String.join(", ", missing) + " (looked in " + submission + " and its src/)"));
        }
        String unfit = unfitFile(submission, files);
        if (unfit != null) {
            return Compiled.refused(new Refusal("not graded: a submitted file was refused", unfit));
        }
        List<String> java = javaFiles(files);
        SourceCompiler.Classes own;
        try {
            own = compile(java.stream().map(f -> SourceCompiler.Source.of(Submission.file(submission, f))).toList(), labJar);
        } catch (LabException e) {
            return Compiled.refused(new Refusal(DOES_NOT_COMPILE, e.getMessage()));
        }
        Set<String> allowed = new java.util.TreeSet<>(Set.of(""));
        compile(java.stream().map(f -> SourceCompiler.Source.of(exercise.resolve("src").resolve(f))).toList(), labJar)
                .bytes().keySet().forEach(c -> allowed.add(packageOf(c)));
        List<String> foreign = own.bytes().keySet().stream().filter(c -> !allowed.contains(packageOf(c)))
                .map(Grader::topLevel).distinct().sorted().toList();
        if (!foreign.isEmpty()) {
            return Compiled.refused(new Refusal("not graded: the submission declares classes outside the exercise", "refused: the submission declares " + String.join(", ", foreign) + "; it may only declare the exercise's classes, in "
                    + allowed.stream().map(p -> p.isEmpty() ? "the default package" : "package " + p).collect(Collectors.joining(" or "))));
        }
        List<SourceCompiler.Source> tests = sources(exercise.resolve("tests"));
        Set<String> testNames = tests.stream().map(t -> t.fileName().replace(".java", "")).collect(Collectors.toSet());
        List<String> standIns = own.bytes().keySet().stream().map(Grader::topLevel).distinct()
                .filter(c -> testNames.contains(simpleName(c)) || isJavaLang(simpleName(c))).sorted().toList();
        if (!standIns.isEmpty()) {
            return Compiled.refused(new Refusal("not graded: the submission declares a class the tests use",
                    "refused: the submission declares " + String.join(", ", standIns) + ", the name of a grading test or of a class of java.lang; rename it"));
        }
        Compiled compiled = new Compiled(dir.resolve("submission"), dir.resolve("tests"), dir.resolve("hidden-tests"), null);
        own.writeTo(compiled.submission());
        List<SourceCompiler.Source> visible = tests(exercise, false), hidden = tests(exercise, true);
        try {
            List<Path> cp = new ArrayList<>(labJar);
            cp.add(compiled.submission());
            compile(visible, cp).writeTo(compiled.visibleTests());
            cp.add(0, compiled.visibleTests());
            compile(hidden, cp).writeTo(compiled.hiddenTests());
        } catch (LabException e) {
            return Compiled.refused(new Refusal(DOES_NOT_COMPILE, e.getMessage()));
        }
        return compiled;
    }

    /** A source file larger than this is refused unread: reading one of gigabytes took the grader's memory. */
    static final long MAX_SUBMITTED_BYTES = 1 << 20;

    /**
     * Why a submitted file is refused before it is read, or null: a link, or a file that lies outside the
     * submission folder, would hand the grader's view of another file (the grader may run as root) to the
     * student through javac's messages; a huge file would exhaust the grader's memory.
     */
    private static String unfitFile(Path submission, List<String> files) {
        try {
            Path root = submission.toRealPath();
            for (String f : files) {
                Path file = Submission.file(submission, f);
                if (Files.isSymbolicLink(file) || !file.toRealPath().startsWith(root)) {
                    return "refused: " + f + " is a symbolic link or lies outside the submission folder; hand in the file itself";
                }
                long size = Files.size(file);
                if (size > MAX_SUBMITTED_BYTES) {
                    return String.format("refused: %s is %,d bytes, over the grader's limit of %,d; hand in the source file itself",
                            f, size, MAX_SUBMITTED_BYTES);
                }
            }
            return null;
        } catch (IOException e) {
            return "refused: cannot read the submission: " + e.getMessage();
        }
    }

    private static String topLevel(String binaryName) {
        return binaryName.replaceFirst("\\$.*", ""); // classes are named by their top-level classes
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1);
    }

    private static boolean isJavaLang(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static final String DOES_NOT_COMPILE = "the submission does not compile";

    /** Why a submission is not run: what each test says, and what the grader says about the whole. */
    private record Refusal(String testOutput, String output) {
    }

    /** An exercise in another language (03's Go) has no Java sources: nothing to compile. */
    private static SourceCompiler.Classes compile(List<SourceCompiler.Source> sources, List<Path> classPath) {
        return sources.isEmpty() ? new SourceCompiler.Classes(java.util.Map.of())
                : SourceCompiler.compile(sources, Lab.jdk().feature(), classPath);
    }

    private static String packageOf(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    /**
     * What a student hands in: the names of the files directly in the exercise's src/ (Java, and Go
     * for a Go exercise). Never dot-files or dot-folders (JupyterLab's
     * .ipynb_checkpoints/Sums-checkpoint.java), tests/ or build output.
     */
    static List<String> exerciseFiles(Path exercise) {
        Path src = exercise.resolve("src");
        if (!Files.isDirectory(src)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(src)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> (n.endsWith(".java") || n.endsWith(".go")) && !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> javaFiles(List<String> files) {
        return files.stream().filter(f -> f.endsWith(".java")).toList();
    }

    /** The submitted files a test may read: the exercise's files, found in the submission. */
    private static List<Path> submittedFiles(Path exercise, Path submission) {
        return exerciseFiles(exercise).stream().map(f -> Submission.file(submission, f)).filter(Files::isRegularFile).toList();
    }

    private static boolean isGoExercise(Path exercise) {
        return exerciseFiles(exercise).stream().anyMatch(f -> f.endsWith(".go"));
    }

    /** The .java files of a folder and of its hidden/ subfolder, named by their file names; never under a dot-folder. */
    static List<SourceCompiler.Source> sources(Path folder) {
        return sources(folder, p -> true);
    }

    /** The grading tests in tests/ but not in tests/hidden/ (hidden false), or those in tests/hidden/ (true). */
    private static List<SourceCompiler.Source> tests(Path exercise, boolean hidden) {
        Path folder = exercise.resolve("tests");
        return sources(folder, p -> folder.relativize(p).startsWith("hidden") == hidden);
    }

    private static List<SourceCompiler.Source> sources(Path folder, java.util.function.Predicate<Path> which) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(which)
                    .filter(p -> Stream.iterate(folder.relativize(p), q -> q != null, Path::getParent)
                            .noneMatch(q -> q.getFileName().toString().startsWith(".")))
                    .sorted().map(SourceCompiler.Source::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The ahead-of-time cache ./lab made for the lab jar this JVM runs from (LAB_AOT_CACHE, set by the lab
     * script and in the kernel's spec), or null: a test JVM whose class path starts with that jar starts
     * from it. Its name begins with the jar's modification time and size (the lab script's key), and a
     * cache of another build of the jar is not used: JDK 25.0.3 was seen to run such a cache's classes.
     * A JVM that cannot use it runs without it (-Xlog:aot*=off keeps its warnings off the test's output).
     */
    static Path aotCache(List<Path> labClassPath, String named) {
        if (named == null || labClassPath.isEmpty() || !labClassPath.get(0).toString().endsWith(".jar")) {
            return null;
        }
        Path jar = labClassPath.get(0);
        Path cache = Path.of(named);
        try {
            String key = "lab-" + Files.getLastModifiedTime(jar).to(java.util.concurrent.TimeUnit.SECONDS) + "-" + Files.size(jar) + "-";
            return Files.isRegularFile(cache) && cache.getFileName().toString().startsWith(key) ? cache.toAbsolutePath() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The lab and everything it runs on (JUnit, JOL, ASM...): the shaded jar, or the class path of a build. */
    static List<Path> labClassPath() {
        java.util.LinkedHashSet<Path> paths = new java.util.LinkedHashSet<>(escapelab.jvm.ClassPaths.of(Grader.class.getName()));
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(Path.of(entry).toAbsolutePath());
            }
        }
        return List.copyOf(paths);
    }
}
