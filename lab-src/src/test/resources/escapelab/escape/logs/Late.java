public class Late {
    static Object sink;
    static int boxEscapes(int i) { sink = i; return 1; }
    static int boxLocal(int i) { Integer b = i * 1000; Object o = b; return o.equals(7) ? 1 : 0; }
    public static void main(String[] a) {
        long s = 0;
        for (int i = 0; i < 30_000; i++) s += boxEscapes(i) + boxLocal(i);
        System.out.println(s);
    }
}
