package escapelab.cli;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.Jdk;
import escapelab.notebook.Table;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The Java side of ./lab. The bash script finds the JDK, builds this jar and sets up Jupyter;
 * every subcommand that needs the lab's engines lands here. Exit codes: 0 success, 1 a problem
 * in the input, 2 something missing from the environment.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return 1;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "jdks" -> jdks(out);
                case "escape" -> EscapeCommand.run(rest, out);
                case "speed" -> SpeedCommand.run(rest, out);
                case "go-escape" -> GoEscapeCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out, err);
                case "layout" -> LayoutCommand.run(rest, out);
                case "grade" -> GradeCommand.grade(rest, out);
                case "release" -> GradeCommand.release(rest, out);
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> {
                    err.println("lab: unknown command '" + args[0] + "'\n" + usage());
                    yield 1;
                }
            };
        } catch (LabException e) {
            err.println("lab " + args[0] + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    /** The JDKs the lab can aim experiments at (used by ./lab doctor). */
    static int jdks(PrintStream out) {
        Table t = new Table(List.of("release", "version", "home", "javac"));
        for (Jdk jdk : Lab.jdks()) {
            t.row(String.valueOf(jdk.feature()), jdk.version(), jdk.home().toString(), jdk.hasCompiler() ? "yes" : "no");
        }
        out.print(t.toText());
        return 0;
    }

    static String usage() {
        return """
                usage: ./lab COMMAND [ARGS]
                  run        set up what is missing and execute the course into build/site
                  test       run the lab's tests and execute every notebook with LAB_FAST=1
                  jupyter    start JupyterLab on 127.0.0.1 in notebooks/
                  doctor     check each requirement and say how to fix what is missing
                  jdks       list the JDKs found on this machine
                  escape FILE.java [--jdk PATH] [--compare PATH]... [--json] [-v]
                             HotSpot's escape analysis of every allocation and lock, like go build -gcflags=-m
                  go-escape FILE.go|DIR [--json] [-v] [-l] [--toolchain go1.24.0]
                             the Go compiler's escape analysis (go build -gcflags=-m), annotated
                  bench FILE.java [--preset quick|honest] [--jvm-args "..."] [--json]
                             JMH benchmarks: ns/op with error, and bytes/op from JMH's GC profiler
                  layout FILE.java CLASS [--modes all] [--json]
                             JOL's layout of a class in each JVM mode
                  grade EXERCISE SUBMISSION_DIR [--out results.json]
                             grade a submission in isolated JVMs; Gradescope's results.json
                  release [--gradescope]
                             write exercises/ from solutions/ (answers stubbed, hidden tests left out);
                             --gradescope also writes build/gradescope/NN-name-gradescope.zip autograders
                  speed      measure the speed budgets against peers (writes build/bench/speed.json)""";
    }
}
