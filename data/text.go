package data

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Longest text per field, in characters. Long enough for any real value,
// short enough that no field can hold a file: a 5 MB cell from a CSV made
// a row that grew the app to 12 GB.
const (
	MaxName    = 200
	MaxTitle   = 300
	MaxSummary = 2000
	MaxNotes   = 20000
	MaxEmail   = 254
	MaxPhone   = 100
	MaxAddress = 500
	MaxReason  = 2000
	MaxShort   = 100
)

// textRule says how the text of one field is cleaned and how long it may be.
type textRule struct {
	max int
	// multi: line breaks and tabs are part of the text (notes); elsewhere
	// they become spaces.
	multi bool
	// bidi: the field is a name or a title, where characters that override
	// or isolate the writing direction (U+202A–U+202E, U+2066–U+2069) are
	// removed — "Müller\u202eHbmG" shows as "MüllerGmbH" reversed, in the
	// app and in every calendar that gets the name.
	bidi bool
}

// textRules are the rules by field name, as ValidationError.Field names it.
var textRules = map[string]textRule{
	"name":        {max: MaxName, bidi: true},
	"company":     {max: MaxName, bidi: true},
	"email":       {max: MaxEmail, bidi: true},
	"phone":       {max: MaxPhone, bidi: true},
	"address":     {max: MaxAddress, bidi: true},
	"notes":       {max: MaxNotes, multi: true},
	"title":       {max: MaxTitle, bidi: true},
	"details":     {max: MaxNotes, multi: true},
	"summary":     {max: MaxSummary, bidi: true},
	"reason":      {max: MaxReason, multi: true},
	"note":        {max: MaxReason, multi: true},
	"description": {max: MaxNotes, multi: true},
	"product":     {max: MaxName, bidi: true},
	"lot":         {max: MaxShort, bidi: true},
	"concern":     {max: MaxShort, bidi: true},
	"risk":        {max: MaxShort, bidi: true},
	"language":    {max: MaxShort, bidi: true},
}

// ruleFor is the rule of field; an unknown field is one line of MaxName.
func ruleFor(field string) textRule {
	if r, ok := textRules[field]; ok {
		return r
	}
	return textRule{max: MaxName, bidi: true}
}

// isBidiControl reports the characters that override or isolate the
// writing direction.
func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// sanitize cleans s for a field with rule: invalid UTF-8 becomes U+FFFD
// (bad says there was some), NUL and every other control character is
// removed, line breaks and tabs are kept in multi-line text (as "\n" and
// "\t") and become spaces elsewhere, bidi overrides and isolates are
// removed where rule.bidi, and one-line text is trimmed.
func sanitize(s string, rule textRule) (out string, bad bool) {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return trimText(s, rule), false
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			bad = true
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		i += size
		switch {
		case r == '\r':
			// "\r\n" is one line break; a lone CR (old Macs) is one too.
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
		case r == '\u2028' || r == '\u2029':
			r = '\n'
		case r == '\u0085':
			r = '\n'
		}
		switch {
		case r == '\n' || r == '\t':
			if rule.multi {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case unicode.IsControl(r):
			// NUL, ESC (terminal escape sequences), DEL and the C1 controls.
		case rule.bidi && isBidiControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return trimText(b.String(), rule), bad
}

// trimText trims one-line text; multi-line text loses its trailing
// whitespace and leading blank lines (an indented first line stays), and
// text of nothing but whitespace is empty.
func trimText(s string, rule textRule) string {
	if !rule.multi {
		return strings.TrimSpace(s)
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	s = strings.TrimRight(s, " \t\n")
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}

// TermSafe makes text safe to print on a terminal: control characters
// (escape sequences among them) and bidi overrides are removed, line
// breaks and tabs become spaces. The headless commands print every text
// from the file through it, also text stored before the Store cleaned it.
func TermSafe(s string) string {
	out, _ := sanitize(s, textRule{bidi: true})
	return out
}

// CleanText applies the rules of field to s (see textRules): the cleaned
// text, or a *ValidationError naming the field — CodeNotUTF8 for bytes that
// are not UTF-8 (nothing is guessed), CodeTooLong with Max and Count. Every
// text the Store keeps goes through it, from the app, a command or a file.
func CleanText(field, s string) (string, error) {
	rule := ruleFor(field)
	out, bad := sanitize(s, rule)
	if bad {
		return "", invalid(field, CodeNotUTF8)
	}
	return out, checkLength(field, out, rule)
}

// repairText is CleanText for an import: bytes that are not UTF-8 become
// U+FFFD and repaired says so, so the line can be imported and reported.
func repairText(field, s string) (out string, repaired bool, err error) {
	rule := ruleFor(field)
	out, repaired = sanitize(s, rule)
	return out, repaired, checkLength(field, out, rule)
}

func checkLength(field, s string, rule textRule) error {
	if len(s) <= rule.max {
		return nil
	}
	if n := utf8.RuneCountInString(s); n > rule.max {
		e := invalid(field, CodeTooLong)
		e.Max, e.Count = int64(rule.max), n
		return e
	}
	return nil
}

// cleanTexts cleans several fields in place; the first refusal is returned.
func cleanTexts(fields ...textField) error {
	for _, f := range fields {
		v, err := CleanText(f.name, *f.p)
		if err != nil {
			return err
		}
		*f.p = v
	}
	return nil
}

// textField is one text a Store operation takes, by its field name.
type textField struct {
	name string
	p    *string
}
