package luabind

import (
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/faults"
	"github.com/netsh/netsh/luabind/internal/hexdump"
)

// The wire module: looking at bytes and damaging them on their way, the
// pieces netsh's command-line modes are made of, for scripts too.
//
//	wire.hexdump(data)               hexdump -C's text
//	wire.dump(data[, offset][, mark]) the lines alone, from a stream offset, marked ('>' sent, '<' received)
//	wire.text(data[, limit])         one line: quoted text, or 0x and hex
//	wire.faults(options)             a fault plan for one direction (see faultsNew)
//	wire.trace(on[, dump])           --trace (with hex dumps) for the sockets opened from now on (wire_trace.go)

func openWire(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	L.SetFuncs(m, map[string]lua.LGFunction{
		"hexdump": func(L *lua.LState) int {
			L.Push(lua.LString(hexdump.Format(rt.chunkBytes(L, "data", L.Get(1)))))
			return 1
		},
		"dump": func(L *lua.LState) int {
			b := rt.chunkBytes(L, "data", L.Get(1))
			off := rt.OptInt(L, 2, "offset", 0, 0, maxSafeInteger)
			mark := ""
			if L.Get(3) != lua.LNil {
				mark = rt.CheckString(L, 3, "mark")
			}
			L.Push(lua.LString(hexdump.Dump(b, off, mark)))
			return 1
		},
		"text": func(L *lua.LState) int {
			b := rt.chunkBytes(L, "data", L.Get(1))
			L.Push(lua.LString(hexdump.Text(b, int(rt.OptInt(L, 2, "limit", 0, 0, math.MaxInt32)))))
			return 1
		},
		"faults": rt.faultsNew,
		"trace":  rt.wireTraceFn,
	})
	return m, nil
}

func init() { Register(Module{Name: "wire", Open: openWire}) }

// faultPlan is wire.faults(...)'s object: one direction's scheduler.
type faultPlan struct {
	Base
	s *faults.Scheduler
}

var faultPlanClass = &Class{
	Name: "FaultPlan",
	Methods: map[string]Method{
		"chunk":    faultChunk,
		"datagram": faultDatagram,
	},
}

// faultsNew is wire.faults{delay, jitter, gap (ms), throttle (bytes/s),
// fragment, dropAfter, resetAfter (bytes), loss (0..1), seed}.
func (rt *Runtime) faultsNew(L *lua.LState) int {
	t := rt.OptTable(L, 1, "options")
	ms := func(key string) time.Duration {
		return time.Duration(rt.faultOpt(L, t, key, 0, 0, 86400e3) * float64(time.Millisecond))
	}
	c := faults.Off()
	c.Delay, c.Jitter, c.Gap = ms("delay"), ms("jitter"), ms("gap")
	c.Throttle = int64(rt.faultOpt(L, t, "throttle", 0, 0, 1<<40))
	c.Fragment = int(rt.faultOpt(L, t, "fragment", 0, 0, 1<<30))
	c.DropAfter = int64(rt.faultOpt(L, t, "dropAfter", -1, -1, maxSafeInteger))
	c.ResetAfter = int64(rt.faultOpt(L, t, "resetAfter", -1, -1, maxSafeInteger))
	c.Loss = rt.faultOpt(L, t, "loss", 0, 0, 1)
	seed := int64(rt.faultOpt(L, t, "seed", float64(time.Now().UnixNano()%maxSafeInteger), -maxSafeInteger, maxSafeInteger))
	p := &faultPlan{s: faults.New(c, seed)}
	L.Push(rt.NewObject(faultPlanClass, p))
	return 1
}

// faultOpt reads a numeric option within [lo, hi], def when absent.
func (rt *Runtime) faultOpt(L *lua.LState, t *lua.LTable, key string, def, lo, hi float64) float64 {
	v := rt.OptNumberField(L, t, key, def)
	if math.IsNaN(v) || v < lo || v > hi {
		rt.OutOfRange(L, "options."+key, ">= "+jsNumberString(lo)+" && <= "+jsNumberString(hi), lua.LNumber(v))
	}
	return v
}

// faultChunk is plan:chunk(data): the pieces to write, each {data, delay
// (ms from now)}, then how many bytes were dropped and whether to reset
// the connection once the pieces are out.
func faultChunk(rt *Runtime, L *lua.LState) int {
	p := Self[*faultPlan](rt, L, "chunk")
	b := rt.chunkBytes(L, "data", L.Get(2))
	now := time.Now()
	pl := p.s.Chunk(b, now)
	out := L.CreateTable(len(pl.Pieces), 0)
	for _, pc := range pl.Pieces {
		e := L.CreateTable(0, 2)
		e.RawSetString("data", lua.LString(pc.Data))
		e.RawSetString("delay", lua.LNumber(max(0, pc.At.Sub(now).Seconds()*1000)))
		out.Append(e)
	}
	L.Push(out)
	L.Push(lua.LNumber(pl.Dropped))
	L.Push(lua.LBool(pl.Reset))
	return 3
}

// faultDatagram is plan:datagram(size): the delay in ms to send it after,
// or nil when it is lost.
func faultDatagram(rt *Runtime, L *lua.LState) int {
	p := Self[*faultPlan](rt, L, "datagram")
	n := rt.CheckInt(L, 2, "size", 0, math.MaxInt32)
	now := time.Now()
	at, lost := p.s.Datagram(int(n), now)
	if lost {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LNumber(max(0, at.Sub(now).Seconds()*1000)))
	return 1
}
