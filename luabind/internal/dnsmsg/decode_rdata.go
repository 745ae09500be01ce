package dnsmsg

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// rdata reads the RDATA in b[start:end] as its type's Data. Each typed
// form must fill the RDATA exactly; names in it may be compressed.
func (d *decoder) rdata(t Type, start, end int) (Data, error) {
	r := rdataReader{d: d, off: start, end: end}
	var data Data
	switch t {
	case TypeA, TypeAAAA:
		want := 4
		if t == TypeAAAA {
			want = 16
		}
		if end-start != want {
			return nil, d.fail(start-2, "an "+t.String()+" record's data is "+strconv.Itoa(end-start)+" bytes, not "+strconv.Itoa(want))
		}
		a, _ := netip.AddrFromSlice(d.b[start:end])
		return AddrData{a}, nil
	case TypeNS, TypeCNAME, TypePTR, TypeDNAME:
		data = NameData{r.name()}
	case TypeMX:
		data = MXData{r.u16(), r.name()}
	case TypeTXT, TypeSPF:
		var ss []string
		for r.err == nil && r.off < end {
			ss = append(ss, r.str())
		}
		data = TXTData{ss}
	case TypeSRV:
		data = SRVData{r.u16(), r.u16(), r.u16(), r.name()}
	case TypeSOA:
		data = SOAData{r.name(), r.name(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32()}
	case TypeCAA:
		flags := r.u8()
		tag := r.str()
		data = CAAData{flags, tag, r.rest()}
	case TypeNAPTR:
		data = NAPTRData{r.u16(), r.u16(), r.str(), r.str(), r.str(), r.name()}
	case TypeHINFO:
		data = HINFOData{r.str(), r.str()}
	case TypeOPT:
		var opts []Option
		for r.err == nil && r.off < end {
			code, n := r.u16(), int(r.u16())
			opts = append(opts, Option{code, r.bytes(n)})
		}
		data = OPTData{opts}
	default:
		return RawData{append([]byte(nil), d.b[start:end]...)}, nil
	}
	if r.err == nil && r.off != end {
		r.err = d.fail(r.off, "a "+t.String()+" record has "+strconv.Itoa(end-r.off)+" bytes after its data")
	}
	if r.err != nil {
		return nil, r.err
	}
	return data, nil
}

// rdataReader reads fields from one RDATA; after the first error each
// read returns a zero value and the error stays.
type rdataReader struct {
	d        *decoder
	off, end int
	err      error
}

func (r *rdataReader) need(n int) bool {
	if r.err != nil {
		return false
	}
	if r.off+n > r.end {
		r.err = r.d.fail(r.off, "a record's data ends inside a field")
		return false
	}
	return true
}

func (r *rdataReader) u8() uint8 {
	if !r.need(1) {
		return 0
	}
	r.off++
	return r.d.b[r.off-1]
}

func (r *rdataReader) u16() uint16 {
	if !r.need(2) {
		return 0
	}
	r.off += 2
	return binary.BigEndian.Uint16(r.d.b[r.off-2:])
}

func (r *rdataReader) u32() uint32 {
	if !r.need(4) {
		return 0
	}
	r.off += 4
	return binary.BigEndian.Uint32(r.d.b[r.off-4:])
}

func (r *rdataReader) bytes(n int) []byte {
	if !r.need(n) {
		return nil
	}
	r.off += n
	return append([]byte(nil), r.d.b[r.off-n:r.off]...)
}

// str reads a character string: a length byte, then that many bytes.
func (r *rdataReader) str() string {
	n := int(r.u8())
	if !r.need(n) {
		return ""
	}
	r.off += n
	return string(r.d.b[r.off-n : r.off])
}

func (r *rdataReader) rest() string {
	if r.err != nil {
		return ""
	}
	s := string(r.d.b[r.off:r.end])
	r.off = r.end
	return s
}

// name reads a name inside the RDATA; it must end inside it too.
func (r *rdataReader) name() string {
	if r.err != nil {
		return ""
	}
	if r.off >= r.end {
		r.err = r.d.fail(r.off, "a record's data ends before a name")
		return ""
	}
	name, next, err := r.d.nameWithin(r.off, r.end)
	if err != nil {
		r.err = err
		return ""
	}
	r.off = next
	return name
}
