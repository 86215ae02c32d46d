package escapelab.cli;

import escapelab.LabException;
import escapelab.Timings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The Java side of ./lab: every subcommand, parsed by picocli, and the one usage text, which
 * {@code ./lab help} prints too. The bash script finds the JDK, builds this jar and sets up Jupyter;
 * its own commands (run, test, ...) are declared here only so that the usage lists them.
 * Exit codes: 0 success, 1 a problem in the input, 2 something missing from the environment.
 */
@Command(name = "./lab")
public final class Main implements Callable<Integer> {
    /** Every command, in the usage's order. */
    static final List<Class<?>> COMMANDS = List.of(
            ScriptCommands.Run.class, ScriptCommands.Test.class, ScriptCommands.Jupyter.class, ScriptCommands.Hub.class, ScriptCommands.HubLoad.class,
            ScriptCommands.Nbgrader.class, ScriptCommands.Doctor.class, ScriptCommands.Setup.class, JdksCommand.class,
            EscapeCommand.class, GoEscapeCommand.class, LedgerCommand.class, BenchCommand.class, LayoutCommand.class, GradeCommand.class,
            ReleaseCommand.class, SpeedCommand.class, HelpCommand.class);

    /** Each command's -h; left out of the synopses, where it would only be noise. */
    @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true, scope = ScopeType.INHERIT)
    boolean help;

    @CommandLine.Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Timings.started();
        int exit = run(args, System.out, System.err);
        Timings.print(System.err);
        System.exit(exit);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true, out.charset());
        PrintWriter e = new PrintWriter(err, true, err.charset());
        try {
            return commandLine(o, e, args.length > 0 ? args[0] : "").execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** {@code ./lab} with no command: the usage, as an input error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().print(usage(spec.commandLine()));
        return LabException.INPUT;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, "");
    }

    /**
     * The command line, with only the command named {@code first} when there is one of that name other
     * than help: picocli's model of the eighteen commands, built from their annotations, was a good part
     * of the start-up of ./lab escape. Anything else (no command, a wrong one, help) gets them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
        CommandLine lab = new CommandLine(new Main());
        List<Class<?>> named = COMMANDS.stream().filter(c -> !first.equals("help")
                && c.getAnnotation(Command.class).name().equals(first)).toList();
        (named.isEmpty() ? COMMANDS : named).forEach(lab::addSubcommand);
        lab.setOut(out).setErr(err)
                .setExpandAtFiles(false) // a file named @x is a file, not a list of arguments
                .setSeparator(" ") // --jdk PATH, as the usage shows it
                // -verbose:gc after --jvm-args is the JVM's flag: picocli reads any -v... as the lab's -v otherwise
                .setAllowOptionsAsOptionParameters(true)
                .setUsageHelpWidth(110)
                .setParameterExceptionHandler(Main::argumentError)
                .setExecutionExceptionHandler(Main::failure);
        // The top level's help is the one usage text; each command's help is picocli's own, headed "usage:".
        lab.getCommandSpec().usageMessage().sectionKeys(List.of("lab")).sectionMap().put("lab", help -> usage(lab));
        lab.getSubcommands().values().forEach(c -> c.getCommandSpec().usageMessage().synopsisHeading("usage: ")
                .sortSynopsis(false).sortOptions(false));
        return lab;
    }

    /**
     * The one usage text: each command's synopsis, generated from its options, and what it does.
     * A command without arguments shares its line with its description.
     */
    static String usage(CommandLine lab) {
        StringBuilder b = new StringBuilder("usage: ./lab COMMAND [ARGS]\n");
        String indent = " ".repeat(13);
        for (CommandLine c : lab.getSubcommands().values()) {
            String synopsis = synopsis(c).substring("./lab ".length());
            String[] description = c.getCommandSpec().usageMessage().description();
            int first = 0;
            if (synopsis.length() <= 10 && description.length > 0) {
                b.append(String.format("  %-10s %s%n", synopsis, description[0]));
                first = 1;
            } else {
                b.append("  ").append(synopsis.replace("\n", "\n  ")).append('\n');
            }
            for (int i = first; i < description.length; i++) {
                b.append(indent).append(description[i]).append('\n');
            }
        }
        b.append("Exit codes: 0 success, 1 a problem in the input, 2 something missing from the environment.\n");
        return b.toString();
    }

    /** A command's synopsis as picocli builds it from its options: {@code ./lab layout [--json] ... FILE.java CLASS}. */
    static String synopsis(CommandLine c) {
        return c.getHelp().synopsis(0).strip();
    }

    /** A bad argument: what is wrong, naming the option, and the command's usage line; exit 1, no stack trace. */
    private static int argumentError(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        boolean top = c.getParent() == null;
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            message = arg.startsWith("-") ? "unknown option '" + arg + "'"
                    : top ? "unknown command '" + arg + "'" : "unexpected argument '" + arg + "'";
        }
        err.println(prefix(c) + ": " + message);
        if (top) {
            err.print(usage(c));
        } else {
            err.println("usage: " + synopsis(c));
            err.println("./lab help " + c.getCommandName() + " describes each option.");
        }
        return LabException.INPUT;
    }

    /**
     * A command that failed: a {@link LabException} is a message with its exit code; anything else is
     * a bug in the lab, named in one line with where it happened (LAB_DEBUG=1 prints the whole trace).
     */
    private static int failure(Exception ex, CommandLine c, ParseResult parsed) {
        PrintWriter err = c.getErr();
        if (ex instanceof LabException lab) {
            err.println(prefix(c) + ": " + lab.getMessage());
            return lab.exitCode();
        }
        err.println(prefix(c) + ": unexpected " + ex + where(ex) + "; this is a bug in the lab"
                + " (LAB_DEBUG=1 prints the whole stack trace)");
        if (System.getenv("LAB_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return LabException.INPUT;
    }

    private static String where(Throwable ex) {
        for (StackTraceElement frame : ex.getStackTrace()) {
            if (frame.getClassName().startsWith("escapelab.")) {
                return " at " + frame;
            }
        }
        return "";
    }

    private static String prefix(CommandLine c) {
        return c.getParent() == null ? "lab" : "lab " + c.getCommandName();
    }
}
