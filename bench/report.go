//go:build linux

package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// writeReport prints the report and, with -md, writes it to that file too.
func writeReport(c *config, facts []string, res *results, stdout io.Writer) error {
	report := markdown(c, facts, res)
	fmt.Fprint(stdout, report)
	if c.MDFile != "" {
		if err := os.WriteFile(c.MDFile, []byte(report), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// markdown renders the report.
func markdown(c *config, facts []string, r *results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### netsh vs Node.js, rounds: %d\n\n", c.Rounds)
	for _, f := range facts {
		fmt.Fprintf(&b, "- %s\n", f)
	}
	fmt.Fprintf(&b, "- command: `%s`\n", c.CommandLine)
	if maxFloor > 0 {
		fmt.Fprintf(&b, "- peak RSS (start-up, pipe) is wait4's ru_maxrss of a child of a small helper; a value below the helper's own %.1f MiB could not be told apart\n", float64(maxFloor)/(1<<20))
	}
	fmt.Fprintf(&b, "- ping-pong %s, bulk/UDP/churn %s each (after a warm-up of a fifth, at most 1 s), %d idle connections, start-up median of %d runs per round, pipe %s (reader at %g MB/s)\n\n",
		c.Duration, c.Short, c.IdleConns, c.StartupRuns, c.PipeSizeText, c.PipeRate/1e6)
	b.WriteString("| metric | unit | netsh | node | netsh/node | better | target | met |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n")
	for _, m := range metrics {
		n, o := median(r.vals["netsh"][m.Key]), median(r.vals["node"][m.Key])
		if math.IsNaN(n) && math.IsNaN(o) && !anyRun(r, m.Key) {
			continue // test not selected
		}
		better := "higher"
		if m.Lower {
			better = "lower"
		}
		rs := formatValue(ratio(n, o))
		if rs != "n/a" {
			rs += "×"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			m.Name, m.Unit, formatValue(n), formatValue(o), rs, better, m.target(), m.met(n, o))
	}
	if c.Rounds > 1 {
		b.WriteString("\nEvery round (the table shows the medians):\n\n| metric | netsh | node |\n| --- | --- | --- |\n")
		for _, m := range metrics {
			if !anyRun(r, m.Key) {
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", m.Name, joinVals(r.vals["netsh"][m.Key]), joinVals(r.vals["node"][m.Key]))
		}
	}
	if len(r.order) > 0 {
		b.WriteString("\nNot measured (n/a):\n\n")
		for _, n := range r.order {
			fmt.Fprintf(&b, "- %s\n", strings.ReplaceAll(n, "\n", " "))
		}
	}
	return b.String()
}

// anyRun reports whether the metric's test ran (some value or some note).
func anyRun(r *results, key string) bool {
	for _, im := range []string{"netsh", "node"} {
		for _, v := range r.vals[im][key] {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	prefix := map[string]string{
		"pp_rate": "pingpong", "pp_p50": "pingpong", "pp_p99": "pingpong", "bulk": "bulk",
		"udp_rate": "udp", "udp_loss": "udp", "churn": "churn", "churn_fail": "churn", "tls_hs": "tls", "tls_bulk": "tls", "idle": "idle",
		"start_ms": "startup", "start_rss": "startup", "pipe_rss": "pipe",
	}[key]
	for _, n := range r.order {
		if strings.HasPrefix(n, prefix+",") {
			return true
		}
	}
	return false
}

// joinVals lists every round's value of a metric, for the second table.
func joinVals(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatValue(x)
	}
	return strings.Join(s, ", ")
}
