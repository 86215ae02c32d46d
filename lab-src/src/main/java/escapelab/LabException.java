package escapelab;

/**
 * A problem the lab reports to its user rather than a bug in the lab. The exit code follows
 * the contract of every ./lab command: 1 when the input is at fault, 2 when the environment
 * lacks something. The message names the file or tool at fault and how to fix it. A run the
 * user stopped is neither: it gets 130, what a shell reports for Ctrl-C (128 + SIGINT).
 *
 * <p>It carries no stack trace: the message is the whole report, and the lab's own frames under a
 * javac error in a notebook cell only hide it. A cause keeps its own trace.
 */
public class LabException extends RuntimeException {
    public static final int INPUT = 1;
    public static final int ENVIRONMENT = 2;
    public static final int INTERRUPTED = 130;

    private final int exitCode;

    public LabException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public LabException(int exitCode, String message, Throwable cause) {
        super(message, cause, true, false);
        this.exitCode = exitCode;
    }

    public static LabException input(String message) {
        return new LabException(INPUT, message);
    }

    public static LabException environment(String message) {
        return new LabException(ENVIRONMENT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
