package framing

import (
	"errors"
	"testing"
)

func msgSummary(fs []any) []string {
	var out []string
	for _, f := range fs {
		m := f.(*Message)
		s := m.Method + " " + m.URL
		if !m.Request {
			s = m.Reason
		}
		if m.Continue {
			s += " (continue)"
		}
		out = append(out, s+" ["+string(m.Body)+"]")
	}
	return out
}

func TestHTTPPipelinedEverySplit(t *testing.T) {
	stream := "GET /a HTTP/1.1\r\nHost: x\r\n\r\n" +
		"POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" +
		"\r\nPUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
	d := NewDecoder(&HTTP{}, 0)
	d.Write([]byte(stream))
	var got []any
	for {
		f, ok, err := d.Next(false)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, f)
	}
	want := []string{"GET /a []", "POST /b [hello]", "PUT /c [abcde]"}
	if s := msgSummary(got); len(s) != 3 || s[0] != want[0] || s[1] != want[1] || s[2] != want[2] {
		t.Fatalf("got %v", s)
	}
	if m := got[2].(*Message); m.Get("x-t") != "1" || m.Version != "1.1" || !m.KeepAlive() {
		t.Fatalf("trailer/version: %+v", m)
	}
	for cut := 1; cut < len(stream); cut++ {
		fs, err := feed(&HTTP{}, []byte(stream), []int{cut}, 0)
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if s := msgSummary(fs); len(s) != 3 || s[0] != want[0] || s[1] != want[1] || s[2] != want[2] {
			t.Fatalf("cut %d: %v", cut, s)
		}
	}
}

func TestHTTPResponses(t *testing.T) {
	stream := "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" +
		"HTTP/1.1 204 No Content\r\n\r\n" +
		"HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil the end"
	fs, err := feed(&HTTP{}, []byte(stream), []int{10, 40}, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := msgSummary(fs)
	if len(s) != 3 || s[0] != "OK [hi]" || s[1] != "No Content []" || s[2] != "OK [until the end]" {
		t.Fatalf("%v", s)
	}
	if m := fs[0].(*Message); m.Status != 200 || m.Request {
		t.Fatalf("%+v", m)
	}
}

func TestHTTPExpectContinue(t *testing.T) {
	d := NewDecoder(&HTTP{}, 0)
	d.Write([]byte("PUT /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"))
	f, ok, err := d.Next(false)
	if err != nil || !ok || !f.(*Message).Continue {
		t.Fatalf("head first: %v %v %+v", ok, err, f)
	}
	if _, ok, _ := d.Next(false); ok {
		t.Fatal("the head came twice before the body")
	}
	d.Write([]byte("abc"))
	f, ok, err = d.Next(false)
	if err != nil || !ok || f.(*Message).Continue || string(f.(*Message).Body) != "abc" {
		t.Fatalf("then the whole message: %v %v %+v", ok, err, f)
	}
}

func TestHTTPMalformed(t *testing.T) {
	for _, in := range []string{
		"GET\r\n\r\n",
		"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
		"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
		"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
		"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"GET / HTTP/9\r\n\r\n",
	} {
		var fe *Error
		if _, err := feed(&HTTP{}, []byte(in), nil, 0); !errors.As(err, &fe) || fe.Code != CodeFraming {
			t.Errorf("%q: %v", in, err)
		}
	}
	var fe *Error
	if _, err := feed(&HTTP{Max: 1000}, []byte("POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n"), nil, 1000); !errors.As(err, &fe) || fe.Code != CodeTooLarge {
		t.Errorf("big body: %v", err)
	}
}
