package escapelab.cli;

import escapelab.Lab;
import escapelab.grade.Gradescope;
import escapelab.grade.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab release}: exercises/ written afresh from solutions/. */
@Command(name = "release", description = {
        "write exercises/ from solutions/: answers stubbed, hidden tests left out, outputs cleared;",
        "--gradescope also writes a Gradescope autograder zip per exercise into build/gradescope/"})
final class ReleaseCommand implements Callable<Integer> {
    @Option(names = "--gradescope", description = "also write build/gradescope/NN-name-gradescope.zip for each exercise")
    boolean gradescope;

    @Option(names = "--force", description = "overwrite files in exercises/ edited since the last release")
    boolean force;

    @Option(names = "--out", paramLabel = "DIR", description = "write the release into DIR instead of exercises/")
    Path outDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path solutions = Lab.home().resolve("solutions");
        Path exercises = outDir != null ? outDir.toAbsolutePath() : Lab.home().resolve("exercises");
        List<Path> written = Release.release(solutions, exercises, force);
        written.forEach(p -> out.println("wrote " + Lab.home().relativize(p)));
        if (gradescope) {
            Path jar = Lab.home().resolve("lab-src/target/escape-lab.jar");
            try (var dirs = Files.list(solutions)) {
                for (Path ex : dirs.filter(Files::isDirectory).sorted().toList()) {
                    out.println("wrote " + Lab.home().relativize(Gradescope.write(ex, jar, Lab.home().resolve("build/gradescope"))));
                }
            }
        }
        return 0;
    }
}
