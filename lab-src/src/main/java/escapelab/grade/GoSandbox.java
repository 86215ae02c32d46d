package escapelab.grade;

import escapelab.LabException;
import escapelab.golang.GoTool;
import escapelab.jvm.TempDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a test of a Go exercise needs in its sandbox: the Go toolchain read-only, and a build cache
 * of its own in its work folder, copied from one this grader filled once (its home folder, where
 * Go keeps the user's cache, is not in the sandbox; a cache shared between tests could be poisoned
 * by one submission for the next).
 */
final class GoSandbox {
    private static Path template; // filled on first use, removed when the grader exits

    private GoSandbox() {
    }

    /** Adds the Go toolchain to readable and a private GOCACHE under work to env; nothing when there is no Go. */
    static void prepare(Path work, Map<String, String> env, List<Path> readable) {
        Optional<GoTool> go = GoTool.find();
        if (go.isEmpty()) {
            return; // the test says there is no go command
        }
        Path cache = work.resolve(".gocache");
        copy(template(go.get()), cache);
        readable.add(Path.of(go.get().env("GOROOT")));
        readable.add(go.get().go());
        env.putAll(Map.of("GOCACHE", cache.toString(), "GOTOOLCHAIN", "local", "GOFLAGS", "", "GOWORK", "off",
                "GOPROXY", "off", "GO111MODULE", "on"));
    }

    private static synchronized Path template(GoTool go) {
        if (template == null) {
            Path dir = TempDirs.create("escape-lab-grade-gocache-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TempDirs.delete(dir)));
            go.fillCache(dir, Duration.ofMinutes(5));
            template = dir;
        }
        return template;
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        } catch (IOException e) {
            throw LabException.environment("cannot copy the Go build cache into " + to + ": " + e.getMessage());
        }
    }
}
