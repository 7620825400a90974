package schema_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/schema"
)

// aliasBomb is a "billion laughs" YAML document of under 700 bytes: ten
// levels of ten aliases each, as the default of an option, expand to 10^10
// strings when aliases are followed.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		refs := strings.TrimSuffix(strings.Repeat("*"+prev+",", 10), ",")
		fmt.Fprintf(&b, "%s: &%s [%s]\n", name, name, refs)
		prev = name
	}
	b.WriteString("options:\n  DEFAULT:\n    opts:\n    - name: laughs\n      type: string\n      default: *j\n")
	return []byte(b.String())
}

// TestLoadYAMLAliasBomb: anchors and aliases are refused at once, with the
// file and line, in bounded time and memory.
func TestLoadYAMLAliasBomb(t *testing.T) {
	bomb := aliasBomb()
	if len(bomb) > 700 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	var err error
	// processor time, not the wall clock: a busy machine cannot fail it,
	// and expanding 10^10 strings would take far more than either bound
	took, alloc := testenv.Cost(t, func() { _, err = schema.LoadYAML("bomb.yaml", bytes.NewReader(bomb)) })
	t.Logf("%d bytes: %v in %v of processor time, %d KB allocated", len(bomb), err, took, alloc>>10)
	if err == nil {
		t.Fatal("LoadYAML accepted an alias bomb")
	}
	if want := "bomb.yaml:1:4: YAML anchor &a: anchors and aliases are not accepted"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	if took > 2*time.Second {
		t.Errorf("took %v of processor time", took)
	}
	if alloc > 50<<20 {
		t.Errorf("allocated %d MB", alloc>>20)
	}
}

// TestLoadYAMLAlias: a lone alias (no bomb) is refused too.
func TestLoadYAMLAlias(t *testing.T) {
	doc := "x: &x {}\nDEFAULT:\n  - *x\n"
	_, err := schema.LoadYAML("a.yaml", strings.NewReader(doc))
	if err == nil || !strings.Contains(err.Error(), "a.yaml:1:4: YAML anchor &x") {
		t.Fatalf("error = %v", err)
	}
	_, err = schema.LoadYAML("b.yaml", strings.NewReader("DEFAULT:\n  - *x\n"))
	if err == nil {
		t.Fatal("an undefined alias was accepted")
	}
}

// TestLoadYAMLTooLarge: LoadYAML reads no more than its cap.
func TestLoadYAMLTooLarge(t *testing.T) {
	_, err := schema.LoadYAML("big.yaml", endless{})
	if err == nil || !strings.Contains(err.Error(), "big.yaml is larger than 4 MiB") {
		t.Fatalf("error = %v", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}
