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
import java.util.stream.Stream;

/**
 * Grades a submission against an exercise: the submitted sources are compiled with the
 * exercise's grading tests, and every test runs in a JVM of its own, in an empty working folder,
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

    public static Result grade(Path exercise, Path submission, Duration perTest) {
        if (!Files.isDirectory(exercise.resolve("tests"))) {
            throw LabException.input(exercise + " is not an exercise (no tests/ folder)");
        }
        if (!Files.isDirectory(submission)) {
            throw LabException.input("no submission folder " + submission);
        }
        Path dir = TempDirs.create("escape-lab-grade-");
        try {
            List<SourceCompiler.Source> tests = sources(exercise.resolve("tests"));
            List<Path> labJar = labClassPath();
            // Tests first: the test methods and their points are known even when the submission does not compile.
            List<Method> methods = testMethods(tests, exercise, labJar);
            List<SourceCompiler.Source> all = new ArrayList<>(sources(submission));
            all.addAll(tests);
            Path classes = dir.resolve("classes");
            try {
                SourceCompiler.compile(all, Lab.jdk().feature(), labJar).writeTo(classes);
            } catch (LabException e) {
                List<TestResult> zero = methods.stream().map(m -> new TestResult(name(m), 0, points(m),
                        "the submission does not compile", visibility(m, exercise))).toList();
                return new Result(0, zero, e.getMessage());
            }
            List<TestResult> results = new ArrayList<>();
            for (Method m : methods) {
                results.add(run(m, classes, labJar, submission, dir, perTest, exercise));
            }
            return new Result(results.stream().mapToDouble(TestResult::score).sum(), results, "");
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static TestResult run(Method m, Path classes, List<Path> labJar, Path submission, Path dir, Duration limit, Path exercise) {
        Path work = dir.resolve("work-" + m.getName());
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        List<String> cp = new ArrayList<>(List.of(classes.toString()));
        labJar.forEach(p -> cp.add(p.toString()));
        List<String> cmd = List.of(Lab.jdk().java().toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dlab.submission=" + submission.toAbsolutePath(), "-cp", String.join(java.io.File.pathSeparator, cp),
                TestRunner.class.getName(), m.getDeclaringClass().getName(), m.getName());
        ChildProcess.Result r = ChildProcess.of(cmd).directory(work).stdin(secret + "\n").timeLimit(limit).run();
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

    private static List<Method> testMethods(List<SourceCompiler.Source> tests, Path exercise, List<Path> labJar) {
        // The tests are compiled alone against the stubs' signatures they need: compile with the exercise's own src.
        List<SourceCompiler.Source> withSrc = new ArrayList<>(sources(exercise.resolve("src")));
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

    /** Hidden tests' results are shown to students only after the grades are published. */
    private static String visibility(Method m, Path exercise) {
        return Files.exists(exercise.resolve("tests/hidden/" + m.getDeclaringClass().getSimpleName() + ".java")) ? "after_published" : "visible";
    }

    /** The .java files of a folder and of its hidden/ subfolder, named by their file names. */
    static List<SourceCompiler.Source> sources(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().map(SourceCompiler.Source::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
