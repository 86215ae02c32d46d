package escapelab.claims;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.golang.GoEscape;
import escapelab.golang.GoTool;
import escapelab.golang.Transcript;
import escapelab.jvm.SharedCache;
import escapelab.jvm.SourceCompiler;
import escapelab.jvm.TempDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measuring programs of lab-src/examples/claims, built once and run as children. Each prints
 * its result as one line of key=value pairs, the last such line of its output.
 */
final class Programs {
    private Programs() {
    }

    static Path file(String name) {
        return GoEscape.examples().getParent().resolve("claims").resolve(name);
    }

    /** A Go program of the folder, built once per source and Go version under $TMPDIR/escape-lab-claims/<hash>. */
    static Path goBinary(GoTool go, String fileName) {
        String source = GoEscape.readString(file(fileName));
        Path dir = SharedCache.dir("escape-lab-claims", Transcript.sha256(go.version() + source).substring(0, 16));
        SharedCache.write(dir.resolve("main.go"), source);
        SharedCache.write(dir.resolve("go.mod"), "module claims\n\ngo 1.21\n");
        return go.buildOnce(dir, "program", List.of(), Duration.ofMinutes(3));
    }

    /** A Java program of the folder, compiled for the lab's JDK into a folder of classes (cached like the Go ones). */
    static Path javaClasses(String fileName) {
        String source = GoEscape.readString(file(fileName));
        Path dir = SharedCache.dir("escape-lab-claims", Transcript.sha256(Lab.jdk().version() + source).substring(0, 16));
        Path classes = dir.resolve("classes");
        if (!Files.isDirectory(classes)) {
            Path partial = SharedCache.unique(dir, "classes");
            SourceCompiler.compile(List.of(new SourceCompiler.Source(fileName, source)), Lab.jdk().feature(), List.of()).writeTo(partial);
            try {
                Files.move(partial, classes); // a whole folder or nothing; a run that lost the race uses the winner's
            } catch (IOException e) {
                TempDirs.delete(partial);
                if (!Files.isDirectory(classes)) {
                    throw LabException.environment("cannot move compiled classes into " + classes + ": " + e.getMessage());
                }
            }
        }
        return classes;
    }

    /** The key=value pairs of the last line that has them; empty when the program printed none. */
    static Map<String, String> result(String output) {
        Map<String, String> last = Map.of();
        for (String line : output.lines().toList()) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String field : line.strip().split("\\s+")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    kv.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            if (kv.size() >= 2) {
                last = kv;
            }
        }
        return last;
    }

    /** The value as a number; NaN when it is missing or not a number (the line was the program's, not ours). */
    static double number(Map<String, String> kv, String key) {
        try {
            return Double.parseDouble(kv.get(key));
        } catch (NullPointerException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
