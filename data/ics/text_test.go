package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zusage/zusage/data"
)

// hostile is text a user could type or paste: every line break, the
// characters iCalendar escapes, emoji and property-looking text.
const hostile = "Preis; Rabatt, Skonto \\ Pfad C:\\temp\\n kein Umbruch\r\nzweite Zeile\rdritte\nvierte 😀👍🏽 " +
	"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\nATTENDEE:mailto:evil@example.com \"zitiert\" ümläut"

// asRead is what a calendar shows for text: iCalendar has one line break,
// so CRLF and CR come back as LF; everything else is unchanged.
// unfold joins folded lines (RFC 5545 §3.1).
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

func asRead(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func TestHostileTextRoundTripsThroughBothParsers(t *testing.T) {
	f := newFx(t)
	long := ""
	for utf8.RuneCountInString(long) < 500 {
		long += "Ä😀b,;\\x\n"
	}
	long = string([]rune(long)[:499]) + "!"
	require.Equal(t, 500, utf8.RuneCountInString(long))
	// A title is one line of at most data.MaxTitle characters; the Store
	// makes line breaks spaces (details keep theirs).
	longTitle := string([]rune(strings.ReplaceAll(long, "\n", " "))[:data.MaxTitle-1]) + "!"
	clean := func(field, s string) string {
		t.Helper()
		v, err := data.CleanText(field, s)
		require.NoError(t, err)
		return v
	}

	// Customer name with a line break and quotes ends up in CN parameters.
	_, err := f.s.UpdateCustomer(data.Customer{ID: f.cust.ID, Version: f.cust.Version, Name: "Müller \"Die Pumpe\"\r\nGmbH; & Co, KG",
		Email: "info@mueller.de", Phone: "+49 421 777-12", OwnerID: f.anna.ID}, f.anna.ID)
	require.NoError(t, err)
	_, err = f.s.LogContact(data.NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, At: f.now.Add(-time.Hour), Channel: "phone", Summary: "Anruf: " + hostile})
	require.NoError(t, err)

	for _, tc := range []struct {
		name, title, details string
	}{
		{"hostile", "Rückruf " + hostile, hostile},
		{"the longest title", longTitle, long + hostile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := f.s.Promise(data.NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: data.KindCallback,
				Title: tc.title, Details: tc.details, Due: data.Due{At: f.now.Add(48 * time.Hour)}})
			require.NoError(t, err)
			require.Equal(t, clean("title", tc.title), c.Title, "the store keeps the title as typed, in one line")
			_, err = f.s.Reschedule(c.ID, 0, f.anna.ID, data.Due{At: f.now.Add(72 * time.Hour)}, "Grund: "+hostile, data.ToldCustomer)
			require.NoError(t, err)

			p, _ := f.invite(t, c.ID, Exporter{})
			require.Equal(t, []string{c.UID}, p.uids(t), "one event: nothing typed started a new one")
			assert.NotContains(t, p.uids(t), "evil")
			a, b := p.ev(t, c.UID)
			summary := text(t, a, b, ical.PropSummary)
			assert.True(t, strings.HasSuffix(summary, " — "+c.Title), "SUMMARY ends with the title unchanged:\n%q", summary)
			desc := text(t, a, b, ical.PropDescription)
			assert.True(t, strings.HasPrefix(desc, asRead(tc.details)+"\n"), "DESCRIPTION starts with the details unchanged:\n%q", desc)
			assert.Contains(t, desc, clean("summary", "Anruf: "+hostile))
			assert.Contains(t, desc, "Verschoben, weil: Grund: "+asRead(hostile))
			assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b), "the text did not add an attendee")
			assert.Len(t, a.Props.Values(ical.PropOrganizer), 1)
			assert.Len(t, alarms(t, a, b), 1)

			// The customer invite names the customer in a CN.
			var cbuf bytes.Buffer
			_, err = Exporter{}.CustomerInvite(&cbuf, f.s, c.ID, f.now)
			require.NoError(t, err)
			cp := parse(t, cbuf.Bytes())
			require.Equal(t, []string{CustomerUID(c.UID)}, cp.uids(t))
			ca, cb := cp.ev(t, CustomerUID(c.UID))
			assert.Equal(t, []string{"mailto:info@mueller.de"}, attendees(t, ca, cb), "the text did not add an attendee")
			cn := param(t, ca, cb, ical.PropAttendee, "CN")
			assert.Equal(t, "Müller 'Die Pumpe' GmbH; & Co, KG", cn, "line break and quotes sanitised in CN")
			assert.True(t, strings.HasSuffix(text(t, ca, cb, ical.PropSummary), c.Title+" (Anna Berg)"))

			// The feed carries the same text.
			fp, _ := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now)
			fa, fb := fp.ev(t, c.UID)
			assert.Equal(t, summary, text(t, fa, fb, ical.PropSummary))
			assert.Equal(t, desc, text(t, fa, fb, ical.PropDescription))
		})
	}
}

