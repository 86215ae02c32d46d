package escapelab.grade;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Grades every submission folder of a class, in parallel up to the cores (each grade forks JVMs of
 * its own, so more threads would only queue). A submission that cannot be graded gets zero and the
 * reason; it never stops the others.
 */
public final class ClassGrader {
    /** One student's folder and what it scored. */
    public record Graded(String student, Grader.Result result) {
    }

    private ClassGrader() {
    }

    /** The student folders of {@code submissions}, by name; hidden folders left out. */
    public static List<Path> students(Path submissions) {
        try (Stream<Path> s = Files.list(submissions)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Grades each folder; {@code done} hears of each student as it finishes (from the pool's threads). */
    public static List<Graded> gradeAll(Path exercise, List<Path> students, Duration perTest, boolean sandboxed,
                                        int threads, BiConsumer<Graded, Integer> done) {
        if (!Files.isDirectory(exercise.resolve("tests"))) {
            throw escapelab.LabException.input(exercise + " is not an exercise (no tests/ folder)");
        }
        if (sandboxed) {
            Sandbox.require(); // once, before the pool: a missing sandbox is the instructor's problem, not 40 zeros
        }
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Graded>> futures = new ArrayList<>();
            for (Path s : students) {
                futures.add(pool.submit(() -> {
                    Graded g = new Graded(s.getFileName().toString(), gradeOne(exercise, s, perTest, sandboxed));
                    done.accept(g, finished.incrementAndGet());
                    return g;
                }));
            }
            List<Graded> all = new ArrayList<>();
            for (Future<Graded> f : futures) {
                all.add(f.get());
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Grader.Result gradeOne(Path exercise, Path student, Duration perTest, boolean sandboxed) {
        try {
            return Grader.grade(exercise, student, perTest, sandboxed);
        } catch (RuntimeException e) {
            return new Grader.Result(0, List.of(), "not graded: " + e.getMessage());
        } catch (OutOfMemoryError | StackOverflowError e) {
            // One student's submission must never cost the class its gradebook.
            return new Grader.Result(0, List.of(), "not graded: the grader ran out of " + (e instanceof StackOverflowError ? "stack" : "memory")
                    + " on this submission");
        }
    }

    /** The gradebook: student, points per test (columns in the tests' order), total. */
    public static String gradebook(List<Graded> graded) {
        Set<String> tests = new LinkedHashSet<>();
        graded.forEach(g -> g.result().tests().forEach(t -> tests.add(t.name())));
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("student"));
        header.addAll(tests);
        header.add("total");
        Csv.row(csv, header);
        for (Graded g : graded) {
            Map<String, Double> points = new TreeMap<>();
            g.result().tests().forEach(t -> points.put(t.name(), t.score()));
            List<String> row = new ArrayList<>(List.of(g.student()));
            tests.forEach(t -> row.add(points.containsKey(t) ? number(points.get(t)) : ""));
            row.add(number(g.result().score()));
            Csv.row(csv, row);
        }
        return csv.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** done / total, rate, time left: one line redrawn on a terminal, plain lines in a log. */
    public static final class Progress {
        private final int total;
        private final PrintWriter err;
        private final boolean terminal;
        private final long start = System.nanoTime();

        public Progress(int total, PrintWriter err, boolean terminal) {
            this.total = total;
            this.err = err;
            this.terminal = terminal;
        }

        public synchronized void done(Graded g, int done) {
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = done / Math.max(seconds, 1e-9) * 60;
            long left = Math.round((total - done) * seconds / done);
            int width = 30;
            int filled = width * done / Math.max(total, 1);
            String line = String.format("[%s%s] %d/%d  %.1f/min  %d s left  (%s)", "#".repeat(filled), " ".repeat(width - filled),
                    done, total, rate, left, g.student());
            if (terminal) {
                err.print("\r" + line + "\033[K" + (done == total ? "\n" : ""));
            } else {
                err.println(line);
            }
            err.flush();
        }
    }
}
