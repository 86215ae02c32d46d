package escapelab.escape;

import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.escape.SampledSites.Judgement;
import escapelab.escape.SampledSites.Place;
import escapelab.jvm.SourceCompiler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's join without a child JVM: places where allocations were sampled, in Shapes.java compiled
 * here and in the JDK, judged against the compilation log JDK 25 wrote when it ran Shapes.
 */
class SampledSitesTest {
    private static final String SOURCE = CompilationLogTest.recorded("Shapes.java");
    private static final Map<String, byte[]> CLASSES = SourceCompiler.compile(
            List.of(new SourceCompiler.Source("Shapes.java", SOURCE)), 25, List.of()).bytes();
    private static final ProgramCode PROGRAM = new ProgramCode(new SourceCompiler.Classes(CLASSES), Map.of());

    private static Map<Place, Judgement> judge(List<Place> places) {
        return judge(places, CompilationLog.read(new ByteArrayInputStream(
                CompilationLogTest.recorded("shapes-jdk25.xml").getBytes(StandardCharsets.UTF_8))));
    }

    private static Map<Place, Judgement> judge(List<Place> places, CompilationLog log) {
        return SampledSites.judge(places, name -> Optional.ofNullable(CLASSES.get(name.replace('/', '.'))), log, Map.of(), true,
                Path.of(System.getProperty("java.home")));
    }

    /** Where the sampled frame of a Shapes allocation would be: its method and the bci of its {@code new}. */
    private static Place placeOf(String method, String what) {
        Site s = PROGRAM.sites.stream().filter(x -> x.method().name().equals(method) && x.what().equals(what)).findFirst().orElseThrow();
        return new Place(s.method().owner(), s.method().name(), s.method().descriptor(), s.bci(), s.line());
    }

    /** The bci of the first call after the place's {@code new}: the constructor's invokespecial. */
    private static int constructorCall(Place p) {
        MethodFlow flow = PROGRAM.methods.get(new MethodRef(p.owner(), p.name(), p.descriptor()));
        for (int i = flow.indexOf(p.bci()); i < flow.bci.length; i++) {
            if (flow.node.instructions.get(i) instanceof org.objectweb.asm.tree.MethodInsnNode) {
                return flow.bci[i];
            }
        }
        throw new AssertionError("no call after the new");
    }

    @Test
    void aSampledNewGetsTheEnginesVerdictForItsInstruction() {
        Place local = placeOf("local", "new Point");
        Place global = placeOf("global", "new Point");
        Map<Place, Judgement> j = judge(List.of(local, global));
        assertEquals(Verdict.ELIMINATED, j.get(local).verdict());
        assertEquals(EscapeState.NO_ESCAPE, j.get(local).state());
        assertEquals(Verdict.KEPT, j.get(global).verdict());
        assertEquals(EscapeState.GLOBAL_ESCAPE, j.get(global).state());
        assertTrue(j.get(global).reason().contains("sink"), j.get(global).reason());
        assertEquals("Shapes.java", j.get(global).file());
    }

    /**
     * The run came from the program's main: a library site C2 never compiled (ArrayList has no main) is not
     * blamed on the engine's warm-up of static methods.
     */
    @Test
    void aSiteNoCompilationContainsIsNotCompiledForLackOfHeat() {
        byte[] arrayList;
        try (JdkCode jdk = JdkCode.of(Path.of(System.getProperty("java.home")))) {
            arrayList = jdk.read("java/util/ArrayList").orElseThrow();
        }
        Site s = new ProgramCode(new SourceCompiler.Classes(Map.of("java.util.ArrayList", arrayList)), Map.of()).sites.stream()
                .filter(x -> x.kind() == Site.Kind.ALLOCATION && !x.method().name().startsWith("<")).findFirst().orElseThrow();
        Place library = new Place(s.method().owner(), s.method().name(), s.method().descriptor(), s.bci(), s.line());
        Judgement j = judge(List.of(library), CompilationLog.read(java.io.InputStream.nullInputStream())).get(library);
        assertEquals(Verdict.NOT_COMPILED, j.verdict());
        assertEquals("not compiled by C2 (its method never got hot enough for C2)", j.reason());
    }

    @Test
    void aBciThatStartsNoInstructionFallsBackToTheLine() {
        Place global = placeOf("global", "new Point");
        Place shifted = new Place(global.owner(), global.name(), global.descriptor(), 9999, global.line());
        assertEquals(Verdict.KEPT, judge(List.of(shifted)).get(shifted).verdict());
    }

    @Test
    void placesWithoutAnAllocationInstructionSayWhy() {
        Place local = placeOf("local", "new Point");
        Place call = new Place(local.owner(), local.name(), local.descriptor(), constructorCall(local), local.line());
        Place clone = new Place("java/lang/Object", "clone", "()Ljava/lang/Object;", -1, -1);
        Place lambda = new Place("Shapes$$Lambda/0x0000000801001234", "run", "()V", 0, -1);
        Place missing = new Place("com/example/Gone", "run", "()V", 0, 3);
        Map<Place, Judgement> j = judge(List.of(call, clone, lambda, missing));
        j.values().forEach(v -> assertNull(v.verdict()));
        assertTrue(j.get(call).reason().contains("a call to Shapes$Point.<init>"), j.get(call).reason());
        assertTrue(j.get(clone).reason().contains("native method java.lang.Object.clone"), j.get(clone).reason());
        assertTrue(j.get(lambda).reason().contains("hidden class"), j.get(lambda).reason());
        assertTrue(j.get(missing).reason().contains("was not found"), j.get(missing).reason());
    }
}
