package escapelab.golang;

import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.nio.file.Path;
import java.util.List;

/** The notebook API of the Go side: the same runner ./lab go-escape uses, one short call per cell. */
public final class Go {
    private Go() {
    }

    /** Which Go the lab found, or why there is none. */
    public static Renderable toolchain() {
        String text = GoTool.find().map(g -> g.version() + " at " + g.go()).orElse("no go command found: " + GoTool.INSTALL
                + "; the cells below show recorded transcripts instead, labelled as such");
        return () -> text;
    }

    /** A Go example with the flags its errorcheck line names (-m, sometimes -l). */
    public static GoView example(String name) {
        return new GoView(GoEscape.example(name, GoEscape.exampleOptions(name)));
    }

    /** The same with -m=2: each escape's reason, folded under it (click to open). */
    public static GoView explained(String name) {
        return new GoView(GoEscape.example(name, GoEscape.exampleOptions(name).explain(true)));
    }

    /** The same with -l: no inlining, so each function is analysed on its own. */
    public static GoView withoutInlining(String name) {
        return new GoView(GoEscape.example(name, GoEscape.exampleOptions(name).noInline(true)));
    }

    /** The stored transcript, as the lab shows it on a machine without Go. */
    public static GoView recorded(String name) {
        return new GoView(GoEscape.example(name, GoEscape.exampleOptions(name).recordedOnly(true)));
    }

    /** A program given as Go source text ({@code package example} is enough; no main needed). */
    public static GoView source(String fileName, String source) {
        return new GoView(GoEscape.analyze(fileName, source, GoEscape.Options.defaults()));
    }

    /**
     * A Go example built by an older Go release beside the lab's Go: the release is downloaded the way
     * {@code GOTOOLCHAIN=go1.24.0 go build} does it (into the module cache, once); where it cannot be,
     * its recorded transcript is shown, labelled with its version.
     */
    public static GoReleases acrossReleases(String name, String release) {
        return GoReleases.of(name, release);
    }

    /** The Go example beside its Java twin. */
    public static Twins twins(String name) {
        return Twins.of(name);
    }

    /** Every Go example's findings counted by kind: what the compiler's vocabulary really is. */
    public static Table vocabulary() {
        java.util.Map<String, java.util.TreeSet<String>> seen = new java.util.TreeMap<>();
        for (Path file : GoEscape.exampleFiles()) {
            String name = file.getFileName().toString().replace(".go", "");
            for (GoFinding f : GoEscape.example(name, GoEscape.exampleOptions(name).explain(true)).findings()) {
                seen.computeIfAbsent(f.kind(), k -> new java.util.TreeSet<>()).add(f.message().replaceAll(" with cost .*", "")
                        .replaceAll(":$", ""));
            }
        }
        Table t = new Table(List.of("kind", "distinct messages", "for example"));
        seen.forEach((kind, msgs) -> t.row(kind, String.valueOf(msgs.size()), msgs.first()));
        return t.caption("What go build -gcflags=-m=2 printed for the examples, by kind");
    }
}
