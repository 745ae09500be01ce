package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync"
	"syscall"
)

// startCPUProfile starts a CPU profile when NETSH_CPUPROFILE names a file,
// for the benchmark runner (go run ./bench -cpuprofile FILE) and for anyone
// asking where netsh spends its time. The returned function stops the
// profile and writes it; Run calls it before returning. A benchmarked server
// never exits on its own, so while profiling SIGTERM and SIGINT also stop
// the profile and then exit with 128+signal, as the default action would.
// Without the variable it does nothing and installs no signal handler.
func startCPUProfile(stderr io.Writer) (stop func()) {
	path := os.Getenv("NETSH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "netsh: NETSH_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(stderr, "netsh: NETSH_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	var once sync.Once
	stop = func() {
		once.Do(func() {
			signal.Stop(sigs)
			pprof.StopCPUProfile()
			f.Close()
		})
	}
	go func() {
		sig := <-sigs
		stop()
		code := 128 + 15
		if sig == syscall.SIGINT {
			code = 128 + 2
		}
		os.Exit(code)
	}()
	return stop
}
