package ics

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// maxLine is the longest physical line RFC 5545 §3.1 allows, in octets,
// without the CRLF.
const maxLine = 75

// folder is an io.Writer that folds the CRLF-terminated content lines written
// through it at 75 octets, never inside a UTF-8 character. go-ical writes each
// content line unfolded, and Outlook rejects long lines.
type folder struct {
	w    io.Writer
	line []byte
	out  bytes.Buffer
}

func newFolder(w io.Writer) *folder { return &folder{w: w} }

// Write buffers p until a line is complete, then writes that line folded.
func (f *folder) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			f.line = append(f.line, p...)
			break
		}
		f.line = append(f.line, p[:i+1]...)
		p = p[i+1:]
		if err := f.flushLine(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// Close writes what is left of an unterminated last line.
func (f *folder) Close() error {
	if len(f.line) == 0 {
		return nil
	}
	f.line = append(f.line, '\r', '\n')
	return f.flushLine()
}

func (f *folder) flushLine() error {
	body := bytes.TrimRight(f.line, "\r\n")
	f.out.Reset()
	limit := maxLine
	for len(body) > limit {
		cut := limit
		// Step back to the start of a UTF-8 character.
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit
		}
		f.out.Write(body[:cut])
		f.out.WriteString("\r\n ")
		body = body[cut:]
		// The leading space of a continuation line counts.
		limit = maxLine - 1
	}
	f.out.Write(body)
	f.out.WriteString("\r\n")
	f.line = f.line[:0]
	_, err := f.w.Write(f.out.Bytes())
	return err
}
