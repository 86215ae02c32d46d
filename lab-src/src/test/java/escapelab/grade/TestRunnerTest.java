package escapelab.grade;

import escapelab.Lab;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.ClassPaths;
import escapelab.jvm.SourceCompiler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grading JVM takes no JUnit configuration from its class path: nothing there changes how a test is judged. */
@Tag("live")
class TestRunnerTest {
    @Test
    void aJunitPropertiesFileOnTheClassPathCannotTurnAFailureIntoAPass(@TempDir Path dir) throws IOException {
        // A class path that asks JUnit to load, by ServiceLoader, an extension that swallows every failure.
        Path config = dir.resolve("config");
        SourceCompiler.compile(List.of(
                new SourceCompiler.Source("Swallow.java", """
                        import org.junit.jupiter.api.extension.*;
                        public class Swallow implements TestExecutionExceptionHandler {
                            public void handleTestExecutionException(ExtensionContext context, Throwable thrown) {
                            }
                        }
                        """),
                new SourceCompiler.Source("Fails.java", """
                        import org.junit.jupiter.api.Test;
                        public class Fails {
                            @Test
                            void alwaysFails() {
                                throw new AssertionError("wrong");
                            }
                        }
                        """)), Lab.jdk().feature(), ClassPaths.of("org.junit.jupiter.api.Test")).writeTo(config);
        Files.writeString(config.resolve("junit-platform.properties"), "junit.jupiter.extensions.autodetection.enabled=true\n");
        Files.createDirectories(config.resolve("META-INF/services"));
        Files.writeString(config.resolve("META-INF/services/org.junit.jupiter.api.extension.Extension"), "Swallow\n");

        List<String> classPath = new ArrayList<>(Grader.labClassPath().stream().map(Path::toString).toList());
        classPath.add(config.toString());
        ChildProcess.Result r = ChildProcess.of(Lab.jdk().java().toString(), "-cp", String.join(File.pathSeparator, classPath),
                TestRunner.class.getName(), "Fails", "alwaysFails").stdin("s3cret\n").timeLimit(Duration.ofSeconds(60)).run();
        assertTrue(r.stdout().lines().anyMatch(l -> l.equals("s3cret FAIL wrong")), r.stdout() + r.stderr());
    }
}
