import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A workload for the allocation ledger (notebook 07): a generated document of orders serialised to
 * JSON (its first 150 to 200 orders, a number drawn each round) and parsed back with Gson, round after
 * round, and a total computed from what was parsed.
 * Usage: java -cp gson.jar:. OrdersJson [ROUNDS] (0 or nothing: until stopped).
 *
 * The version after the change of notebook 07: total() calls the three discount rules one after the
 * other instead of in a loop over the list, so that each call site always meets the same class.
 */
public class OrdersJson {
    record Item(String sku, int quantity, long priceCents) {
    }

    record Order(long id, String customer, List<Item> items) {
    }

    /** An amount of money, immutable: every operation makes a new one. */
    record Money(long cents) {
        Money times(int n) {
            return new Money(cents * n);
        }
    }

    /** The shop's discount rules, applied to every line of every order. */
    interface Discount {
        Money apply(Money price);
    }

    record PercentOff(int percent) implements Discount {
        public Money apply(Money price) {
            return new Money(price.cents() * (100 - percent) / 100);
        }
    }

    record AmountOff(long cents) implements Discount {
        public Money apply(Money price) {
            return new Money(Math.max(0, price.cents() - cents));
        }
    }

    record Cap(long cents) implements Discount {
        public Money apply(Money price) {
            return new Money(Math.min(price.cents(), cents));
        }
    }

    // Not final: C2 would then read the rules as constants (List.of's elements are @Stable) and bind each
    // call with no profile at all; a list the program could change is what most programs have.
    static List<Discount> DISCOUNTS = List.of(new PercentOff(10), new AmountOff(50), new Cap(500_000));

    static final Type ORDERS = new TypeToken<List<Order>>() { }.getType();

    static List<Order> document(Random random, int orders) {
        List<Order> doc = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            List<Item> items = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int j = 0; j < count; j++) {
                items.add(new Item("SKU-" + random.nextInt(10_000), 1 + random.nextInt(9), 100 + random.nextInt(100_000)));
            }
            doc.add(new Order(i, "customer-" + random.nextInt(1_000), items));
        }
        return doc;
    }

    static long total(List<Order> orders) {
        long cents = 0;
        for (Order o : orders) {
            for (Item it : o.items()) {
                Money line = new Money(it.priceCents()).times(it.quantity());
                line = DISCOUNTS.get(0).apply(line);
                line = DISCOUNTS.get(1).apply(line);
                line = DISCOUNTS.get(2).apply(line);
                cents += line.cents();
            }
        }
        return cents;
    }

    public static void main(String[] args) {
        long rounds = args.length > 0 ? Long.parseLong(args[0]) : 0;
        Gson gson = new Gson();
        Random random = new Random(42);
        List<Order> doc = document(random, 200);
        long check = 0;
        for (long round = 0; rounds == 0 || round < rounds; round++) {
            // Between 150 and 200 orders: a round that repeated the same bytes exactly would meet JFR's
            // allocation samples (one per new TLAB) at the same points every time, and give a site far more or far
            // less than its share of the bytes (notebook 07).
            List<Order> orders = doc.subList(0, 150 + random.nextInt(51));
            String json = gson.toJson(orders, ORDERS);
            List<Order> parsed = gson.fromJson(json, ORDERS);
            check += total(parsed);
        }
        System.out.println("total " + check);
    }
}
