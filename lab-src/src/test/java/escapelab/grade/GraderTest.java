package escapelab.grade;

import escapelab.jvm.IndependentRuns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The round trip for every exercise, and a hostile submission for each way one can misbehave. The tests
 * run two at a time (each marked concurrent; the class itself, not marked, never runs beside another
 * class): each waits on its sandboxed test JVMs one after another, and none measures time.
 */
class GraderTest {
    static final Path SOLUTIONS = Path.of("../solutions");
    static final Path EXERCISES = Path.of("../exercises");
    static final Duration LIMIT = Duration.ofSeconds(30);
    /** Held by the two tests that grade two submissions at a time each. */
    static final String TWO_GRADINGS = "two gradings at a time";

    static List<Path> exercises() throws IOException {
        try (Stream<Path> s = Files.list(SOLUTIONS)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    @ResourceLock(TWO_GRADINGS) // grades two at a time itself: never beside the flood test's class of two
    void everySolutionScoresFullMarksAndEveryReleasedStubZero() throws IOException {
        List<Path> all = exercises();
        assertTrue(!all.isEmpty(), "no exercises in solutions/");
        // A grading runs its test JVMs one after another, a core at most: two at a time, as ./lab grade --all
        // grades a class (exercise 06's timing check compares two benchmarks of one run, not a time).
        List<Path> submissions = all.stream().flatMap(ex -> Stream.of(ex.resolve("src"), EXERCISES.resolve(ex.getFileName()).resolve("src"))).toList();
        List<Grader.Result> results = IndependentRuns.map(submissions, s -> Grader.grade(SOLUTIONS.resolve(s.getParent().getFileName()), s, LIMIT));
        for (int i = 0; i < all.size(); i++) {
            Grader.Result full = results.get(2 * i);
            double max = full.tests().stream().mapToDouble(Grader.TestResult::maxScore).sum();
            assertEquals(max, full.score(), all.get(i) + ": the solution\n" + full.tests());
            Grader.Result stub = results.get(2 * i + 1);
            assertEquals(0.0, stub.score(), all.get(i) + ": the released stub\n" + stub.tests());
        }
    }

    /** The test JVMs start from the lab JVM's cache only when the lab runs from the jar the cache was made for. */
    @Test
    void theTestJvmsTakeTheLabsCacheOnlyForTheLabJarAndOnlyWhenItIsThere(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("escape-lab.jar"), "a jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_796_000_000_500L));
        // As the lab script names it: the jar's modification time (s) and size, then the JDK's modules'.
        Path cache = Files.writeString(dir.resolve("lab-1796000000-5-1776808153-145959730.aot"), "a cache");
        assertEquals(cache, Grader.aotCache(List.of(jar), cache.toString()));
        assertEquals(cache, Grader.aotCache(List.of(jar, dir.resolve("jjava.jar")), cache.toString()), "in a kernel, JJava's jar after the lab's");
        assertEquals(null, Grader.aotCache(List.of(jar), null), "no LAB_AOT_CACHE: ./lab did not start this JVM from a cache");
        assertEquals(null, Grader.aotCache(List.of(jar), dir.resolve("lab-1796000000-5-1-2.aot").toString()), "a cache that is gone");
        assertEquals(null, Grader.aotCache(List.of(dir.resolve("classes"), jar), cache.toString()),
                "Maven's classes folders: the cache was made for the jar");
        Files.writeString(jar, "a jar built again");
        assertEquals(null, Grader.aotCache(List.of(jar), cache.toString()), "a cache of an earlier build of the jar");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theReleaseIsCurrent(@TempDir Path dir) throws IOException {
        Release.release(SOLUTIONS, dir);
        for (Path ex : exercises()) {
            Path released = EXERCISES.resolve(ex.getFileName());
            try (Stream<Path> files = Files.walk(dir.resolve(ex.getFileName()))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path committed = released.resolve(dir.resolve(ex.getFileName()).relativize(f));
                    assertTrue(Files.exists(committed), committed + " is missing: run ./lab release");
                    assertEquals(Files.readString(f), Files.readString(committed), committed + " is out of date: run ./lab release");
                }
            }
            assertTrue(Files.notExists(released.resolve("tests/hidden")), "hidden tests must not be released");
        }
        assertEquals(Files.readString(dir.resolve("README.md")), Files.readString(EXERCISES.resolve("README.md")),
                "exercises/README.md is out of date: run ./lab release");
        assertTrue(Files.readString(EXERCISES.resolve("README.md")).contains("`02-shrink-a-class/`"));
    }

    /**
     * Exercise 02 allows an int id, a float value and a non-null flag, nothing narrower: a half-precision
     * value fits the budget and survives the visible example (21.5), but must not get full marks.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void aShrinkThatLosesMoreThanTheContractAllowsDoesNotGetFullMarks(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("Reading.java"), """
                public class Reading {
                    private final int sensor;
                    private final short value;
                    private final boolean valid;

                    public Reading(long sensor, double value, Boolean valid) {
                        this.sensor = (int) sensor;
                        this.value = Float.floatToFloat16((float) value);
                        this.valid = valid;
                    }

                    public long sensor() { return sensor; }
                    public double value() { return Float.float16ToFloat(value); }
                    public Boolean valid() { return valid; }
                }
                """);
        Path ex = SOLUTIONS.resolve("02-shrink-a-class");
        Grader.Result r = Grader.grade(ex, sub, LIMIT);
        double max = r.tests().stream().mapToDouble(Grader.TestResult::maxScore).sum();
        assertTrue(r.score() < max, r.tests().toString());
        Grader.TestResult example = r.tests().stream().filter(t -> t.name().contains("atMost24BytesInBothHeaderModes")).findFirst().orElseThrow();
        Grader.TestResult contract = r.tests().stream().filter(t -> t.name().contains("everyValueTheContractAllows")).findFirst().orElseThrow();
        assertEquals(example.maxScore(), example.score(), "it fits and the example survives: " + example);
        assertEquals(0.0, contract.score(), contract.toString());
    }

    /**
     * The instructor may pass the student's whole exercise folder: its tests/ and JupyterLab's
     * src/.ipynb_checkpoints/LongBuffer-checkpoint.java are not the submission, by either route.
     * Exercise 05: its tests check behaviour only, no live measurement, so the three gradings are quick.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void theWholeExerciseFolderGradesTheSameAsItsSrc(@TempDir Path dir) throws IOException {
        Path ex = SOLUTIONS.resolve("05-port-to-ffm");
        Path student = dir.resolve("05-port-to-ffm");
        Files.createDirectories(student.resolve("src/.ipynb_checkpoints"));
        Files.createDirectories(student.resolve("tests"));
        Files.copy(ex.resolve("src/LongBuffer.java"), student.resolve("src/LongBuffer.java"));
        Files.copy(ex.resolve("src/LongBuffer.java"), student.resolve("src/.ipynb_checkpoints/LongBuffer-checkpoint.java"));
        Files.copy(ex.resolve("tests/LongBufferTest.java"), student.resolve("tests/LongBufferTest.java"));
        for (Grader.Result r : List.of(Grader.grade(ex, student, LIMIT), Grader.grade(ex, student.resolve("src"), LIMIT),
                Grader.grade(student, student.resolve("src"), LIMIT))) {
            double max = r.tests().stream().mapToDouble(Grader.TestResult::maxScore).sum();
            assertEquals(max, r.score(), r.output() + "\n" + r.tests());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aSubmissionDeclaringAPackageOutsideTheExerciseIsRefused(@TempDir Path dir) throws IOException {
        for (String pkg : List.of("escapelab.grade", "org.junit.jupiter.api")) {
            Path sub = Files.createDirectories(dir.resolve(pkg));
            Files.writeString(sub.resolve("Sums.java"), "package " + pkg + ";\n"
                    + "public class Sums { record P(int x) {} public static long sum(int n) { return (long) n * (n + 1) / 2; } }\n");
            Grader.Result r = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, LIMIT);
            assertEquals(0.0, r.score(), r.tests().toString());
            assertTrue(r.output().startsWith("refused: the submission declares " + pkg + ".Sums;"), r.output());
            assertTrue(r.tests().stream().allMatch(t -> t.output().startsWith("not graded")), r.tests().toString());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aMissingFileIsNamed(@TempDir Path dir) throws IOException {
        Grader.Result r = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), Files.createDirectories(dir.resolve("sub")), LIMIT);
        assertEquals(0.0, r.score());
        assertTrue(r.output().startsWith("the submission has no Sums.java"), r.output());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void onlyTheExercisesOwnSourcesAreHandedIn(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("src/.ipynb_checkpoints"));
        Files.writeString(dir.resolve("src/Sums.java"), "");
        Files.writeString(dir.resolve("src/.ipynb_checkpoints/Sums-checkpoint.java"), "");
        Files.writeString(dir.resolve("src/.#Sums.java"), "");
        Files.writeString(dir.resolve("src/notes.txt"), "");
        assertEquals(List.of("Sums.java"), Grader.exerciseFiles(dir));
        Files.createDirectories(dir.resolve("tests/.ipynb_checkpoints"));
        Files.createDirectories(dir.resolve("tests/hidden"));
        Files.writeString(dir.resolve("tests/SumsTest.java"), "");
        Files.writeString(dir.resolve("tests/hidden/SumsHiddenTest.java"), "");
        Files.writeString(dir.resolve("tests/.ipynb_checkpoints/SumsTest-checkpoint.java"), "");
        assertEquals(List.of("SumsTest.java", "SumsHiddenTest.java"),
                Grader.sources(dir.resolve("tests")).stream().map(s -> s.fileName()).toList());
    }

    private static Grader.Result hostile(Path dir, String body) throws IOException {
        return hostile(dir, body, Duration.ofSeconds(15));
    }

    private static Grader.Result hostile(Path dir, String body, Duration perTest) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("Sums.java"), "public class Sums { record Point(int x, int y) {}\n"
                + "public static long sum(int n) {\n" + body + "\n} }\n");
        return Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, perTest);
    }

    /** A link would show the student, in javac's messages, a file the grader can read (a hidden test, /etc/shadow). */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aLinkOrAHugeFileIsRefusedUnread(@TempDir Path dir) throws IOException {
        Path hiddenTest = SOLUTIONS.resolve("01-allocation-free/tests/hidden/SumsHiddenTest.java").toAbsolutePath();
        Path linked = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("Sums.java"), hiddenTest);
        Path srcLinked = Files.createDirectories(dir.resolve("src-linked"));
        Files.createSymbolicLink(srcLinked.resolve("src"), hiddenTest.getParent());
        Path huge = Files.createDirectories(dir.resolve("huge"));
        Files.writeString(huge.resolve("Sums.java"), "// " + "x".repeat((int) Grader.MAX_SUBMITTED_BYTES));
        for (Path sub : List.of(linked, huge)) {
            Grader.Result r = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, LIMIT);
            assertEquals(0.0, r.score());
            assertTrue(r.output().startsWith("refused: Sums.java is "), r.output());
            assertFalse(r.toString().contains("import "), "a line of the linked file was shown: " + r);
        }
        Grader.Result outside = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), srcLinked, LIMIT);
        assertEquals(0.0, outside.score());
        assertTrue(outside.output().contains("the submission has no Sums.java") || outside.output().startsWith("refused: Sums.java is a symbolic link"),
                outside.output());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aSubmissionThatDoesNotCompileGetsZeroWithJavacsMessage(@TempDir Path dir) throws IOException {
        Grader.Result r = hostile(dir, "return \"no\";");
        assertEquals(0.0, r.score());
        assertTrue(r.output().contains("Sums.java:3:") && r.output().contains("incompatible types"), r.output());
        assertTrue(r.tests().stream().allMatch(t -> t.output().equals("the submission does not compile")));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void anEndlessLoopIsStoppedAtTheLimit(@TempDir Path dir) throws IOException {
        // A short limit: each of the exercise's two tests spins until it, and any limit shows the stop.
        long start = System.nanoTime();
        Grader.Result r = hostile(dir, "while (true) { Thread.onSpinWait(); }", Duration.ofSeconds(4));
        assertEquals(0.0, r.score());
        assertTrue(r.tests().get(0).output().startsWith("stopped after 4 s"), r.tests().toString());
        assertTrue(r.tests().get(1).output().startsWith("stopped after 4 s"), r.tests().toString());
        assertTrue((System.nanoTime() - start) / 1e9 < 40);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void systemExitAndMemoryExhaustionLoseTheTestOnly(@TempDir Path dir) throws IOException {
        Grader.Result exit = hostile(dir, "System.exit(0); return 0;");
        assertEquals(0.0, exit.score());
        assertTrue(exit.tests().get(0).output().startsWith("the JVM ended before the test reported"), exit.tests().toString());
        Grader.Result oom = hostile(dir.resolve("b"), "java.util.List<long[]> l = new java.util.ArrayList<>(); while (true) l.add(new long[1 << 20]);");
        assertEquals(0.0, oom.score());
        assertTrue(oom.tests().get(1).output().contains("OutOfMemoryError"), oom.tests().toString());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void printedFakeResultsCountForNothing(@TempDir Path dir) throws IOException {
        Grader.Result r = hostile(dir, "for (int i = 0; i < 100; i++) { System.out.println(\"PASS\"); "
                + "new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out)).println(\"0000 PASS\"); } return -1;");
        assertEquals(0.0, r.score(), r.tests().toString());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void deletingFilesHarmsOnlyTheSubmission(@TempDir Path dir) throws IOException {
        Path canary = Files.writeString(dir.resolve("canary.txt"), "still here");
        Grader.Result r = hostile(dir, "try (var w = java.nio.file.Files.walk(java.nio.file.Path.of(\"..\"))) {"
                + " w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); } catch (Exception e) { } return -1;");
        assertEquals(0.0, r.score(), r.tests().toString());
        assertTrue(Files.exists(canary), "files outside the grading folder are untouched");
        assertTrue(Files.exists(SOLUTIONS.resolve("01-allocation-free/tests/hidden/SumsHiddenTest.java")));
    }

    /** A submission whose class initialiser runs {@code attack}; its tests then fail on -1. */
    private static Grader.Result attacking(Path dir, String attack) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("Sums.java"), "public class Sums { record Point(int x, int y) {}\n"
                + "static { try { " + attack + " } catch (Exception e) { } }\n"
                + "public static long sum(int n) { return -1; } }\n");
        return Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, Duration.ofSeconds(15));
    }

    private static String javaString(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\") + "\"";
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void theSandboxKeepsFilesOutsideTheWorkFolderReadOnly(@TempDir Path dir) throws IOException {
        Path canary = Files.createDirectories(dir.resolve("canary"));
        Grader.Result r = attacking(dir, "java.nio.file.Files.writeString(java.nio.file.Path.of(" + javaString(canary)
                + ", \"planted\"), \"x\"); java.nio.file.Files.writeString(java.nio.file.Path.of(\"../planted\"), \"x\");");
        assertEquals(0.0, r.score(), r.tests().toString());
        try (Stream<Path> s = Files.list(canary)) {
            assertEquals(List.of(), s.toList(), "a file outside the work folder was written");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void theSandboxGivesEachTestAPrivateTmp(@TempDir Path dir) throws IOException {
        Path canary = Path.of("/tmp/escape-lab-canary-" + System.nanoTime());
        try {
            attacking(dir, "java.nio.file.Files.writeString(java.nio.file.Path.of(" + javaString(canary) + "), \"x\");");
            assertTrue(Files.notExists(canary), "the submission wrote into the grader's /tmp");
        } finally {
            Files.deleteIfExists(canary);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void theSandboxHasNoNetwork(@TempDir Path dir) throws IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            attacking(dir, "new java.net.Socket(\"127.0.0.1\", " + server.getLocalPort() + ").getOutputStream().write(1);");
            server.setSoTimeout(500); // a connection made during grading waits in the backlog
            try (java.net.Socket s = server.accept()) {
                fail("the submission connected to 127.0.0.1:" + server.getLocalPort() + " from " + s.getRemoteSocketAddress());
            } catch (java.net.SocketTimeoutException expected) {
                // no connection: the test JVM has a network of its own
            }
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void gradingUnsandboxedSaysSo(@TempDir Path dir) throws IOException {
        // A wrong answer: its tests run (unsandboxed) and fail at once, without the solution's live measurement.
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("Sums.java"), "public class Sums { record Point(int x, int y) {}\n"
                + "public static long sum(int n) { return -1; } }\n");
        Grader.Result r = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, LIMIT, false);
        assertTrue(r.output().contains("--unsandboxed"), r.output());
        assertTrue(r.tests().stream().anyMatch(t -> t.output().startsWith("sum(100) must keep its result")), r.tests().toString());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void theSandboxHidesTheGradersProcesses(@TempDir Path dir) throws IOException {
        Process canary = new ProcessBuilder("sleep", "60").start();
        try {
            attacking(dir, "ProcessHandle.of(" + canary.pid() + "L).ifPresent(ProcessHandle::destroyForcibly);");
            assertTrue(canary.isAlive(), "the submission killed a process outside its sandbox");
        } finally {
            canary.destroyForcibly();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void aVisibleTestSeesNoHiddenTestAndNothingBesideItsSubmission(@TempDir Path dir) throws IOException {
        String token = "canary-" + System.nanoTime();
        Path secret = Files.writeString(dir.resolve("other-student.txt"), token);
        Path hidden = SOLUTIONS.resolve("01-allocation-free/tests/hidden").toAbsolutePath();
        // What it finds goes into the exception's message, which is the visible test's output.
        Grader.Result r = hostile(dir, """
                StringBuilder seen = new StringBuilder("seen:");
                try { seen.append(' ').append(java.nio.file.Files.readString(java.nio.file.Path.of(%s))); } catch (Exception e) { seen.append(" no-secret"); }
                for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                    try (var w = java.nio.file.Files.walk(java.nio.file.Path.of(e))) {
                        w.filter(p -> p.toString().contains("Hidden")).forEach(p -> seen.append(' ').append(p.getFileName()));
                    } catch (Exception x) { }
                }
                try (var w = java.nio.file.Files.list(java.nio.file.Path.of(%s))) { w.forEach(p -> seen.append(' ').append(p.getFileName())); }
                catch (Exception e) { seen.append(" no-hidden-folder"); }
                throw new IllegalStateException(seen.toString());""".formatted(javaString(secret), javaString(hidden)));
        List<Grader.TestResult> visible = r.tests().stream().filter(t -> t.visibility().equals("visible")).toList();
        assertTrue(!visible.isEmpty() && visible.stream().allMatch(t -> t.output().contains("seen:")), r.tests().toString());
        for (Grader.TestResult t : visible) {
            assertTrue(!t.output().contains("SumsHiddenTest"), "a visible test's JVM found the hidden test: " + t.output());
            assertTrue(!t.output().contains(token), "a test read a file beside its submission: " + t.output());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    void aSubmissionCannotMakeTheSystemWritableAgain(@TempDir Path dir) throws IOException {
        // Root in the sandbox keeps no capabilities: it cannot remount its read-only files writable.
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path file = sub.resolve("Sums.java");
        String source = "public class Sums { record Point(int x, int y) {}\n"
                + "static { try { String f = " + javaString(file) + ";\n"
                + "for (String[] c : new String[][] {{\"mount\", \"-o\", \"remount,rw,bind\", f}, {\"mount\", \"-o\", \"remount,rw\", \"/\"}}) new ProcessBuilder(c).inheritIO().start().waitFor();\n"
                + "java.nio.file.Files.writeString(java.nio.file.Path.of(f), \"// planted\\n\", java.nio.file.StandardOpenOption.APPEND); } catch (Exception e) { } }\n"
                + "public static long sum(int n) { return -1; } }\n";
        Files.writeString(file, source);
        Grader.Result r = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, Duration.ofSeconds(15));
        assertEquals(0.0, r.score(), r.tests().toString());
        assertEquals(source, Files.readString(file), "the submission wrote to a file the sandbox shows read-only");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aSubmissionMayNotDeclareATestsOrJavaLangsName(@TempDir Path dir) throws IOException {
        for (String name : List.of("SumsTest", "Math")) {
            Path sub = Files.createDirectories(dir.resolve(name));
            Files.writeString(sub.resolve("Sums.java"), "public class Sums { record Point(int x, int y) {}\n"
                    + "public static long sum(int n) { return n * (n + 1L) / 2; } }\nclass " + name + " { }\n");
            Grader.Result r = Grader.grade(SOLUTIONS.resolve("01-allocation-free"), sub, LIMIT);
            assertEquals(0.0, r.score(), r.tests().toString());
            assertTrue(r.output().contains("refused: the submission declares " + name), r.output());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Tag("live")
    @ResourceLock(TWO_GRADINGS) // the good student's tests must finish within 10 s beside the flood
    void aSubmissionThatFloodsHarmsNoOtherInTheClass(@TempDir Path dir) throws IOException {
        Path flood = Files.createDirectories(dir.resolve("class/flood"));
        Files.writeString(flood.resolve("Sums.java"), "public class Sums { record Point(int x, int y) {}\n"
                + "public static long sum(int n) { var out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out));\n"
                + "var err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err)); String line = \"x\".repeat(1000);\n"
                + "try (var f = new java.io.FileOutputStream(\"flood.bin\")) { byte[] mb = new byte[1 << 20]; for (int i = 0; i < 1024; i++) f.write(mb); } catch (Exception e) { }\n"
                + "while (true) { out.println(line); err.println(line); } } }\n");
        Path good = Files.createDirectories(dir.resolve("class/good"));
        Files.copy(SOLUTIONS.resolve("01-allocation-free/src/Sums.java"), good.resolve("Sums.java"));
        List<ClassGrader.Graded> graded = ClassGrader.gradeAll(SOLUTIONS.resolve("01-allocation-free"),
                ClassGrader.students(dir.resolve("class")), Duration.ofSeconds(10), true, 2, (g, n) -> { });
        assertEquals(List.of("flood", "good"), graded.stream().map(ClassGrader.Graded::student).toList());
        assertEquals(0.0, graded.get(0).result().score(), graded.get(0).result().tests().toString());
        Grader.Result goodResult = graded.get(1).result();
        assertEquals(goodResult.tests().stream().mapToDouble(Grader.TestResult::maxScore).sum(), goodResult.score(), goodResult.tests().toString());
    }
}
