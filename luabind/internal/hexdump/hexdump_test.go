package hexdump

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// Format prints what hexdump -C prints, byte for byte, across line
// lengths (empty, short, exactly 16, past 16) and every byte value.
func TestFormatMatchesHexdumpC(t *testing.T) {
	if _, err := exec.LookPath("hexdump"); err != nil {
		t.Fatal("hexdump(1) is not installed (Debian: bsdextrautils), and this test compares with it")
	}
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, in := range [][]byte{[]byte("a"), []byte("0123456789abcdef"), []byte("PING\r\nPONG\r\n and more text"), all} {
		cmd := exec.Command("hexdump", "-C")
		cmd.Stdin = bytes.NewReader(in)
		want, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		// hexdump -C folds repeated lines into '*'; these inputs have none.
		if got := Format(in); got != string(want) {
			t.Errorf("Format(%q):\n got: %q\nwant: %q", in, got, want)
		}
	}
}

func TestDumpMarksAndOffsets(t *testing.T) {
	got := Dump([]byte("PING\r\n"), 0, ">") + Dump([]byte("+PONG\r\n0123456789abcdefXYZ"), 0x20, "<")
	want := "" +
		"> 00000000  50 49 4e 47 0d 0a                                 |PING..|\n" +
		"< 00000020  2b 50 4f 4e 47 0d 0a 30  31 32 33 34 35 36 37 38  |+PONG..012345678|\n" +
		"< 00000030  39 61 62 63 64 65 66 58  59 5a                    |9abcdefXYZ|\n"
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if Dump(nil, 0, ">") != "" {
		t.Fatal("an empty chunk must print nothing")
	}
	if got := Format(nil); got != "00000000\n" {
		t.Fatalf("Format(nil) = %q", got)
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"PING\r\n", 0, `"PING\r\n"`},
		{"\x00\x01\xff", 0, "0x0001ff"},
		{strings.Repeat("a", 10), 4, `"aaaa"...`},
		{"", 0, `""`},
	} {
		if got := Text([]byte(c.in), c.limit); got != c.want {
			t.Errorf("Text(%q, %d) = %s, want %s", c.in, c.limit, got, c.want)
		}
	}
}
