package escapelab.golang;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Go examples against the live compiler, in Go's errorcheck style, and their recorded
 * transcripts against the live compiler (drift fails). LAB_UPDATE=1 rewrites the ERROR comments.
 */
class GoExamplesTest {
    private static final Path EXAMPLES = Path.of("examples/go");
    private static final boolean UPDATE = "1".equals(System.getenv("LAB_UPDATE"));
    private static final Optional<GoTool> GO = GoTool.find();

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".go")).sorted().toList();
        }
    }

    private static GoEscape.Options options(String source) {
        return GoErrorCheck.options(source).go(GO.get());
    }

    @TestFactory
    @Tag("live")
    Stream<DynamicTest> errorcheckAgainstTheLiveCompiler() throws IOException {
        Assumptions.assumeTrue(GO.isPresent(), "no go command (apt-get install golang-go); skipped");
        List<Path> files = examples();
        assertTrue(files.size() >= 10, "at least 10 Go examples, found " + files.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                String source = Files.readString(file);
                String name = file.getFileName().toString();
                GoReport r = GoEscape.analyze(file, options(source));
                if (UPDATE) {
                    Files.writeString(file, GoErrorCheck.rewrite(name, source, r));
                    return;
                }
                List<String> problems = GoErrorCheck.check(name, source, r);
                assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\n" + GoText.text(r, false));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyExampleHasATwinAndTranscripts() throws IOException {
        Assumptions.assumeTrue(!UPDATE, "updating");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : examples()) {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                String source = Files.readString(file);
                String twin = Twins.twinOf(source);
                assertTrue(Files.isRegularFile(Path.of("examples/hotspot", twin + ".java")), "the Java twin " + twin + " exists");
                for (GoEscape.Options o : GoEscape.transcriptFlags(source, null)) {
                    Path t = EXAMPLES.resolve("transcripts").resolve(Transcript.fileName(file.getFileName().toString(), o.gcflags()));
                    assertTrue(Files.isRegularFile(t), t + " is recorded (./lab go-escape --record)");
                    assertEquals(Transcript.sha256(source), Transcript.read(t).sha256(),
                            t + " was recorded from another version of the source: re-record with ./lab go-escape --record");
                }
                for (String release : GoEscape.releases(source)) {
                    Path t = EXAMPLES.resolve("transcripts/releases")
                            .resolve(Transcript.fileName(file.getFileName().toString(), GoErrorCheck.options(source).gcflags(), release));
                    assertTrue(Files.isRegularFile(t), t + " is recorded (./lab go-escape --record, where " + release + " can be fetched)");
                    assertEquals(Transcript.sha256(source), Transcript.read(t).sha256(),
                            t + " was recorded from another version of the source: re-record with ./lab go-escape --record");
                    assertEquals(release, Transcript.read(t).goVersion(), t + " is a transcript of " + release);
                }
            }));
        }
        return tests.stream();
    }

    /** Each transcript replayed against the live compiler: the same Go must say the same thing. */
    @TestFactory
    @Tag("live")
    Stream<DynamicTest> transcriptsHaveNotDrifted() throws IOException {
        Assumptions.assumeTrue(GO.isPresent() && !UPDATE, "no go command (apt-get install golang-go); skipped");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("transcripts"))) {
            for (Path t : files.filter(Files::isRegularFile).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
                    Transcript recorded = Transcript.read(t);
                    String source = Files.readString(EXAMPLES.resolve(recorded.source()));
                    GoEscape.Options o = GoErrorCheck.options(source).go(GO.get()).explain(recorded.flags().startsWith("-m=2"));
                    GoReport live = GoEscape.analyze(EXAMPLES.resolve(recorded.source()), o);
                    String fix = "\nre-record with ./lab go-escape --record";
                    if (live.goVersion().equals(recorded.goVersion())) {
                        assertEquals(recorded.output(), live.output(), t + ": the same " + live.goVersion() + " now says otherwise" + fix);
                    } else {
                        assertEquals(positionsAndKinds(GoOutput.parse(recorded.output())), positionsAndKinds(live.findings()),
                                t + ": recorded with " + recorded.goVersion() + ", live " + live.goVersion() + " finds otherwise" + fix);
                    }
                }));
            }
        }
        return tests.stream();
    }

    /**
     * Each transcript of an older release replayed against that release, fetched as GOTOOLCHAIN
     * fetches it (once, into the module cache): skipped, with the reason, where it cannot be fetched.
     */
    @TestFactory
    @Tag("live")
    Stream<DynamicTest> releaseTranscriptsMatchTheirRelease() throws IOException {
        Assumptions.assumeTrue(GO.isPresent() && !UPDATE, "no go command (apt-get install golang-go); skipped");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("transcripts/releases"))) {
            for (Path t : files.filter(Files::isRegularFile).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
                    Transcript recorded = Transcript.read(t);
                    GoTool release;
                    try {
                        release = GO.get().release(recorded.goVersion());
                    } catch (escapelab.LabException e) {
                        Assumptions.abort(e.getMessage() + "; skipped");
                        return;
                    }
                    Path source = EXAMPLES.resolve(recorded.source());
                    GoEscape.Options o = GoErrorCheck.options(Files.readString(source)).go(release).explain(recorded.flags().startsWith("-m=2"));
                    assertEquals(recorded.output(), GoEscape.analyze(source, o).output(),
                            t + ": " + recorded.goVersion() + " now says otherwise; re-record with ./lab go-escape --record");
                }));
            }
        }
        return tests.stream();
    }

    private static List<String> positionsAndKinds(List<GoFinding> fs) {
        return fs.stream().map(f -> f.position() + " " + f.kind()).sorted().toList();
    }

    /** Nothing the compiler prints is lost: every diagnostic line is a finding or a line of one's explanation. */
    @Test
    @Tag("live")
    void everyLineOfTheCompilersOutputIsInTheReport() throws IOException {
        Assumptions.assumeTrue(GO.isPresent(), "no go command; skipped");
        for (Path file : examples()) {
            GoReport r = GoEscape.analyze(file, options(Files.readString(file)).explain(true));
            long printed = r.output().lines().filter(l -> l.matches("^(\\./)?\\S+\\.go:\\d+:\\d+: .*")).count();
            long reported = r.findings().stream().mapToLong(f -> f.explanation().isEmpty() ? 1
                    : f.explanation().size() + (f.explanation().get(0).equals(f.message()) ? 0 : 1)).sum();
            assertEquals(printed, reported, file + "\n" + r.output());
        }
    }
}
