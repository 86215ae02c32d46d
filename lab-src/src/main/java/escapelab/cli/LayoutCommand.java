package escapelab.cli;

import escapelab.LabException;
import escapelab.jvm.SourceCompiler;
import escapelab.layout.Layout;
import escapelab.layout.LayoutReport;
import escapelab.layout.Layouts;
import escapelab.notebook.Json;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ./lab layout FILE.java CLASS [--modes all|default,compact-headers,...] [--json]}. */
final class LayoutCommand {
    static final String USAGE = "usage: ./lab layout FILE.java CLASS [--modes all|default,compact-headers,...] [--json]";

    private LayoutCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        List<String> positional = new ArrayList<>();
        boolean json = false;
        String modes = "default";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--modes" -> {
                    if (++i >= args.size()) {
                        throw LabException.input("layout: --modes needs a value; " + USAGE);
                    }
                    modes = args.get(i);
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw LabException.input("layout: unexpected argument '" + a + "'; " + USAGE);
                    }
                    positional.add(a);
                }
            }
        }
        if (positional.size() != 2) {
            throw LabException.input("layout: name a Java file and a class in it; " + USAGE);
        }
        Path file = Path.of(positional.get(0));
        if (!Files.isRegularFile(file)) {
            throw LabException.input("layout: no such file: " + file);
        }
        List<Layouts.Target> targets = targets(modes);
        SourceCompiler.Source s = SourceCompiler.Source.of(file);
        LayoutReport r = Layouts.of(s.fileName(), s.text(), positional.get(1), targets);
        out.print(json ? json(r) : r.toText());
        return 0;
    }

    private static List<Layouts.Target> targets(String modes) {
        if (modes.equals("all")) {
            return Layouts.allTargets();
        }
        List<Layouts.Target> all = Layouts.allTargets();
        List<Layouts.Target> chosen = new ArrayList<>();
        for (String m : modes.split(",")) {
            chosen.add(all.stream().filter(t -> t.label().equals(m.trim())).findFirst().orElseThrow(() -> LabException.input(
                    "layout: unknown mode '" + m + "'; modes here: " + String.join(", ", all.stream().map(Layouts.Target::label).toList()))));
        }
        return chosen;
    }

    static String json(LayoutReport r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("class", r.className());
        List<Object> modes = new ArrayList<>();
        for (Layout l : r.layouts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", l.mode().name());
            m.put("jdk", l.jdk());
            if (l.warning() != null) {
                m.put("jvmWarning", l.warning());
            }
            if (!l.ok()) {
                m.put("error", l.error());
            } else {
                m.put("instanceSize", l.instanceSize());
                m.put("headerSize", l.headerSize());
                List<Object> fields = new ArrayList<>();
                for (Layout.Field f : l.fields()) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("name", f.name());
                    fm.put("type", f.type());
                    fm.put("offset", f.offset());
                    fm.put("size", f.size());
                    fields.add(fm);
                }
                m.put("fields", fields);
            }
            modes.add(m);
        }
        o.put("modes", modes);
        return Json.write(o) + "\n";
    }
}
