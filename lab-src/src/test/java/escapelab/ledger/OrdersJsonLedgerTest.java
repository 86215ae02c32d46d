package escapelab.ledger;

import escapelab.Lab;
import escapelab.jvm.ClassPaths;
import escapelab.jvm.IndependentRuns;
import escapelab.ledger.Ledger.LedgerSite;
import escapelab.ledger.Ledger.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What notebook 07 says about its Gson workload, checked on live runs: before the change the caller's
 * Money objects are kept by C2 because the discount rules are called through a virtual call; after it
 * (the rules called one by one) their sampled bytes all but vanish.
 */
@Tag("live")
class OrdersJsonLedgerTest {
    private static final Path EXAMPLES = Lab.home().resolve("lab-src/examples/ledger");

    private static Ledger ledger(String version) {
        // A warm-up of 5 s, not LAB_FAST's 2: the JVM and JFR start in the first second, and in a
        // busy test run C2 had not yet compiled total() when a 2 s window opened (Money at 4-5% after).
        JavaLedger.Options options = JavaLedger.Options.defaults().classPath(ClassPaths.of("com.google.gson.Gson"))
                .seconds(3).warmUp(Duration.ofSeconds(5));
        return JavaLedger.run(EXAMPLES.resolve(version).resolve("OrdersJson.java"), options).ledger();
    }

    private static List<LedgerSite> money(Ledger l) {
        return l.sites().stream().filter(s -> s.type() != null && s.type().endsWith("$Money")).toList();
    }

    private static double moneyShare(Ledger l) {
        return money(l).stream().mapToDouble(LedgerSite::share).sum();
    }

    @Test
    void theRulesCalledOneByOneLetC2RemoveTheMoneyTheLoopKept() {
        // The two runs side by side: the shares are of sampled bytes, not of time, and 5 s leave C2 time enough.
        List<Ledger> runs = IndependentRuns.map(List.of("before", "after"), OrdersJsonLedgerTest::ledger);
        Ledger before = runs.get(0);
        List<LedgerSite> kept = money(before).stream().filter(s -> s.verdict() == Verdict.KEPT).toList();
        assertFalse(kept.isEmpty(), "no Money site kept before the change: " + money(before));
        assertTrue(kept.stream().anyMatch(s -> s.reason().contains("virtual call") || s.reason().contains("compiled on its own")),
                "the notebook explains the kept Money by the virtual call: " + kept);
        assertTrue(moneyShare(before) > 0.03, "Money's share before: " + moneyShare(before));
        // Each line of each order makes one Money in each rule: with the same bytes every round, one rule's
        // always got under 0.1 % of the samples and the others' 4 % (the notebook's workload draws its size).
        for (String rule : List.of("PercentOff", "AmountOff", "Cap")) {
            double share = money(before).stream().filter(s -> s.className().endsWith("$" + rule)).mapToDouble(LedgerSite::share).sum();
            assertTrue(share > 0.005, "the Money of " + rule + ".apply got " + share + " of the sampled bytes: " + money(before));
        }
        Ledger after = runs.get(1);
        assertTrue(moneyShare(after) < moneyShare(before) / 5, "Money's share before " + moneyShare(before) + ", after " + moneyShare(after) + ": " + money(after));
    }
}
