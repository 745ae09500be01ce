package cli

import "testing"

// TestShippedProvides: every shipped plugin says what a script can reach
// in it, or a script could never load it.
func TestShippedProvides(t *testing.T) {
	files := shippedFiles(shipped)
	if len(files) == 0 {
		t.Fatal("no shipped plugins found")
	}
	for _, f := range files {
		if _, ok := shippedProvides[f]; !ok {
			t.Errorf("shipped plugin %s is not in shippedProvides", f)
		}
	}
	if got := shippedName("ncat.lua"); got != "netsh:plugins/ncat.lua" {
		t.Errorf("shippedName = %q", got)
	}
}
