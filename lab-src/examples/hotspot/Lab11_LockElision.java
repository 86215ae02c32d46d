// A lock on an object no other thread can reach protects nothing, so C2 removes it.
//
// C2 removes a lock when its object is not GlobalEscape (NoEscape or ArgEscape) and the locked
// region is balanced (ConnectionGraph::can_eliminate_lock) and records it as kind NonEscObj in the compilation log.
// Locking a local object: both the object and the lock go. Locking a shared one: the lock stays,
// because another thread could hold it. A synchronized method called on a local object is the
// same case once inlined.
public class Lab11_LockElision {
    static final class Counter {
        int n;
        synchronized void add(int k) { n += k; }   // EXPECT "lock elided"
    }

    static final Object shared = new Object();   // EXPECT "not compiled by C2"
    static int seed = 3;

    static int localLock() {
        Object lock = new Object();   // EXPECT "does not escape \("
        synchronized (lock) {   // EXPECT "lock elided"
            return seed + 1;
        }
    }

    static int sharedLock() {
        synchronized (shared) {   // EXPECT "lock kept: the locked object is an object from outside this method"
            return seed + 1;
        }
    }

    static int synchronizedMethod() {
        Counter c = new Counter();   // EXPECT "does not escape \("
        c.add(seed);
        c.add(seed);
        return c.n;
    }
}
