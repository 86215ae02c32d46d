package escapelab.ledger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import escapelab.ledger.Ledger.FlameStack;
import escapelab.ledger.Ledger.Frame;
import escapelab.ledger.Ledger.Run;
import escapelab.ledger.Ledger.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlameGraphTest {
    static Ledger ledger(Ledger.Language language, long total) {
        return new Ledger(language, "25", "Demo.java", 10.0, total, Ledger.Status.COMPLETE, "", List.of(), List.of(), null);
    }

    static FlameStack stack(long bytes, Verdict verdict, Frame... frames) {
        return new FlameStack(List.of(frames), bytes, verdict);
    }

    /** main calls parse (from two lines) which allocates in token; ArrayList.grow under parse; a generic nested class's constructor. */
    static Run demo() {
        return new Run(ledger(Ledger.Language.JAVA, 1000), List.of(
                stack(600, Verdict.KEPT, new Frame("demo.Parser", "token", 42), new Frame("demo.Parser", "parse", 17), new Frame("demo.Main", "main", 5)),
                stack(200, Verdict.KEPT, new Frame("demo.Parser", "token", 42), new Frame("demo.Parser", "parse", 20), new Frame("demo.Main", "main", 5)),
                stack(150, Verdict.NOT_COMPILED, new Frame("java.util.ArrayList", "grow", 240), new Frame("demo.Parser", "parse", 30),
                        new Frame("demo.Main", "main", 6)),
                stack(50, Verdict.ELIMINATED_ELSEWHERE, new Frame("demo.Main$Box<T>", "<init>", 9), new Frame("demo.Main", "main", 7))));
    }

    @Test
    void mergesStacksIntoOneTreeOfFrames() {
        FlameGraph.Node root = FlameGraph.of(demo()).root();
        assertEquals(1000, root.bytes);
        assertEquals(1, root.children.size());
        FlameGraph.Node main = root.sortedChildren().getFirst();
        assertEquals("Main.main", main.key.label());
        assertEquals(1000, main.bytes);
        // parse is one frame although it called from lines 17, 20 and 30; Box.<init> allocates in main directly.
        List<FlameGraph.Node> underMain = main.sortedChildren();
        assertEquals(List.of("Parser.parse", "Main$Box<T>.<init>:9"), underMain.stream().map(n -> n.key.label()).toList());
        assertEquals(950, underMain.get(0).bytes);
        List<FlameGraph.Node> underParse = underMain.get(0).sortedChildren();
        assertEquals(List.of("Parser.token:42", "ArrayList.grow:240"), underParse.stream().map(n -> n.key.label()).toList());
        assertEquals(List.of(800L, 150L), underParse.stream().map(n -> n.bytes).toList());
        assertEquals(Verdict.KEPT, underParse.get(0).key.verdict());
        assertTrue(underParse.get(0).children.isEmpty());
    }

    @Test
    void widthsAreProportionalToBytesAndChildrenSitSideBySide() {
        FlameGraph.Layout layout = FlameGraph.of(demo()).layout();
        Map<String, FlameGraph.Box> byLabel = layout.boxes().stream().collect(Collectors.toMap(b -> b.node().key.label(), b -> b));
        double scale = (FlameGraph.WIDTH - 20.0) / 1000;
        assertEquals(1000 * scale, byLabel.get("all").width(), 1e-9);
        assertEquals(950 * scale, byLabel.get("Parser.parse").width(), 1e-9);
        assertEquals(800 * scale, byLabel.get("Parser.token:42").width(), 1e-9);
        assertEquals(150 * scale, byLabel.get("ArrayList.grow:240").width(), 1e-9);
        assertEquals(byLabel.get("Parser.token:42").x() + 800 * scale, byLabel.get("ArrayList.grow:240").x(), 1e-9);
        assertEquals(byLabel.get("Parser.parse").x() + 950 * scale, byLabel.get("Main$Box<T>.<init>:9").x(), 1e-9);
        assertEquals(3, layout.maxDepth());
        assertEquals(3, byLabel.get("Parser.token:42").depth());
        assertEquals(0, layout.hiddenFrames());
    }

    @Test
    void narrowFramesAreMergedOrLeftOutAndCounted() {
        List<FlameStack> stacks = new ArrayList<>();
        stacks.add(stack(10_000, Verdict.KEPT, new Frame("a.Big", "alloc", 1), new Frame("a.Main", "main", 1)));
        for (int i = 0; i < 4; i++) {
            stacks.add(stack(5, Verdict.KEPT, new Frame("a.Small" + i, "alloc", 1), new Frame("a.Main", "main", 2)));
        }
        FlameGraph.Layout layout = FlameGraph.of(new Run(ledger(Ledger.Language.JAVA, 10_020), stacks)).layout();
        assertEquals(4, layout.hiddenFrames());
        assertEquals(20, layout.hiddenBytes());
        // Four frames of 0.6 px each make one block of 2.4 px.
        List<FlameGraph.Box> merged = layout.boxes().stream().filter(b -> b.node() == null).toList();
        assertEquals(1, merged.size());
        assertEquals(4, merged.getFirst().merged());

        stacks.removeLast();
        FlameGraph.Layout three = FlameGraph.of(new Run(ledger(Ledger.Language.JAVA, 10_015), stacks)).layout();
        assertEquals(3, three.hiddenFrames());
        assertTrue(three.boxes().stream().allMatch(b -> b.node() != null), "1.8 px of frames is too narrow even merged");
        assertTrue(FlameGraph.of(new Run(ledger(Ledger.Language.JAVA, 10_015), stacks)).svg()
                .contains("3 frames narrower than 2 px hold 15 B (0.1%)"));
    }

    @Test
    void collapsedTextIsOneLinePerStackRootFirst() {
        assertEquals("""
                demo.Main.main;demo.Main$Box<T>.<init>:9 50
                demo.Main.main;demo.Parser.parse;demo.Parser.token:42 800
                demo.Main.main;demo.Parser.parse;java.util.ArrayList.grow:240 150
                """, FlameGraph.of(demo()).collapsed());
    }

    @Test
    void collapsedTextMergesStacksThatDifferOnlyInVerdict() {
        Frame[] frames = {new Frame("a.A", "f", 3), new Frame("a.Main", "main", 1)};
        Run run = new Run(ledger(Ledger.Language.JAVA, 24), List.of(stack(8, Verdict.KEPT, frames), stack(16, Verdict.NOT_COMPILED, frames)));
        assertEquals("a.Main.main;a.A.f:3 24\n", FlameGraph.of(run).collapsed());
    }

    @Test
    void collapsedNamesHoldNoSeparator() {
        Run run = new Run(ledger(Ledger.Language.GO, 8), List.of(stack(8, Verdict.KEPT, new Frame("main", "f;g h", 3))));
        assertEquals("main.f:g_h:3 8\n", FlameGraph.of(run).collapsed());
    }

    /** The required fields are those of speedscope 1.25.0's dist/release/file-format-schema.json (npm package speedscope). */
    @Test
    void speedscopeFileHasTheSchemasRequiredFieldsAndRootFirstSamples() {
        JsonObject file = JsonParser.parseString(FlameGraph.of(demo()).speedscope()).getAsJsonObject();
        for (String required : List.of("$schema", "profiles", "shared")) {
            assertTrue(file.has(required), required);
        }
        assertEquals("https://www.speedscope.app/file-format-schema.json", file.get("$schema").getAsString());
        JsonArray frames = file.getAsJsonObject("shared").getAsJsonArray("frames");
        List<String> names = new ArrayList<>();
        frames.forEach(f -> names.add(f.getAsJsonObject().get("name").getAsString()));
        assertEquals(List.of("demo.Main.main", "demo.Main$Box<T>.<init>:9 [eliminated elsewhere]", "demo.Parser.parse",
                "demo.Parser.token:42 [kept by C2]", "java.util.ArrayList.grow:240 [not compiled by C2]"), names);
        assertEquals(42, frames.get(3).getAsJsonObject().get("line").getAsInt());
        assertFalse(frames.get(0).getAsJsonObject().has("line"));

        JsonArray profiles = file.getAsJsonArray("profiles");
        assertEquals(1, profiles.size());
        JsonObject p = profiles.get(0).getAsJsonObject();
        for (String required : List.of("endValue", "name", "samples", "startValue", "type", "unit", "weights")) {
            assertTrue(p.has(required), required);
        }
        assertEquals("sampled", p.get("type").getAsString());
        assertEquals("bytes", p.get("unit").getAsString());
        assertEquals(0, p.get("startValue").getAsLong());
        assertEquals(1000, p.get("endValue").getAsLong());
        // One sample per path of the merged tree, root first: the two stacks through parse's lines 17 and 20 are one.
        assertEquals("[[0,1],[0,2,3],[0,2,4]]", p.get("samples").toString());
        assertEquals("[50,800,150]", p.get("weights").toString());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    private static List<Element> elements(Document d, String name) {
        NodeList list = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The fill of the rectangle whose tooltip starts with the given text. */
    private static String fillOf(Document d, String tip) {
        for (Element title : elements(d, "title")) {
            if (title.getTextContent().startsWith(tip)) {
                Element rect = (Element) ((Element) title.getParentNode()).getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").item(0);
                return rect.getAttribute("fill");
            }
        }
        return null;
    }

    @Test
    void svgIsWellFormedAndColoursAllocatingFramesByVerdict() throws Exception {
        String svg = FlameGraph.of(demo()).svg();
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals(FlameGraph.FILL.get(Verdict.KEPT), fillOf(d, "demo.Parser.token:42: 800 B (80.0%), kept by C2"));
        assertEquals(FlameGraph.FILL.get(Verdict.NOT_COMPILED), fillOf(d, "java.util.ArrayList.grow:240"));
        assertEquals(FlameGraph.FILL.get(Verdict.ELIMINATED_ELSEWHERE), fillOf(d, "demo.Main$Box<T>.<init>:9"));
        assertEquals(FlameGraph.CALLER_FILL, fillOf(d, "demo.Parser.parse: 950 B (95.0%)"));
        assertEquals(FlameGraph.CALLER_FILL, fillOf(d, "all stacks: 1000 B"));
        assertTrue(elements(d, "script").isEmpty());
        String text = d.getDocumentElement().getTextContent();
        for (String word : List.of("kept by C2 (800 B)", "eliminated elsewhere (50 B)", "not compiled by C2 (150 B)", "no allocation site (0 B)",
                "caller", "1000 B sampled in 10.0 s, 4 distinct stacks", "Allocated bytes by call stack: Demo.java")) {
            assertTrue(text.contains(word), word);
        }
        // The legend swatches carry the verdicts' colours.
        for (Verdict v : Verdict.values()) {
            assertNotNull(fillOf(d, switch (v) {
                case KEPT -> "C2 compiled the site and kept";
                case ELIMINATED_ELSEWHERE -> "every C2 compilation containing the site removed the allocation";
                case NOT_COMPILED -> "no C2 compilation contains the site";
                case NO_SITE -> "no allocation instruction";
            }), v.name());
        }
    }

    @Test
    void svgEscapesNamesAndDropsCharactersXmlForbids() throws Exception {
        Run run = new Run(ledger(Ledger.Language.JAVA, 64), List.of(stack(64, Verdict.NO_SITE,
                new Frame("a.Map<K,V>&\"x\"", "<clinit>\u0001", 3), new Frame("a.Outer$Inner", "lambda$main$0", -1))));
        String svg = FlameGraph.of(run).svg();
        assertTrue(svg.contains("Map&lt;K,V&gt;&amp;&quot;x&quot;.&lt;clinit&gt;?:3"), svg);
        Document d = parse(svg);
        assertEquals(FlameGraph.FILL.get(Verdict.NO_SITE), fillOf(d, "a.Map<K,V>&\"x\".<clinit>?:3"));
        assertEquals(FlameGraph.CALLER_FILL, fillOf(d, "a.Outer$Inner.lambda$main$0: 64 B"));
    }

    @Test
    void goGraphsUseTheGoCompilersWords() throws Exception {
        Run run = new Run(ledger(Ledger.Language.GO, 64), List.of(stack(64, Verdict.KEPT,
                new Frame("encoding/json", "(*decodeState).object", 12), new Frame("encoding/json", "Unmarshal", 4))));
        Document d = parse(FlameGraph.of(run).svg());
        String text = d.getDocumentElement().getTextContent();
        assertTrue(text.contains("escapes / moved to heap (64 B)"), text);
        assertFalse(text.contains("C2"), text);
        assertEquals(FlameGraph.FILL.get(Verdict.KEPT), fillOf(d, "encoding/json.(*decodeState).object:12"));
    }

    @Test
    void aRunWithoutStacksSaysSo() throws Exception {
        FlameGraph g = FlameGraph.of(new Run(ledger(Ledger.Language.JAVA, 0), List.of()));
        Document d = parse(g.svg());
        assertTrue(elements(d, "title").stream().noneMatch(t -> t.getTextContent().startsWith("all stacks")));
        assertTrue(d.getDocumentElement().getTextContent().contains("No allocation was sampled with a stack in this run"));
        assertEquals("", g.collapsed());
        assertEquals("[]", JsonParser.parseString(g.speedscope()).getAsJsonObject().getAsJsonArray("profiles").get(0)
                .getAsJsonObject().get("samples").toString());
    }

    @Test
    void labelsNameTheClassOrGoPackageWithoutItsPath() {
        assertEquals("Main$Box", FlameGraph.simpleName("demo.Main$Box"));
        assertEquals("yaml.v3", FlameGraph.simpleName("gopkg.in/yaml.v3"));
        assertEquals("main", FlameGraph.simpleName("main"));
    }

    @Test
    void labelsAreClippedToTheirRectangle() {
        assertEquals("Parser.token:42", FlameGraph.clip("Parser.token:42", 200));
        String clipped = FlameGraph.clip("Parser.token:42", 60);
        assertTrue(clipped.endsWith("..") && clipped.length() * 0.602 * 11 <= 60 - 6 + 0.602 * 11, clipped);
        assertEquals("", FlameGraph.clip("Parser.token:42", 20));
    }

    @Test
    void writesTheThreeFiles(@TempDir Path dir) throws Exception {
        Ledger.FlameGraphFiles files = FlameGraph.write(demo(), dir.resolve("out"));
        assertEquals(dir.resolve("out/flame.svg").toString(), files.svg());
        assertTrue(Files.readString(Path.of(files.svg())).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertEquals(FlameGraph.of(demo()).collapsed(), Files.readString(Path.of(files.collapsed())));
        assertTrue(Files.readString(Path.of(files.speedscope())).contains("\"type\": \"sampled\""));
    }

    @Test
    void theNotebookViewIsInlineSvgWithATextTwin() {
        FlameGraph g = FlameGraph.of(demo());
        assertTrue(g.toHtml().contains("<svg xmlns="), "inline, so its titles show on hover");
        assertTrue(g.toText().contains("kept by C2"), g.toText());
        assertEquals("""
                1000 B sampled in 10.0 s, 4 distinct stacks.
                  kept by C2                  800 B   80.0%
                  eliminated elsewhere         50 B    5.0%
                  not compiled by C2          150 B   15.0%
                """, g.toText());
    }
}
