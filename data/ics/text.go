package ics

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
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
	},
}

func (w words) kindWord(kind string) string {
	if k, ok := w.kind[kind]; ok {
		return k
	}
	return w.kind["other"]
}
