package checks

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// keySet counts repeats as a map would, through growth and from page to
// page.
func TestKeySet(t *testing.T) {
	var k keySet
	for page := range 3 {
		want := map[string]int{}
		for i := range 500 * (page + 1) {
			key := fmt.Sprintf("rule|p%d.md|row:%d|T1", page, (i*7)%(200+page))
			want[key]++
			n := k.add([]byte(key))
			require.Equal(t, want[key], n, "page %d, %s", page, key)
			if n == 1 {
				k.keep(key)
			}
		}
		k.reset()
		require.Equal(t, 1, k.add([]byte("rule|p0.md|row:0|T1")), "a new page starts empty")
		k.keep("rule|p0.md|row:0|T1")
		k.reset()
	}
}