func TestOwnerNameWithLineBreakAndQuoteIsSanitisedInCN(t *testing.T) {
	f := newFx(t)
	_, err := f.s.UpdateUser(data.User{ID: f.anna.ID, Version: f.anna.Version, Name: "Anna \"Nannie\"\nBerg\r\nATTENDEE:mailto:x@y.de", Email: "anna@example.de"})
	require.NoError(t, err)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: f.now.Add(time.Hour)})
	p, _ := f.invite(t, c.ID, Exporter{})
	a, b := p.ev(t, c.UID)
	assert.Equal(t, "Anna 'Nannie' Berg ATTENDEE:mailto:x@y.de", param(t, a, b, ical.PropOrganizer, "CN"))
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b), "the owner, once")
	assert.Contains(t, unfold(p.raw), "\r\nORGANIZER;CN=\"Anna 'Nannie' Berg ATTENDEE:mailto:x@y.de\":mailto:anna@example.de\r\n",
		"the CN is one quoted parameter value")
}

func TestInvalidCustomerAddressNeverBecomesMailto(t *testing.T) {
	bad := []string{
		"info@mueller.de\r\nATTENDEE:mailto:evil@example.com",
		"not an address",
		"Info <info@mueller.de>",
		"info@mueller.de;x",
		"\"quoted\"@mueller.de",
		"info@localhost",
		"info@-mueller.de",
	}
	for _, email := range bad {
		t.Run(email, func(t *testing.T) {
			f := newFx(t)
			// Data written by an older version or another tool, bypassing
			// the Store's validation.
			require.NoError(t, f.s.DB().Exec("UPDATE customers SET email = ? WHERE id = ?", email, f.cust.ID).Error)
			c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: f.now.Add(time.Hour)})
			p, _ := f.invite(t, c.ID, Exporter{})
			a, b := p.ev(t, c.UID)
			assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b), "the owner's own invite")
			u := unfold(p.raw)
			assert.Equal(t, 1, strings.Count(u, "\r\nATTENDEE"), "one attendee property")
			assert.Contains(t, u, "\r\nATTENDEE;CN=Anna Berg;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:anna@example.de\r\n")
			assert.Contains(t, u, "\r\nORGANIZER;CN=Anna Berg:mailto:anna@example.de\r\n")

			var buf bytes.Buffer
			_, err := Exporter{}.CustomerInvite(&buf, f.s, c.ID, f.now)
			var ve *data.ValidationError
			require.ErrorAs(t, err, &ve, "no customer invite without an address to send it to")
			assert.Equal(t, "customer", ve.Field)
			assert.Zero(t, buf.Len(), "nothing written")
		})
	}
}

func TestInternationalisedAddressesBecomeValidURIs(t *testing.T) {
	f := newFx(t)
	// Stored by an older version, before addresses were normalised at entry.
	require.NoError(t, f.s.DB().Exec("UPDATE users SET email = ? WHERE id = ?", "jörg.weiß@bäckerei-müller.de", f.anna.ID).Error)
	require.NoError(t, f.s.DB().Exec("UPDATE customers SET email = ? WHERE id = ?", "info@müller.de", f.cust.ID).Error)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: f.now.Add(time.Hour)})
	const jörg = "mailto:j%C3%B6rg.wei%C3%9F@xn--bckerei-mller-bfb28a.de"

	p, _ := f.invite(t, c.ID, Exporter{})
	a, b := p.ev(t, c.UID)
	org, _ := raw(t, a, b, ical.PropOrganizer)
	assert.Equal(t, jörg, org, "local part percent-encoded (RFC 6068), domain as IDNA A-labels")
	assert.Equal(t, []string{jörg}, attendees(t, a, b))

	fp, n := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now)
	require.Equal(t, 1, n)
	fa, fb := fp.ev(t, c.UID)
	org, _ = raw(t, fa, fb, ical.PropOrganizer)
	assert.Equal(t, jörg, org, "every event of a PUBLISH has its ORGANIZER")

	var buf bytes.Buffer
	_, err := Exporter{}.CustomerInvite(&buf, f.s, c.ID, f.now)
	require.NoError(t, err)
	cp := parse(t, buf.Bytes())
	ca, cb := cp.ev(t, CustomerUID(c.UID))
	assert.Equal(t, []string{"mailto:info@xn--mller-kva.de"}, attendees(t, ca, cb))
	for _, line := range strings.Split(unfold(cp.raw+p.raw+fp.raw), "\r\n") {
		if strings.HasPrefix(line, "ORGANIZER") || strings.HasPrefix(line, "ATTENDEE") {
			v := line[strings.LastIndex(line, ":mailto:")+1:]
			assert.Regexp(t, `^mailto:[A-Za-z0-9%._~!$'*+=-]+@[a-z0-9.-]+$`, v, "an ASCII URI")
		}
	}
}

