package escapelab.jvm;

import escapelab.LabException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one child process with a time limit, capturing its output. Every experiment of the lab
 * runs this way, so a crash, a hang or an OutOfMemoryError in it becomes a {@link Result}, and
 * never takes down the JVM (or the Jupyter kernel) that asked for it. On time-out the child and
 * all its descendants are killed.
 */
public final class ChildProcess {
    /** Output beyond this many characters per stream is dropped (and the drop is noted). */
    static final int MAX_CAPTURE = 8 * 1024 * 1024;

    private final List<String> command;
    private Path directory;
    private Duration timeLimit = Duration.ofMinutes(2);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Consumer<String> onStdoutLine = line -> { };
    private Consumer<String> onStderrLine = line -> { };
    private String stdin = "";
    private Duration stopAfter;
    private boolean ownGroup;

    /** util-linux's setsid, to start a child in a process group of its own; absent (macOS), children share the lab's. */
    private static final Path SETSID = systemTool("setsid");

    /**
     * coreutils' timeout, the bound of a child in a group of its own: the lab's time limit is kept by the lab's
     * JVM, and a child outside its process group outlives a lab JVM that is killed outright (SIGKILL, the OOM
     * killer, Jupyter's kill of a kernel's group), which no shutdown hook sees.
     */
    private static final Path TIMEOUT = systemTool("timeout");
    /** How long a child in a group of its own may outlive its time limit if the lab's JVM is gone. */
    private static final Duration BOUND_AFTER_LIMIT = Duration.ofSeconds(60);

    /** The system's own copy of a tool, in /usr/bin or /bin, never one earlier on PATH; or null. */
    private static Path systemTool(String name) {
        return java.util.stream.Stream.of("/usr/bin/", "/bin/").map(dir -> Path.of(dir + name))
                .filter(java.nio.file.Files::isExecutable).findFirst().orElse(null);
    }

