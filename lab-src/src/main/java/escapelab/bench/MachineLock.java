package escapelab.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One benchmark at a time on this machine. Two measurements on the same cores spoil each other, and
 * JMH itself refuses to start while another JMH holds its lock ({@code jmh.lock} in the temporary
 * folder), which on a workshop host with several kernels failed every run but the first. So a run
 * waits here, saying so, until the one before it is done.
 */
final class MachineLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private MachineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static MachineLock acquire(Consumer<String> progress) {
        return acquire(Path.of(System.getProperty("java.io.tmpdir"), "escape-lab-bench.lock"), progress);
    }

    static MachineLock acquire(Path file, Consumer<String> progress) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                progress.accept("waiting for another benchmark on this machine to finish (" + file + ")");
                lock = channel.lock();
            }
            return new MachineLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            // This JVM already holds it (a benchmark started from inside another): run without waiting on ourselves.
            return new MachineLock(channel, null);
        } catch (IOException e) {
            // A folder we cannot lock in: run without the lock rather than not at all.
            return new MachineLock(channel, null);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel, and the channel with the process
        }
    }
}
