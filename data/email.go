package data

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// E-mail addresses are normalised once, here, for salespeople and customers
// alike, so that every stored address is plain ASCII and works everywhere
// it goes: in mailto: links, as ORGANIZER and ATTENDEE of calendar invites,
// in feeds, and in look-ups in any letter case. An internationalised domain
// (müller.de) is stored in its ASCII form (xn--mller-kva.de), which every
// mail program and calendar understands; letters beyond ASCII before the @
// are refused, because few mail servers and no calendar accept them; and a
// domain whose labels mix scripts — a Cyrillic "е" in "example" — is
// refused as a look-alike (docs/design.md, "Who may act").

// NormalizeEmail returns the stored form of an e-mail address, or a
// validation error for field. An empty address is allowed unless required.
func NormalizeEmail(field, e string, required bool) (string, error) {
	e = strings.TrimSpace(e)
	if e == "" {
		if required {
			return "", invalid(field, CodeRequired)
		}
		return "", nil
	}
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at == len(e)-1 || !utf8.ValidString(e) {
		return "", invalid(field, CodeInvalid).val(e)
	}
	local, domain := e[:at], e[at+1:]
	for i := 0; i < len(local); i++ {
		if local[i] >= utf8.RuneSelf {
			return "", invalid(field, CodeNonASCIILocal).val(e)
		}
	}
	uni, err := idna.Lookup.ToUnicode(domain)
	if err != nil {
		return "", invalid(field, CodeInvalid).val(e)
	}
	for _, label := range strings.Split(uni, ".") {
		if mixedScripts(label) {
			return "", invalid(field, CodeLookalike).val(e)
		}
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil || ascii == "" {
		return "", invalid(field, CodeInvalid).val(e)
	}
	out := local + "@" + ascii
	a, err := mail.ParseAddress(out)
	if err != nil || a.Address != out {
		return "", invalid(field, CodeInvalid).val(e)
	}
	return out, nil
}

// scriptsOf are the writing systems a look-alike check tells apart.
var scriptsOf = []*unicode.RangeTable{
	unicode.Latin, unicode.Cyrillic, unicode.Greek, unicode.Armenian, unicode.Georgian,
	unicode.Hebrew, unicode.Arabic, unicode.Devanagari, unicode.Thai,
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo,
}

// mixedScripts reports whether a domain label mixes writing systems, other
// than the combinations East Asian writing uses (Han with kana, Hangul or
// Bopomofo). Digits and the hyphen belong to every script.
func mixedScripts(label string) bool {
	seen := map[*unicode.RangeTable]bool{}
	for _, r := range label {
		for _, t := range scriptsOf {
			if unicode.Is(t, r) {
				seen[t] = true
				break
			}
		}
	}
	if len(seen) <= 1 {
		return false
	}
	for t := range seen {
		switch t {
		case unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo:
		default:
			return true
		}
	}
	return seen[unicode.Hangul] && (seen[unicode.Hiragana] || seen[unicode.Katakana])
}
