package escapelab.jvm;

import escapelab.LabException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Folders under $TMPDIR that reuse work between runs (Go's build cache hits, built programs) and
 * that concurrent runs share: two kernels, a test run beside a notebook, a workshop on one host.
 * Nothing here is written in place, so no run ever reads another's half-written file.
 */
public final class SharedCache {
    private static final AtomicLong COUNTER = new AtomicLong();

    private SharedCache() {
    }

    /** $TMPDIR/area/key, created if missing. */
    public static Path dir(String area, String key) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), area, key);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw LabException.environment("cannot create " + dir + ": " + e.getMessage());
        }
    }

    /** A file name in dir that no other run (process or thread) uses; ends in ".tmp" so that go ignores it as a source. */
    public static Path unique(Path dir, String stem) {
        return dir.resolve(stem + "." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet() + ".tmp");
    }

    /** Writes text to file unless it already holds exactly that, through a private file moved into place. */
    public static void write(Path file, String text) {
        try {
            if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
                return;
            }
            Path tmp = unique(file.getParent(), "." + file.getFileName());
            Files.writeString(tmp, text);
            publish(tmp, file);
        } catch (IOException e) {
            throw LabException.environment("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Moves a finished file (a built program) into place in one step, replacing what is there. */
    public static void publish(Path finished, Path target) {
        try {
            try {
                Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw LabException.environment("cannot move " + finished + " to " + target + ": " + e.getMessage());
        }
    }
}
