// Java twin of makebuf.go, the article's example: a method that makes a buffer, writes one
// byte and returns it. Returned, the array escapes from makeBuf; inlined into a caller that
// only reads its length, C2 removes it, the way Go keeps the inlined copy on the stack.
public class Lab24_TwinMakeBuf {
    static byte seed = 'a';

    static byte[] makeBuf() {
        byte[] buf = new byte[16];   // EXPECT "escapes: returned from Lab24_TwinMakeBuf\.makeBuf, which was compiled on its own"
        buf[0] = seed;
        return buf;
    }

    static int useInlined() {
        return makeBuf().length;
    }
}
