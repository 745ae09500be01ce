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
	fmt.Fprintf(&b, "- ping-pong %s, bulk/UDP/churn %s each (after a warm-up of a fifth, at most 1 s), %d idle connections, start-up median of %d runs per round, pipe %s (reader at %g MB/s)\n",
		c.Duration, c.Short, c.IdleConns, c.StartupRuns, c.PipeSizeText, c.PipeRate/1e6)
	fmt.Fprintf(&b, "- protocols: redis-benchmark -t ping,set,get,incr -c 50 -n %d per command; %s -c 50 for %s; dnsperf -q 100 for %s; each after an unmeasured warm-up; the Redis client %d SETs then %d GETs; server CPU is utime+stime of /proc/PID/stat around the measured load\n\n",
		c.Requests, httpTool(), c.Duration, c.Duration, c.ClientOps, c.ClientOps)
	ceiling := anyValue(r, ceilingName)
	head, sep := "| metric | unit | netsh | node |", "| --- | --- | ---: | ---: |"
	if ceiling {
		head, sep = head+" redis-server (ceiling) |", sep+" ---: |"
	}
	b.WriteString(head + " netsh/node | better | target | met |\n" + sep + " ---: | --- | --- | --- |\n")
	for _, m := range metrics {
		if !anyRun(r, m) {
			continue // test not selected
		}
		n, o, rt := median(r.vals["netsh"][m.Key]), median(r.vals["node"][m.Key]), r.ratio(m.Key)
		better := "higher"
		if m.Lower {
			better = "lower"
		}
		rs := formatValue(rt)
		if rs != "n/a" {
			rs += "×"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |", m.Name, m.Unit, formatValue(n), formatValue(o))
		if ceiling {
			fmt.Fprintf(&b, " %s |", blankNaN(median(r.vals[ceilingName][m.Key])))
		}
		fmt.Fprintf(&b, " %s | %s | %s | %s |\n", rs, better, m.target(), m.met(n, rt))
	}
	if c.Rounds > 1 {
		b.WriteString("\nEvery round (the table shows the medians; netsh/node is the median of the rounds' ratios):\n\n| metric | netsh | node | netsh/node |\n| --- | --- | --- | --- |\n")
		for _, m := range metrics {
			if !anyRun(r, m) {
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", m.Name, joinVals(r.vals["netsh"][m.Key]), joinVals(r.vals["node"][m.Key]), joinVals(r.roundRatios(m.Key)))
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
func anyRun(r *results, m metric) bool {
	for _, im := range programs {
		for _, v := range r.vals[im][m.Key] {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	for _, n := range r.order {
		if strings.HasPrefix(n, m.Test+",") {
			return true
		}
	}
	return false
}

// anyValue reports whether program im has any value at all.
func anyValue(r *results, im string) bool {
	for _, vs := range r.vals[im] {
		for _, v := range vs {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}

// blankNaN formats a value, leaving a missing one empty.
func blankNaN(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return formatValue(x)
}

// joinVals lists every round's value of a metric, for the second table.
func joinVals(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatValue(x)
	}
	return strings.Join(s, ", ")
}
