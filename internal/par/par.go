// Package par spreads independent pieces of work over goroutines.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls the function made by mk (once per worker, for the worker's
// own scratch) for every index below n, spread over workers goroutines
// (0: GOMAXPROCS, and never more than n). It returns when all are done.
func Each(n, workers int, mk func() func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := mk()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}