    /** Children in a group of their own that still run: a lab JVM ended by Ctrl-C ends their groups too. */
    private static final java.util.Set<Process> GROUP_LEADERS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> GROUP_LEADERS.forEach(p -> {
            killTree(p);
            killGroup(p.pid());
        }), "child-groups"));
    }

    private ChildProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static ChildProcess of(List<String> command) {
        return new ChildProcess(command);
    }

    public static ChildProcess of(String... command) {
        return new ChildProcess(List.of(command));
    }

    public ChildProcess directory(Path dir) {
        this.directory = dir;
        return this;
    }

    public ChildProcess timeLimit(Duration limit) {
        this.timeLimit = limit;
        return this;
    }

    public ChildProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Asks the child to end after this long with SIGTERM, as {@code kill} would: a JVM then runs its
     * shutdown hooks and writes what it writes on exit (a JFR recording, the compilation log). The
     * time limit still applies, counted from the start; a child that ignores the signal is killed there.
     */
    public ChildProcess stopAfter(Duration after) {
        this.stopAfter = after;
        return this;
    }

    /**
     * Starts the child as the leader of a process group (a session) of its own, and when it ends, ends what
     * is left of the group: a program not written by the lab may start processes (a {@code sleep 400}) that
     * outlive it, reparented away from the JVM, where {@link Process#descendants()} no longer finds them.
     * Its children share its terminal signals no longer, so Ctrl-C reaches them through the lab's shutdown
     * hook, and a lab JVM killed outright through coreutils' timeout, which ends the group at the time limit
     * and a minute. Linux with util-linux; elsewhere the child shares the lab's group, as without this.
     */
    public ChildProcess ownProcessGroup() {
        this.ownGroup = SETSID != null;
        return this;
    }

    /** What the child reads on standard input (empty by default), written before it runs anything else. */
    public ChildProcess stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** Called with each line of standard output as it arrives, for live progress. */
    public ChildProcess onStdoutLine(Consumer<String> consumer) {
        this.onStdoutLine = consumer;
        return this;
    }

    public ChildProcess onStderrLine(Consumer<String> consumer) {
        this.onStderrLine = consumer;
        return this;
    }

    /**
     * What happened to the child.
     *
     * @param exitCode the exit code; -1 when it was killed at the time limit
     * @param timedOut true when the time limit killed it
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut,
                         Duration elapsed) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** Standard output and error together, for messages. */
        public String output() {
            if (stderr.isEmpty()) {
                return stdout;
            }
            return stdout.isEmpty() ? stderr : stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
        }

        /** A one-line account of how the child ended: "exit 0 in 0.42 s", "killed at the 5 s limit". */
        public String describe() {
            if (timedOut) {
                return "killed at the time limit after " + seconds(elapsed);
            }
            String signal = exitCode > 128 && exitCode < 160 ? " (signal " + (exitCode - 128) + signalName(exitCode - 128) + ")" : "";
            return "exit " + exitCode + signal + " in " + seconds(elapsed);
        }

        private static String signalName(int signal) {
            return switch (signal) {
                case 6 -> ", SIGABRT";
                case 9 -> ", SIGKILL";
                case 11 -> ", SIGSEGV";
                case 15 -> ", SIGTERM";
                default -> "";
            };
        }

        private static String seconds(Duration d) {
            return String.format(java.util.Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
        }
    }

    /** Runs the child to its end or its time limit. Fails only when the program cannot be started. */
    public Result run() {
        return start().finish(stdin);
    }

    /**
     * Starts the child and returns while it runs, its standard input open: the caller may do other work
     * while the child starts (a JVM boots while the lab compiles what it will run), then hands it its input
     * with {@link Started#finish}. Fails only when the program cannot be started.
     */
    public Started start() {
        List<String> line = command;
        if (ownGroup) {
            // A JVM's child is never a group leader, so setsid execs in place: the same pid, which becomes the
            // group's id. timeout, the group's leader then, passes SIGTERM on to it and returns its status.
            line = new ArrayList<>(List.of(SETSID.toString()));
            if (TIMEOUT != null) {
                line.addAll(List.of(TIMEOUT.toString(), "--kill-after=10",
                        timeLimit.plus(BOUND_AFTER_LIMIT).toSeconds() + "s"));
            }
            line.addAll(command);
        }
        ProcessBuilder pb = new ProcessBuilder(line);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw LabException.environment("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        if (ownGroup) {
            GROUP_LEADERS.add(process);
        }
        Capture out = new Capture(process.getInputStream(), onStdoutLine);
        Capture err = new Capture(process.getErrorStream(), onStderrLine);
        out.start();
        err.start();
        return new Started(process, out, err, ownGroup);
    }

    /** A child that runs, waiting for its standard input. */
    public final class Started {
        private final Process process;
        private final Capture out;
        private final Capture err;
        private final boolean ownGroup;

        private Started(Process process, Capture out, Capture err, boolean ownGroup) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.ownGroup = ownGroup;
        }

        /** What the child started and left behind in its group (whose output pipes would keep the capture open). */
        private void endGroup() {
            if (ownGroup) {
                killGroup(process.pid());
                GROUP_LEADERS.remove(process);
            }
        }

        /**
         * Writes {@code input} to the child's standard input, closes it, and waits for the child's end or
         * its time limit. The time limit and the elapsed time count from here: what the child did before
         * it had its input was waiting, not running what it was asked to run.
         */
        public Result finish(String input) {
            long start = System.nanoTime();
            writeAndClose(process, input);
            boolean finished;
            try {
                if (stopAfter != null && stopAfter.compareTo(timeLimit) < 0
                        && !process.waitFor(stopAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                    // SIGTERM on Linux and macOS. Through the handle: Process.destroy() also closes our ends of the
                    // pipes, and what the child prints while it shuts down would be lost.
                    process.toHandle().destroy();
                }
                long left = timeLimit.toNanos() - (System.nanoTime() - start);
                finished = process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                killTree(process);
                endGroup();
                Thread.currentThread().interrupt();
                // The user stopped the run (a kernel interrupt); the input is not at fault.
                throw new LabException(LabException.INTERRUPTED, "interrupted while running " + command.get(0), e);
            }
            if (!finished) {
                killTree(process);
            }
            int exit;
            try {
                exit = finished ? process.exitValue() : process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = -1;
            }
            endGroup();
            out.await();
            err.await();
            // setsid or timeout could not exec the program: what ProcessBuilder.start says of a program it cannot start
            if (ownGroup && exit == 127 && err.text().matches("(?s)^(\\S*/)?(setsid|timeout): failed to (execute|run command).*")) {
                throw LabException.environment("cannot start " + command.get(0) + ": " + err.text().lines().findFirst().orElse(""));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(command, finished ? exit : -1, out.text(), err.text(), !finished, elapsed);
        }

        /** Ends the child when the caller cannot give it its input (what it was to run did not compile). */
        public void kill() {
            killTree(process);
            endGroup();
        }
    }

    private static void writeAndClose(Process process, String text) {
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // then end of input
        } catch (IOException e) {
            // nothing to close
        }
    }

    /** Kills the process and everything it started (a forked JVM may start its own children). */
    static void killTree(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Kills every process whose process group is {@code group} (read from /proc: the group outlives its
     * leader, and its members are no longer the leader's descendants once it has ended).
     */
    static void killGroup(long group) {
        try (java.nio.file.DirectoryStream<Path> procs = java.nio.file.Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = java.nio.file.Files.readString(proc.resolve("stat"));
                    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
                    if (Long.parseLong(after[2]) == group) {
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing more can be found
        }
    }

    /** Reads one stream on its own thread so a chatty child never blocks on a full pipe. */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final Consumer<String> onLine;
        private final StringBuilder text = new StringBuilder();
        private boolean truncated;

        Capture(InputStream in, Consumer<String> onLine) {
            super("child-output");
            setDaemon(true);
            this.in = in;
            this.onLine = onLine;
        }

        @Override
        public void run() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        if (text.length() + line.length() < MAX_CAPTURE) {
                            text.append(line).append('\n');
                        } else {
                            truncated = true;
                        }
                    }
                    try {
                        onLine.accept(line);
                    } catch (RuntimeException e) {
                        // A failing progress callback must not stop the capture.
                    }
                }
            } catch (IOException e) {
                // The stream closes when the child is killed; what was read is kept.
            }
        }

        void await() {
            try {
                join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized String text() {
            return truncated ? text + "[output truncated at " + MAX_CAPTURE + " characters]\n" : text.toString();
        }
    }
}
