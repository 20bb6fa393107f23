package data

import (
	"strings"
	"unicode/utf8"
)

// MaxCellChars is the longest cell an import reads: the longest text any
// customer field may hold (notes). A longer cell makes its line a
// rejection; its text is never kept, so a 5 MB cell cannot become a row.
const MaxCellChars = 20000

// Problems of one CSV record, as csvRecord.problem says them.
const (
	// csvUnclosedQuote: a quote opened a cell and nothing closed it where a
	// cell can end; the line is rejected and reading resumes on the next
	// line, so one stray quote never swallows the records after it.
	csvUnclosedQuote = "unclosed_quote"
	// csvTooManyFields: more cells than the header has columns.
	csvTooManyFields = "too_many_fields"
	// csvCellTooLong: a cell longer than MaxCellChars.
	csvCellTooLong = "cell_too_long"
)

// csvRecord is one record of a CSV file: the line it starts on, its cells,
// and what is wrong with it ("" for none).
type csvRecord struct {
	line    int
	fields  []string
	problem string
	// count is the number of cells (for too_many_fields), col the column
	// of a cell that is too long and chars its length.
	count, col, chars int
}

// csvScan reads a CSV text record by record, counting physical lines. It
// follows RFC 4180 as office files bend it: a cell that starts with a quote
// may hold the delimiter, doubled quotes and line breaks; a quote anywhere
// else is a character (Müller "Bau" GmbH), as is a quote inside a quoted
// cell that is not followed by the delimiter or the line's end.
//
// A record that spans lines is only believed when nothing about it looks
// like a quote that was never closed: the quote reaches the end of the
// file, a closing quote is followed by text, the record has more cells than
// the header, or a line inside the cell is a complete record of its own.
// Then the record's first line is rejected and reading resumes on the next
// line — the lines after a stray quote still import, and no customer is
// ever made from many lines.
type csvScan struct {
	text    string
	delim   byte
	columns int
	pos     int
	line    int
}

func newCSVScan(text string, delim byte, firstLine int) *csvScan {
	return &csvScan{text: text, delim: delim, line: firstLine}
}

// next returns the next record and false at the end of the text.
func (s *csvScan) next() (csvRecord, bool) {
	if s.pos >= len(s.text) {
		return csvRecord{}, false
	}
	start, startLine := s.pos, s.line
	rec, end, lines := s.parse(start)
	rec.line = startLine
	if lines > 0 && s.suspect(rec, start, end) {
		// Resume on the line after the record's first line.
		nl := strings.IndexByte(s.text[start:], '\n')
		s.pos, s.line = start+nl+1, startLine+1
		return csvRecord{line: startLine, problem: csvUnclosedQuote}, true
	}
	s.pos, s.line = end, startLine+lines+1
	if rec.problem == "" && s.columns > 0 && len(rec.fields) > s.columns {
		rec.problem, rec.count = csvTooManyFields, len(rec.fields)
	}
	return rec, true
}

// parseFlags are what parse saw inside quotes.
type parseFlags struct {
	unclosed bool
	lazy     bool
}

// parse reads one record from pos: its cells, the position after its line
// end, and how many line breaks lie inside its quoted cells.
func (s *csvScan) parse(pos int) (rec csvRecord, end, lines int) {
	t := s.text
	var flags parseFlags
	var b strings.Builder
	for col := 0; ; col++ {
		b.Reset()
		chars, long := 0, false
		add := func(str string) {
			if long {
				return
			}
			n := utf8.RuneCountInString(str)
			if chars+n > MaxCellChars {
				long = true
				chars += n
				return
			}
			chars += n
			b.WriteString(str)
		}
		endOfRecord := false
		if pos < len(t) && t[pos] == '"' {
			pos++
			for {
				q := strings.IndexByte(t[pos:], '"')
				if q < 0 {
					// No closing quote up to the end of the text.
					lines += strings.Count(t[pos:], "\n")
					add(t[pos:])
					pos = len(t)
					flags.unclosed = true
					endOfRecord = true
					break
				}
				chunk := t[pos : pos+q]
				lines += strings.Count(chunk, "\n")
				add(chunk)
				pos += q + 1
				switch {
				case pos < len(t) && t[pos] == '"':
					add(`"`)
					pos++
					continue
				case pos >= len(t):
					endOfRecord = true
				case t[pos] == s.delim:
					pos++
				case t[pos] == '\n':
					pos++
					endOfRecord = true
				case t[pos] == '\r' && pos+1 < len(t) && t[pos+1] == '\n':
					pos += 2
					endOfRecord = true
				default:
					// A quote inside the cell that ends nothing.
					add(`"`)
					flags.lazy = true
					continue
				}
				break
			}
		} else {
			stop := strings.IndexAny(t[pos:], string([]byte{s.delim, '\n'}))
			if stop < 0 {
				add(strings.TrimSuffix(t[pos:], "\r"))
				pos = len(t)
				endOfRecord = true
			} else {
				cell := t[pos : pos+stop]
				pos += stop
				if t[pos] == '\n' {
					cell = strings.TrimSuffix(cell, "\r")
					endOfRecord = true
				}
				pos++
				add(cell)
			}
		}
		if long && rec.problem == "" {
			rec.problem, rec.col, rec.chars = csvCellTooLong, col, chars
		}
		if long {
			rec.fields = append(rec.fields, "")
		} else {
			rec.fields = append(rec.fields, b.String())
		}
		if endOfRecord {
			break
		}
		if pos >= len(t) {
			// "a;b;" at the end of the text: one more, empty cell.
			rec.fields = append(rec.fields, "")
			break
		}
	}
	if flags.unclosed {
		rec.problem = csvUnclosedQuote
	}
	if lines > 0 && flags.lazy {
		rec.problem = csvUnclosedQuote
	}
	return rec, pos, lines
}

// suspect reports whether a record that spans lines is more likely a quote
// that was never closed than a cell with line breaks in it.
func (s *csvScan) suspect(rec csvRecord, start, end int) bool {
	if rec.problem == csvUnclosedQuote {
		return true
	}
	if s.columns > 0 && len(rec.fields) > s.columns {
		return true
	}
	if s.columns < 2 {
		// With one column every line looks like a record; a line break in
		// the only cell of a one-column file is not believable either.
		return true
	}
	// Every line after the first, up to the record's last, read on its
	// own: a complete record there means the quote swallowed it.
	body := s.text[start:end]
	first := strings.IndexByte(body, '\n')
	inner := strings.Split(strings.TrimSuffix(body[first+1:], "\n"), "\n")
	for _, l := range inner[:max(len(inner)-1, 0)] {
		l = strings.TrimSuffix(l, "\r")
		sub := &csvScan{text: l, delim: s.delim}
		r, _, n := sub.parse(0)
		if n == 0 && r.problem == "" && len(r.fields) == s.columns {
			return true
		}
	}
	return false
}
