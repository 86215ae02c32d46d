// The article's first table: "100k concurrent tasks: Go ~12 ms / ~180 MB, Java ~210 ms / ~2400 MB".
// Start n goroutines, let them all sleep at once when the last has started, wait for all of them,
// and report the time to start them,
// the time until the last one finished and the peak resident memory (VmHWM), which counts every
// goroutine's stack and descriptor, not only the Go heap. Its Java twin is Tasks.java.
//
// usage: tasks N SLEEP   (SLEEP as Go writes durations: 2s)
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	sleep, _ := time.ParseDuration(os.Args[2])
	before := status("VmRSS")
	start := time.Now()
	var wg sync.WaitGroup
	gate := make(chan struct{}) // so that all n are alive at the same time
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			<-gate
			time.Sleep(sleep)
			wg.Done()
		}()
	}
	started := time.Since(start)
	close(gate)
	wg.Wait()
	done := time.Since(start)
	fmt.Printf("tasks=%d started_ms=%.1f done_ms=%.1f rss_before_kb=%d peak_rss_kb=%d\n",
		n, ms(started), ms(done), before, status("VmHWM"))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// status reads one kB figure of /proc/self/status.
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
