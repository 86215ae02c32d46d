package escapelab.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The crash report a child JVM started with {@code -XX:ErrorFile=DIR/hs_err_pid%p.log} wrote, if it crashed. */
public final class CrashReports {
    private CrashReports() {
    }

    /** The hs_err file in dir, or empty when the JVM did not crash (or the folder cannot be read). */
    public static Optional<Path> in(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("hs_err")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What the report says happened: its first {@code #  } line, such as "SIGSEGV (0xb) at pc=0x..., pid=..., tid=..."
     * or "Out of Memory Error (...)"; "hs_err file written" when it has none, empty when it cannot be read.
     */
    public static Optional<String> headline(Path report) {
        try (Stream<String> lines = Files.lines(report)) {
            return Optional.of(lines.filter(l -> l.startsWith("#  ") && !l.isBlank()).findFirst()
                    .map(l -> l.substring(3).strip()).orElse("hs_err file written"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
