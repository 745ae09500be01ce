package dnsmsg

import "strconv"

// MalformedError is why a message could not be decoded, and where.
type MalformedError struct {
	Offset int    // the byte (0-based) where the message stopped making sense
	Reason string // what was wrong there
}

// Error gives the offset and the reason.
func (e *MalformedError) Error() string {
	return "malformed DNS message at byte " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// EncodeError is why a message could not be encoded: the field at fault
// (as "answers[2].data.exchange", 1-based, the way a Lua caller numbers
// records), the value there and what is wrong with it.
type EncodeError struct {
	Field  string
	Value  string
	Reason string
}

// Error gives the field, its value and the reason.
func (e *EncodeError) Error() string {
	return e.Field + " " + strconv.Quote(e.Value) + ": " + e.Reason
}
