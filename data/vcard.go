package data

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// ParseVCard reads a .vcf file with one or more cards (FN, ORG, EMAIL, TEL,
// ADR, NOTE) into the same preview as a CSV import; nothing is written. Each
// card is read on its own, so one damaged card is a rejected row (named by
// the line of its BEGIN:VCARD) and the others still import.
func ParseVCard(r io.Reader) (Preview, error) {
	var p Preview
	text, enc, repaired, err := decodeText(r)
	if err != nil {
		return p, err
	}
	p.Encoding = enc
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var block []string
	start := 0
	inCard := false
	for i, l := range lines {
		up := strings.ToUpper(strings.TrimSpace(l))
		switch {
		case !inCard && up == "BEGIN:VCARD":
			inCard, start, block = true, i+1, []string{l}
		case inCard && up == "BEGIN:VCARD":
			// The previous card never ended.
			p.Rows = append(p.Rows, ImportRow{Line: start, Problem: invalid("card", CodeBadCard)})
			start, block = i+1, []string{l}
		case inCard:
			block = append(block, l)
			if up == "END:VCARD" {
				p.Rows = append(p.Rows, cardRow(start, strings.Join(block, "\r\n")+"\r\n", repaired))
				inCard = false
			}
		}
	}
	if inCard {
		p.Rows = append(p.Rows, ImportRow{Line: start, Problem: invalid("card", CodeBadCard)})
	}
	if len(p.Rows) == 0 {
		return p, &ImportFileError{Code: ImportNoCards}
	}
	return p, nil
}

func cardRow(line int, block string, repaired bool) ImportRow {
	row := ImportRow{Line: line}
	card, err := vcard.NewDecoder(strings.NewReader(normalizeVCard21(block))).Decode()
	if err != nil {
		row.Problem = invalid("card", CodeBadCard).val(strings.TrimPrefix(err.Error(), "vcard: "))
		return row
	}
	row.Name = strings.TrimSpace(card.PreferredValue(vcard.FieldFormattedName))
	if row.Name == "" {
		if n := card.Name(); n != nil {
			row.Name = strings.TrimSpace(strings.Join(strings.Fields(n.GivenName+" "+n.FamilyName), " "))
		}
	}
	if org := card.PreferredValue(vcard.FieldOrganization); org != "" {
		// ORG is "company;department".
		row.Company = strings.TrimSpace(strings.Split(org, ";")[0])
	}
	row.Email = strings.TrimSpace(card.PreferredValue(vcard.FieldEmail))
	row.Phone = strings.TrimSpace(card.PreferredValue(vcard.FieldTelephone))
	row.Phone = strings.TrimPrefix(row.Phone, "tel:")
	if a := card.Address(); a != nil {
		street := strings.TrimSpace(strings.Join(strings.Fields(a.ExtendedAddress+" "+a.StreetAddress), " "))
		row.Address = joinAddress(street, strings.TrimSpace(a.PostalCode), strings.TrimSpace(a.Locality))
		if c := strings.TrimSpace(a.Country); c != "" && row.Address != "" {
			row.Address += ", " + c
		}
	}
	row.Notes = strings.TrimSpace(card.Value(vcard.FieldNote))
	row.Problem = checkImportRow(&row, repaired)
	return row
}

// normalizeVCard21 rewrites what vCard 2.1 (Outlook, older phones) writes
// differently from 3.0 and 4.0, so that the decoder reads it: values in
// QUOTED-PRINTABLE, with soft line breaks ("=" at the end of a line), are
// decoded from the CHARSET they name (UTF-8 or Windows-1252 when none is
// named), and bare parameters ("TEL;WORK;VOICE:") become TYPE=. Without
// this a name arrives as "J=C3=BCrgen" and a phone number as nothing.
func normalizeVCard21(block string) string {
	lines := strings.Split(strings.ReplaceAll(block, "\r\n", "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l == "" || l[0] == ' ' || l[0] == '\t' {
			out = append(out, l)
			continue
		}
		colon := propColon(l)
		semi := strings.IndexByte(l, ';')
		if colon < 0 || semi < 0 || semi > colon {
			out = append(out, l)
			continue
		}
		name, rawParams, value := l[:semi], l[semi+1:colon], l[colon+1:]
		var params []string
		qp := false
		charset := ""
		for _, p := range strings.Split(rawParams, ";") {
			k, v, hasValue := strings.Cut(p, "=")
			switch up := strings.ToUpper(strings.TrimSpace(k)); {
			case p == "":
			case !hasValue && up == "QUOTED-PRINTABLE", up == "ENCODING" && strings.EqualFold(strings.TrimSpace(v), "QUOTED-PRINTABLE"):
				qp = true
			case up == "CHARSET":
				charset = strings.Trim(strings.TrimSpace(v), `"`)
			case !hasValue && (up == "8BIT" || up == "7BIT"):
			case !hasValue && up == "BASE64":
				params = append(params, "ENCODING=b")
			case !hasValue:
				params = append(params, "TYPE="+k)
			default:
				params = append(params, p)
			}
		}
		if qp {
			// Soft line breaks continue the value on the next line.
			for strings.HasSuffix(value, "=") && i+1 < len(lines) {
				i++
				value = value[:len(value)-1] + strings.TrimSuffix(lines[i], "\r")
			}
			value = escapeVCardText(decodeCharset(decodeQP(value), charset))
		}
		head := name
		if len(params) > 0 {
			head += ";" + strings.Join(params, ";")
		}
		out = append(out, head+":"+value)
	}
	return strings.Join(out, "\r\n")
}

// propColon is the colon that ends a property's name and parameters,
// skipping colons inside quoted parameter values.
func propColon(l string) int {
	inQuote := false
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				return i
			}
		}
	}
	return -1
}

// decodeQP decodes quoted-printable leniently: "=" and two hex digits is a
// byte, anything else stays as written.
func decodeQP(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if h, ok := unhex(s[i+1]); ok {
				if l, ok := unhex(s[i+2]); ok {
					out = append(out, h<<4|l)
					i += 2
					continue
				}
			}
		}
		out = append(out, s[i])
	}
	return out
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeCharset turns the bytes of a value into text: from the charset the
// card names, else UTF-8 when they are valid UTF-8, else Windows-1252.
func decodeCharset(b []byte, charset string) string {
	if charset != "" && !strings.EqualFold(charset, "utf-8") {
		if enc, err := htmlindex.Get(charset); err == nil {
			if s, err := enc.NewDecoder().Bytes(b); err == nil {
				return string(s)
			}
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	s, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(s)
}

// escapeVCardText writes decoded text as a 3.0 value: the decoder turns
// "\\" and "\n" back into a backslash and a line break.
func escapeVCardText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\\", "\\\\")
	return strings.ReplaceAll(s, "\n", "\\n")
}
