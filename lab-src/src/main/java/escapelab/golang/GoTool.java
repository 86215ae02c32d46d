package escapelab.golang;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.SharedCache;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Go toolchain the lab uses: LAB_GO if set ("off" for none), else the go on PATH, else the usual homes. */
public record GoTool(Path go, String version) {
    public static final String INSTALL = "install Go 1.25 or later: https://go.dev/dl (or apt-get install golang-go, if its Go is that new)";
    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile("^go1\\.\\d+(\\.\\d+)?((rc|beta)\\d+)?$");

    public static Optional<GoTool> find() {
        String override = System.getenv("LAB_GO");
        if (override != null && !override.isBlank()) {
            return override.equals("off") ? Optional.empty() : Optional.of(at(Path.of(override)));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path go = Path.of(dir.isEmpty() ? "." : dir, "go");
            if (Files.isExecutable(go)) {
                return Optional.of(at(go));
            }
        }
        for (String home : new String[] {"/usr/local/go/bin/go", "/usr/lib/go/bin/go"}) {
            if (Files.isExecutable(Path.of(home))) {
                return Optional.of(at(Path.of(home)));
            }
        }
        return Optional.empty();
    }

    public static GoTool require() {
        return find().orElseThrow(() -> LabException.environment("no go command found; " + INSTALL));
    }

    /**
     * A go command in a folder, isolated from the user's settings: the local toolchain only (no
     * download of another), no GOFLAGS, no workspace, module mode.
     */
    public ChildProcess command(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(go.toString()));
        cmd.addAll(List.of(args));
        return ChildProcess.of(cmd).directory(dir)
                .env("GOTOOLCHAIN", "local").env("GOFLAGS", "").env("GOWORK", "off").env("GO111MODULE", "on");
    }

    /**
     * Builds the package in dir into the program dir/name, unless a run before built it: the
     * build goes to a file of its own and is moved into place whole, because another run may be
     * building or running the same program from the same shared folder.
     */
    public Path buildOnce(Path dir, String name, List<String> flags, Duration limit) {
        Path program = dir.resolve(name);
        if (Files.isExecutable(program)) {
            return program;
        }
        Path tmp = SharedCache.unique(dir, name);
        List<String> args = new ArrayList<>(List.of("build"));
        args.addAll(flags);
        args.addAll(List.of("-o", tmp.toString(), "."));
        ChildProcess.Result r = command(dir, args.toArray(String[]::new)).timeLimit(limit).run();
        if (!r.ok()) {
            tmp.toFile().delete();
            throw LabException.environment("go build " + String.join(" ", flags) + " of " + dir + " failed (" + r.describe() + "): "
                    + r.output().strip());
        }
        SharedCache.publish(tmp, program);
        return program;
    }

    /**
     * Fills the build cache {@code cache} with what {@code go build} and {@code go test} need of the
     * standard library, by testing a package of one function. A go command whose cache starts as a
     * copy of it skips about 10 s of compiling; one that shares a writable cache with another could
     * plant entries the other trusts, so the grader gives every sandboxed test a copy.
     */
    public void fillCache(Path cache, Duration limit) {
        Path dir = escapelab.jvm.TempDirs.create("escape-lab-gocache-");
        try {
            Files.writeString(dir.resolve("go.mod"), "module warm\n\ngo 1.21\n");
            Files.writeString(dir.resolve("warm.go"), "package warm\n\nfunc Sum(b []byte) (s int) {\n\tfor _, x := range b {\n\t\ts += int(x)\n\t}\n\treturn\n}\n");
            Files.writeString(dir.resolve("warm_test.go"), "package warm\n\nimport \"testing\"\n\nfunc TestSum(t *testing.T) {\n\tif Sum([]byte{1}) != 1 {\n\t\tt.Fatal()\n\t}\n}\n");
            for (String[] args : List.of(new String[]{"test", "./..."}, new String[]{"build", "-gcflags=-m", "."})) {
                ChildProcess.Result r = command(dir, args).env("GOCACHE", cache.toAbsolutePath().toString()).timeLimit(limit).run();
                if (!r.ok()) {
                    throw LabException.environment("go " + String.join(" ", args) + " failed while filling a build cache (" + r.describe() + "): "
                            + r.output().strip());
                }
            }
        } catch (java.io.IOException e) {
            throw LabException.environment("cannot write a Go package in " + dir + ": " + e.getMessage());
        } finally {
            escapelab.jvm.TempDirs.delete(dir);
        }
    }

    /** One value of {@code go env} (GOROOT, CGO_ENABLED), as this toolchain sees it. */
    public String env(String name) {
        return command(Path.of(System.getProperty("java.io.tmpdir")), "env", name).timeLimit(Duration.ofSeconds(30)).run().stdout().strip();
    }

    /**
     * Another Go release, the way the go command itself gets one: {@code GOTOOLCHAIN=go1.24.0} makes this
     * go download that toolchain through the module proxy (GOPROXY) into the module cache
     * (GOMODCACHE, under GOPATH) the first time, about 70 MB, and reuse it afterwards. The
     * returned tool runs that release's own go command, which then stays local.
     *
     * @throws LabException (environment) when the release cannot be had, naming why (no network,
     *         no such release), without a stack trace
     */
    public GoTool release(String name) {
        if (!RELEASE.matcher(name).matches()) {
            throw LabException.input("'" + name + "' is not a Go release name; write it as the go command does, e.g. go1.24.0");
        }
        if (name.equals(version)) {
            return this;
        }
        ChildProcess.Result r = ChildProcess.of(go.toString(), "env", "GOROOT").directory(Path.of(System.getProperty("java.io.tmpdir")))
                .env("GOTOOLCHAIN", name).env("GOFLAGS", "").env("GOWORK", "off").env("GO111MODULE", "on")
                .timeLimit(Duration.ofMinutes(5)).run();
        Path home = Path.of(r.stdout().strip().isEmpty() ? "." : r.stdout().strip());
        Path other = home.resolve("bin").resolve("go");
        if (!r.ok() || !Files.isExecutable(other)) {
            String why = r.output().strip().lines().filter(l -> !l.startsWith("go: downloading")).findFirst().orElse(r.describe());
            throw LabException.environment("cannot get Go release " + name + " through the module proxy (" + why
                    + "); GOTOOLCHAIN=" + name + " go version downloads it once there is network access");
        }
        return at(other);
    }

    /** The toolchain at a path, with its version as {@code go env GOVERSION} says (go1.26.8). */
    public static GoTool at(Path go) {
        ChildProcess.Result r = ChildProcess.of(go.toString(), "env", "GOVERSION").env("GOTOOLCHAIN", "local")
                .timeLimit(Duration.ofSeconds(30)).run();
        if (!r.ok() || !r.stdout().strip().startsWith("go")) {
            throw LabException.environment(go + " does not work as a Go toolchain (" + r.describe() + "): " + r.output().strip()
                    + "; " + INSTALL);
        }
        return new GoTool(go, r.stdout().strip());
    }
}