func TestInviteNeedsAValidOwnerAddress(t *testing.T) {
	f := newFx(t)
	require.NoError(t, f.s.DB().Exec("UPDATE users SET email = ? WHERE id = ?", "anna at example", f.anna.ID).Error)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: f.now.Add(time.Hour)})
	var buf bytes.Buffer
	err := Invite(&buf, f.s, c.ID, f.now)
	assert.ErrorContains(t, err, "anna at example")
	assert.Zero(t, buf.Len())
	// A feed event without ORGANIZER breaks RFC 5546 (libical refuses it):
	// the feed is refused too, and says why.
	buf.Reset()
	_, err = Exporter{}.Feed(&buf, f.s, FeedFilter{OwnerID: f.anna.ID}, f.now)
	assert.ErrorContains(t, err, "anna at example")
	assert.Zero(t, buf.Len(), "nothing written")
}

func TestMailtoAndTel(t *testing.T) {
	for in, want := range map[string]string{
		"anna@example.de":       "mailto:anna@example.de",
		" o'brien+x@a-b.co.uk ": "mailto:o'brien+x@a-b.co.uk",
		"":                      "",
		"a b@example.de":        "",
		"a@example.de\n":        "mailto:a@example.de",
		"a@example.de\nb":       "",
		"a@-example.de":         "",
		"a%40b@example.de":      "",
		"a/b@example.de":        "",
	} {
		assert.Equal(t, want, mailto(in), "%q", in)
	}
	for in, want := range map[string]string{
		"anna@example.de":        "mailto:anna@example.de",
		"info@müller.de":         "mailto:info@xn--mller-kva.de",
		"INFO@MÜLLER.DE":         "mailto:INFO@xn--mller-kva.de",
		"jörg@example.de":        "mailto:j%C3%B6rg@example.de",
		"a?subject=x@mueller.de": "mailto:a%3Fsubject=x@mueller.de",
		"a%40b@example.de":       "mailto:a%2540b@example.de",
		"a/b@example.de":         "mailto:a%2Fb@example.de",
		"a b@example.de":         "",
		"info@mueller.de\nx":     "",
		"Info <info@mueller.de>": "",
		"x@y@z.de":               "",
		"info@localhost":         "",
		"":                       "",
	} {
		assert.Equal(t, want, calAddress(in), "%q", in)
	}
	for in, want := range map[string]string{
		"+49 421 777-12":   "tel:+4942177712",
		"(0421) 777 12":    "tel:042177712",
		"0421/55.66":       "tel:04215566",
		"12":               "",
		"":                 "",
		"0421 777 ext. 12": "",
		"+49 421\n777":     "",
		"49+421":           "",
	} {
		assert.Equal(t, want, telURI(in), "%q", in)
	}
}

func TestCleanText(t *testing.T) {
	assert.Equal(t, "a\nb\nc\nd", cleanText("a\r\nb\rc\nd"))
	assert.Equal(t, "tab\tstays", cleanText("tab\tstays"))
	assert.Equal(t, "bell", cleanText("be\x07ll\x00\x7f"))
	assert.Equal(t, "bad\uFFFDbyte", cleanText("bad\xffbyte"))
	assert.Equal(t, "; , \\ 😀", cleanText("; , \\ 😀"))
	assert.Equal(t, "a 'b' c", cleanParam(" a\r\n\"b\"\t c "))
}

func TestFolderFoldsAt75OctetsOnCharacterBoundaries(t *testing.T) {
	// Every offset of 2-, 3- and 4-byte characters against the fold.
	for _, ch := range []string{"ä", "€", "😀", "a"} {
		for pad := 0; pad < 4; pad++ {
			line := "SUMMARY:" + strings.Repeat("x", pad) + strings.Repeat(ch, 120)
			var buf bytes.Buffer
			fw := newFolder(&buf)
			// Written in odd chunks: the folder must not care how it is fed.
			in := []byte(line + "\r\nEND:VCALENDAR\r\n")
			for len(in) > 0 {
				n := 7
				if n > len(in) {
					n = len(in)
				}
				_, err := fw.Write(in[:n])
				require.NoError(t, err)
				in = in[n:]
			}
			require.NoError(t, fw.Close())
			out := buf.String()
			require.True(t, strings.HasSuffix(out, "\r\nEND:VCALENDAR\r\n"))
			for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
				assert.LessOrEqual(t, len(l), 75, "%q", l)
				assert.True(t, utf8.ValidString(l), "%q", l)
			}
			unfolded := strings.ReplaceAll(out, "\r\n ", "")
			assert.Equal(t, line+"\r\nEND:VCALENDAR\r\n", unfolded, "folding loses nothing")
		}
	}
	// Exactly 75 octets is not folded; 76 is.
	var buf bytes.Buffer
	fw := newFolder(&buf)
	_, err := fw.Write([]byte(strings.Repeat("a", 75) + "\r\n" + strings.Repeat("b", 76) + "\r\n"))
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("a", 75)+"\r\n"+strings.Repeat("b", 75)+"\r\n b\r\n", buf.String())
}

func TestDuration(t *testing.T) {
	assert.Equal(t, "-PT15M", duration(-15*time.Minute))
	assert.Equal(t, "PT9H", duration(9*time.Hour))
	assert.Equal(t, "-PT8H30M", duration(-(8*time.Hour + 30*time.Minute)))
	assert.Equal(t, "PT0S", duration(0))
}
