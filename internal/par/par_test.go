package par

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEach checks that every index is done exactly once, that each
// worker gets its own function, and that no more workers start than
// there is work.
func TestEach(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 0}, {1, 4}, {100, 0}, {1000, 3}} {
		done := make([]atomic.Int32, tc.n)
		var made atomic.Int32
		Each(tc.n, tc.workers, func() func(int) {
			made.Add(1)
			return func(i int) { done[i].Add(1) }
		})
		for i := range done {
			assert.Equal(t, int32(1), done[i].Load(), "index %d of %d", i, tc.n)
		}
		assert.LessOrEqual(t, int(made.Load()), tc.n, "workers for %d items", tc.n)
	}
}
