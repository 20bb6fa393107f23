package ics

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// cleanText prepares user text for a TEXT property. go-ical escapes
// backslash, semicolon, comma and LF itself but refuses the whole file on a
// CR, so CRLF and lone CR become LF (iCalendar has only one line break, \n).
// Other control characters are not allowed in iCalendar text (RFC 5545
// §3.3.11) and are dropped; invalid UTF-8 becomes U+FFFD so that every folded
// line stays valid UTF-8.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// cleanParam makes a parameter value (a CN) safe: go-ical writes parameter
// values as they are, so a line break would end the property and a double
// quote would end a quoted value. Line breaks and other controls become a
// space, double quotes a single quote; runs of spaces collapse.
func cleanParam(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case r < 0x20 || r == 0x7f || unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// plainAddress is the conservative shape of an address we put into a
// mailto: URI: no characters that mean something in a URI or in iCalendar
// (?, #, %, /, :, ;, ",", quotes, spaces), ASCII only.
var plainAddress = regexp.MustCompile(`^[A-Za-z0-9._+'\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$`)

// mailto returns "mailto:ADDRESS" for a valid, plain e-mail address, or ""
// when the address is missing or not valid; an address that is not valid
// never becomes a calendar address.
func mailto(email string) string {
	email = strings.TrimSpace(email)
	if email == "" || len(email) > 254 || !plainAddress.MatchString(email) {
		return ""
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email {
		return ""
	}
	return "mailto:" + email
}

// calAddress returns the mailto: URI of an e-mail address as it may be
// stored, for ORGANIZER and ATTENDEE, or "" when it is not an address. A
// plain ASCII address is written as it is (mailto). An internationalised
// one (written by an older version, before addresses were normalised at
// entry) becomes a valid URI per RFC 6068: the domain as IDNA A-labels
// (xn--…), the local part percent-encoded as UTF-8. Anything that is not a
// single address (line breaks, a display name, several addresses) is
// refused, so no text can become a second property.
func calAddress(email string) string {
	email = strings.TrimSpace(email)
	if m := mailto(email); m != "" {
		return m
	}
	if email == "" || len(email) > 254 || !utf8Clean(email) {
		return ""
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email {
		return ""
	}
	at := strings.LastIndexByte(email, '@')
	if at <= 0 || at == len(email)-1 {
		return ""
	}
	domain, err := idna.Lookup.ToASCII(email[at+1:])
	if err != nil || !plainAddress.MatchString("x@"+domain) {
		return ""
	}
	return "mailto:" + pctLocal(email[:at]) + "@" + domain
}

// utf8Clean reports valid UTF-8 without control characters.
func utf8Clean(s string) bool {
	if strings.ToValidUTF8(s, "") != s {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	return true
}

// pctLocal percent-encodes the local part of an address for a mailto: URI
// (RFC 6068 §2): letters, digits and "-._~!$'*+=" stay, every other octet
// of the UTF-8 becomes %XX.
func pctLocal(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~!$'*+=", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// telURI turns a phone number as people write it ("+49 421 777-12",
// "(0421) 777 12") into a tel: URI with only digits and a leading "+", or ""
// when there are too few digits to dial.
func telURI(phone string) string {
	var b strings.Builder
	digits := 0
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			digits++
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '/' || r == '(' || r == ')' || r == '.':
		default:
			// Letters, extensions in words and the like: not a number we dial.
			return ""
		}
	}
	if digits < 3 {
		return ""
	}
	return "tel:" + b.String()
}

// Language words for SUMMARY, DESCRIPTION and CATEGORIES.
type words struct {
	kind                                                  map[string]string
	customer, phone, email, lastContact, rescheduled      string
	owner, details, cancelled, cancelledBecause, done, by string
	dateLayout, calName                                   string
	// The customer's invite and the previous owner's cancellation.
	yourContact, directLine, handedTo string
}

var lang = map[string]words{
	"de": {
		kind: map[string]string{
			"callback": "Rückruf", "answer": "Antwort", "offer": "Angebot", "delivery": "Lieferung",
			"document": "Unterlagen", "visit": "Besuch", "inform": "Information", "standing": "Dauerzusage", "other": "Zusage",
		},
		customer: "Kunde", phone: "Telefon", email: "E-Mail", lastContact: "Letzter Kontakt",
		rescheduled: "Verschoben, weil", owner: "Zuständig", details: "Details", cancelled: "Abgesagt",
		cancelledBecause: "Abgesagt, weil", done: "Erledigt", by: "bis",
		dateLayout: "02.01.2006", calName: "Zusagen",
		yourContact: "Zuständig", directLine: "Durchwahl", handedTo: "Übergeben an",
	},
	"en": {
		kind: map[string]string{
			"callback": "Callback", "answer": "Answer", "offer": "Offer", "delivery": "Delivery",
			"document": "Documents", "visit": "Visit", "inform": "Inform", "standing": "Standing promise", "other": "Promise",
		},
		customer: "Customer", phone: "Phone", email: "E-mail", lastContact: "Last contact",
		rescheduled: "Rescheduled because", owner: "Owner", details: "Details", cancelled: "Cancelled",
		cancelledBecause: "Cancelled because", done: "Done", by: "by",
		dateLayout: "2006-01-02", calName: "Promises",
		yourContact: "Your contact", directLine: "Direct line", handedTo: "Handed over to",
	},
}

func (w words) kindWord(kind string) string {
	if k, ok := w.kind[kind]; ok {
		return k
	}
	return w.kind["other"]
}
