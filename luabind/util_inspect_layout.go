package luabind

import (
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file is how inspect lays formatted entries out in lines: Node's
// reduceToSingleString and groupArrayElements.

// separatorSpace is the width of the ", " between grouped array items.
const separatorSpace = 2

// isBelowBreakLength reports whether output fits on one line: start
// columns already taken, the entries and their separators within
// breakLength, and no line break in base.
func (c *inspector) isBelowBreakLength(output []string, start int, base string) bool {
	total := len(output) + start
	if total+len(output) > c.opts.BreakLength {
		return false
	}
	for _, o := range output {
		total += c.width(o)
		if total > c.opts.BreakLength {
			return false
		}
	}
	return base == "" || strings.IndexByte(base, '\n') < 0
}

// reduceToSingleString joins the formatted entries into the object's
// text: on one line when the compact rules and breakLength allow, else
// one entry per line (or per row of a grouped array).
func (c *inspector) reduceToSingleString(output []string, base string, braces [2]string, isArray bool, recurse int, seq []lua.LValue, forceBreak bool) string {
	prefix := ""
	if base != "" {
		prefix = base + " "
	}
	if c.opts.Compact != CompactTrue {
		if c.opts.Compact >= 1 {
			entries := len(output)
			if isArray && entries > 6 {
				output = c.groupArrayElements(output, seq)
			}
			if !forceBreak && c.currentDepth-recurse < c.opts.Compact && entries == len(output) {
				start := len(output) + c.indentLvl + jsfmt.Len(braces[0]) + jsfmt.Len(base) + 10
				if c.isBelowBreakLength(output, start, base) {
					joined := strings.Join(output, ", ")
					if strings.IndexByte(joined, '\n') < 0 {
						return prefix + braces[0] + " " + joined + " " + braces[1]
					}
				}
			}
		}
		ind := "\n" + strings.Repeat(" ", c.indentLvl)
		return prefix + braces[0] + ind + "  " + strings.Join(output, ","+ind+"  ") + ind + braces[1]
	}
	if !forceBreak && c.isBelowBreakLength(output, 0, base) {
		s := braces[0]
		if base != "" {
			s += " " + base
		}
		return s + " " + strings.Join(output, ", ") + " " + braces[1]
	}
	indentation := strings.Repeat(" ", c.indentLvl)
	ln := " "
	if base != "" || jsfmt.Len(braces[0]) != 1 {
		ln = ""
		if base != "" {
			ln = " " + base
		}
		ln += "\n" + indentation + "  "
	}
	return braces[0] + ln + strings.Join(output, ",\n"+indentation+"  ") + " " + braces[1]
}

// groupArrayElements lays a long array out in aligned columns, as Node
// does for arrays of more than six short entries.
func (c *inspector) groupArrayElements(output []string, seq []lua.LValue) []string {
	totalLength, maxLength := 0, 0
	outputLength := len(output)
	if c.opts.MaxArrayLength < len(output) {
		outputLength-- // the "... more items" entry is not aligned
	}
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		l := c.width(output[i])
		dataLen[i] = l
		totalLength += l + separatorSpace
		if maxLength < l {
			maxLength = l
		}
	}
	actualMax := maxLength + separatorSpace
	if actualMax*3+c.indentLvl >= c.opts.BreakLength ||
		(float64(totalLength)/float64(actualMax) <= 5 && maxLength > 6) {
		return output // too wide, or too few short entries, to group
	}
	columns := c.groupColumns(actualMax, totalLength, len(output), outputLength)
	if columns <= 1 {
		return output
	}
	cols := int(columns)
	tmp := groupRows(output[:outputLength], dataLen, columnWidths(dataLen, cols), cols, padsStart(output, seq))
	if c.opts.MaxArrayLength < len(output) {
		tmp = append(tmp, output[outputLength])
	}
	return tmp
}

// groupColumns is how many columns Node gives a grouped array: about
// sqrt(2.5 × entries) for a typical entry width, capped by breakLength,
// compact × 4 and 15.
func (c *inspector) groupColumns(actualMax, totalLength, entries, outputLength int) float64 {
	averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(entries))
	biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
	return math.Min(
		math.Min(
			math.Floor(math.Sqrt(2.5*biasedMax*float64(outputLength))/biasedMax+0.5),
			math.Floor(float64(c.opts.BreakLength-c.indentLvl)/float64(actualMax)),
		),
		math.Min(float64(c.opts.Compact*4), 15),
	)
}

// columnWidths is each column's width: its widest cell plus the separator.
func columnWidths(dataLen []int, cols int) []int {
	maxLineLength := make([]int, 0, cols)
	for i := 0; i < cols; i++ {
		lineLength := 0
		for j := i; j < len(dataLen); j += cols {
			if dataLen[j] > lineLength {
				lineLength = dataLen[j]
			}
		}
		maxLineLength = append(maxLineLength, lineLength+separatorSpace)
	}
	return maxLineLength
}

// padsStart reports whether grouped cells are right-aligned, as Node
// does when every entry is a number.
func padsStart(output []string, seq []lua.LValue) bool {
	for i := 0; i < len(output); i++ {
		if i >= len(seq) || seq[i].Type() != lua.LTNumber {
			return false
		}
	}
	return true
}

// groupRows joins cells into rows of cols, each cell padded to its
// column's width (dataLen are the cells' widths).
func groupRows(cells []string, dataLen, maxLineLength []int, cols int, padStart bool) []string {
	var tmp []string
	for i := 0; i < len(cells); i += cols {
		max := i + cols
		if max > len(cells) {
			max = len(cells)
		}
		var b strings.Builder
		j := i
		for ; j < max-1; j++ {
			cell := cells[j] + ", "
			pad := strings.Repeat(" ", maxInt(0, maxLineLength[j-i]-dataLen[j]-separatorSpace))
			if padStart {
				b.WriteString(pad)
				b.WriteString(cell)
			} else {
				b.WriteString(cell)
				b.WriteString(pad)
			}
		}
		if padStart {
			b.WriteString(strings.Repeat(" ", maxInt(0, maxLineLength[j-i]-separatorSpace-dataLen[j])))
		}
		b.WriteString(cells[j])
		tmp = append(tmp, b.String())
	}
	return tmp
}

// maxInt is the larger of a and b.
func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
