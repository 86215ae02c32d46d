package escapelab.cli;

import escapelab.LabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code ./lab help [COMMAND]}: the usage of every command, or one command's options. */
@Command(name = "help", description = "this text; ./lab help COMMAND (or ./lab COMMAND --help) describes each of a command's options")
final class HelpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..1", description = "the command whose options to describe")
    String command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine lab = spec.commandLine().getParent();
        if (command == null) {
            lab.usage(spec.commandLine().getOut());
            return 0;
        }
        CommandLine c = lab.getSubcommands().get(command);
        if (c == null) {
            throw LabException.input("unknown command '" + command + "'; the commands are "
                    + String.join(", ", lab.getSubcommands().keySet()));
        }
        c.usage(spec.commandLine().getOut());
        return 0;
    }
}
