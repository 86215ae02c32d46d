package escapelab.cli;

import escapelab.Lab;
import escapelab.jvm.Jdk;
import escapelab.notebook.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab jdks}: the JDKs the lab can aim experiments at (./lab doctor lists them too). */
@Command(name = "jdks", description = "list the JDKs found on this machine")
final class JdksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Table t = new Table(List.of("release", "version", "home", "javac"));
        for (Jdk jdk : Lab.jdks()) {
            t.row(String.valueOf(jdk.feature()), jdk.version(), jdk.home().toString(), jdk.hasCompiler() ? "yes" : "no");
        }
        spec.commandLine().getOut().print(t.toText());
        return 0;
    }
}
