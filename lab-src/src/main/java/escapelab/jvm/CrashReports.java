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
}
