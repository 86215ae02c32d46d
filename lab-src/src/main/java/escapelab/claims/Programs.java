package escapelab.claims;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.golang.GoEscape;
import escapelab.golang.GoTool;
import escapelab.golang.Transcript;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.SourceCompiler;

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

    /** A Go program of the folder, built once per source under $TMPDIR/escape-lab-claims/<hash>. */
    static Path goBinary(GoTool go, String fileName) {
        String source = GoEscape.readString(file(fileName));
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "escape-lab-claims",
                Transcript.sha256(go.version() + source).substring(0, 16));
        Path binary = dir.resolve("program");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("main.go"), source);
            Files.writeString(dir.resolve("go.mod"), "module claims\n\ngo 1.21\n");
        } catch (IOException e) {
            throw LabException.environment("cannot write the Go program in " + dir + ": " + e.getMessage());
        }
        ChildProcess.Result r = go.command(dir, "build", "-o", "program.partial", ".").timeLimit(Duration.ofMinutes(3)).run();
        if (!r.ok()) {
            throw LabException.environment("go build of " + file(fileName) + " failed (" + r.describe() + "): " + r.output().strip());
        }
        try {
            Files.move(dir.resolve("program.partial"), binary); // only a whole build is reused
        } catch (IOException e) {
            throw LabException.environment("cannot move the built program into " + binary + ": " + e.getMessage());
        }
        return binary;
    }

    /** A Java program of the folder, compiled for the lab's JDK into a folder of classes (cached like the Go ones). */
    static Path javaClasses(String fileName) {
        String source = GoEscape.readString(file(fileName));
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "escape-lab-claims",
                Transcript.sha256(Lab.jdk().version() + source).substring(0, 16));
        if (!Files.isDirectory(dir.resolve("classes"))) {
            Path partial = dir.resolve("classes.partial");
            SourceCompiler.compile(List.of(new SourceCompiler.Source(fileName, source)), Lab.jdk().feature(), List.of()).writeTo(partial);
            try {
                Files.move(partial, dir.resolve("classes"));
            } catch (IOException e) {
                throw LabException.environment("cannot move compiled classes into " + dir + ": " + e.getMessage());
            }
        }
        return dir.resolve("classes");
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

    static double number(Map<String, String> kv, String key) {
        String v = kv.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }
}
