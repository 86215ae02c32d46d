import java.util.*;
public class Churn { public static void main(String[] a) { List<byte[]> live = new ArrayList<>(); Random r = new Random(1); long end = System.nanoTime() + 1_500_000_000L; while (System.nanoTime() < end) { byte[] b = new byte[1 << 14]; if (live.size() < 4000) live.add(b); else live.set(r.nextInt(live.size()), b); } System.out.println(live.size()); } }
