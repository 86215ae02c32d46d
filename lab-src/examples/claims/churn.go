// The Go twin of Churn.java: the same live set of small linked objects, the same allocation rate
// and survival, for the same time. GODEBUG=gctrace=1 gives each cycle's two stop-the-world
// phases; the program reports the longest time one 1 MB batch of allocation took, which also
// counts the mark assists Go charges to allocating goroutines while a cycle runs.
//
// usage: GODEBUG=gctrace=1 churn LIVE_MB RATE_MB_PER_S SECONDS
package main

import (
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// node is 64 bytes, like the Java twin's Node.
type node struct {
	next             *node
	a, b, c, d, e, f int64
	_                int64
}

const nodeBytes = 64
const batch = (1 << 20) / nodeBytes

func main() {
	start := time.Now()
	liveMB, _ := strconv.Atoi(os.Args[1])
	rate, _ := strconv.ParseFloat(os.Args[2], 64)
	seconds, _ := strconv.ParseFloat(os.Args[3], 64)
	random := rand.New(rand.NewSource(42))
	live := make([]*node, liveMB*(1<<20)/nodeBytes)
	for i := range live {
		n := &node{}
		if i > 0 {
			n.next = live[random.Intn(i)]
		}
		live[i] = n
	}
	fill := time.Since(start).Seconds()
	var batchTimes []time.Duration
	begin := time.Now()
	end := begin.Add(time.Duration(seconds * float64(time.Second)))
	var young *node
	for time.Now().Before(end) {
		t0 := time.Now()
		for i := 0; i < batch; i++ {
			n := &node{}
			if i&63 != 0 {
				n.next = young // short chains that die young
			}
			young = n
			if i&15 == 0 {
				slot := random.Intn(len(live))
				n.next = live[random.Intn(len(live))]
				live[slot] = n
			}
		}
		batchTimes = append(batchTimes, time.Since(t0))
		due := begin.Add(time.Duration(float64(len(batchTimes)) / rate * float64(time.Second))) // hold the rate
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
	}
	elapsed := time.Since(begin).Seconds()
	sort.Slice(batchTimes, func(i, j int) bool { return batchTimes[i] < batchTimes[j] })
	fmt.Printf("fill_s=%.3f allocated_mb=%d seconds=%.2f rate_mb_s=%.0f batch_p50_ms=%.3f batch_max_ms=%.3f peak_rss_kb=%d live_check=%d\n",
		fill, len(batchTimes), elapsed, float64(len(batchTimes))/elapsed,
		ms(batchTimes[len(batchTimes)/2]), ms(batchTimes[len(batchTimes)-1]), status("VmHWM"), len(live))
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func status(key string) int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb
		}
	}
	return -1
}
