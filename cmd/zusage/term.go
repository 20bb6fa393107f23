package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// termWriter passes text on to a terminal (or a script) without control
// characters: an ESC from a customer's name would start an escape sequence,
// a U+202E reverse the line. Line breaks and tabs (tabwriter's columns) stay;
// everything else below U+0020, DEL, the C1 controls and the bidi
// overrides and isolates are dropped, and bytes that are not UTF-8 become
// U+FFFD. Every command's stdout and stderr go through one, so no path —
// a rejected import line, an error naming a value — can print them.
type termWriter struct {
	w io.Writer
	// pending is the start of a UTF-8 sequence cut by the end of a Write.
	pending []byte
}

func newTermWriter(w io.Writer) *termWriter { return &termWriter{w: w} }

func termDrop(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
		return true
	}
	return false
}

// Write reports len(p) when everything was passed on, as io.Writer wants.
func (t *termWriter) Write(p []byte) (int, error) {
	buf := append(t.pending, p...)
	t.pending = nil
	out := make([]byte, 0, len(buf))
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			if !termDrop(rune(c)) {
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			// Keep the start of the sequence for the next Write.
			t.pending = append([]byte(nil), buf[i:]...)
			break
		}
		r, size := utf8.DecodeRune(buf[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case !termDrop(r):
			out = append(out, buf[i:i+size]...)
		}
		i += size
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what is left of a cut sequence (as U+FFFD: it never ended).
func (t *termWriter) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	t.pending = nil
	_, err := t.w.Write([]byte("\ufffd"))
	return err
}

// writeJSON prints v as indented JSON. encoding/json escapes the control
// characters below U+0020; DEL, the C1 controls and the bidi overrides it
// leaves raw, so they are escaped here too (\u202e is the same string to
// every JSON reader, and harmless on a terminal).
func writeJSON(c *cmdCtx, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	var out bytes.Buffer
	for _, r := range string(b) {
		if r != '\n' && r != '\t' && termDrop(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	out.WriteByte('\n')
	_, err = c.stdout.Write(out.Bytes())
	return err
}
