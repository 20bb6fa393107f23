package data

import (
	"strings"
)

// MailtoLimit is the longest mailto: address Zusage hands to a mail
// program. Windows passes it through ShellExecute, whose URL buffer holds
// INTERNET_MAX_URL_LENGTH (2,083 characters with the terminating zero:
// KB263909), and Outlook started that way takes 2,046 (measured with Outlook
// and Windows Live Mail behind IE, Firefox and Chrome); Thunderbird was
// measured taking 1,995 characters of body. macOS (open, Apple Mail) takes
// 2,083 and more, Linux (xdg-open, one argument of up to 128 KiB) far more.
// 2,000 stays under all of them with room to spare.
const MailtoLimit = 2000

// Mailto is the RFC 6068 mailto: address of a message: the recipient, and
// subject and body as percent-encoded UTF-8, line breaks as CRLF. to may be
// empty (the mail program then asks).
func Mailto(to, subject, body string) string {
	var b strings.Builder
	b.WriteString("mailto:")
	b.WriteString(escapeMailtoAddr(strings.TrimSpace(to)))
	sep := "?"
	if subject != "" {
		b.WriteString(sep + "subject=" + escapeMailto(subject))
		sep = "&"
	}
	if body != "" {
		crlf := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
		b.WriteString(sep + "body=" + escapeMailto(crlf))
	}
	return b.String()
}

// MailtoFit is Mailto within MailtoLimit. When the whole message does not
// fit, it leaves the body out (complete is false): half a message in the
// mail program could be sent by mistake, so the caller puts the full text
// on the clipboard instead and says so.
func MailtoFit(to, subject, body string) (url string, complete bool) {
	if u := Mailto(to, subject, body); len(u) <= MailtoLimit {
		return u, true
	}
	if u := Mailto(to, subject, ""); len(u) <= MailtoLimit {
		return u, false
	}
	return Mailto(to, "", ""), false
}

// escapeMailto percent-encodes every byte of s that is not unreserved
// (RFC 3986: letters, digits, "-", ".", "_", "~"). Spaces become %20, never
// "+", which RFC 6068 reads as a plus sign.
func escapeMailto(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 3)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// escapeMailtoAddr encodes an address for the to part: "@" stays, so the
// mail program shows it as written; everything RFC 6068 reserves there
// ("%", "/", "?", "#", "&", ...) is encoded.
func escapeMailtoAddr(s string) string {
	parts := strings.Split(s, "@")
	for i, p := range parts {
		parts[i] = escapeMailto(p)
	}
	return strings.Join(parts, "@")
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
