package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zusage/zusage/data"
)

// unescaped is the whole file as a reader sees the text: unfolded, with
// the TEXT escapes undone, so that a search finds what a client shows.
func unescaped(raw string) string {
	s := unfold(raw)
	return strings.NewReplacer(`\n`, "\n", `\N`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

func TestCustomerInviteCarriesNoneOfTheInternalFields(t *testing.T) {
	f := newFx(t)
	cu, err := f.s.AddCustomer(data.NewCustomer{Name: "Frau Jansen", Company: "Jansen Haustechnik", Email: "jansen@haustechnik.de",
		Phone: "+49 40 555 0101", Address: "Hafenstraße 7, Hamburg", Notes: "INTERN-KUNDENNOTIZ zahlt spät", OwnerID: f.anna.ID})
	require.NoError(t, err)
	_, err = f.s.LogContact(data.NewContact{CustomerID: cu.ID, UserID: f.anna.ID, At: f.now.Add(-time.Hour), Channel: "phone",
		Direction: data.DirIn, Summary: "INTERN-KONTAKT verärgert über Lieferzeit", Notes: "INTERN-KONTAKTNOTIZ droht mit Wechsel"})
	require.NoError(t, err)
	c, err := f.s.Promise(data.NewCommitment{CustomerID: cu.ID, ByID: f.anna.ID, Kind: data.KindCallback, Title: "Liefertermin Pumpe",
		Details: "INTERN-DETAILS Lager fragen, ob Charge 12 frei ist",
		Due:     data.Due{At: time.Date(2026, 11, 27, 10, 0, 0, 0, berlin)}, Estimate: data.Due{At: time.Date(2026, 11, 28, 10, 0, 0, 0, berlin)}})
	require.NoError(t, err)
	_, err = f.s.Reschedule(c.ID, 0, f.anna.ID, data.Due{At: time.Date(2026, 11, 27, 14, 0, 0, 0, berlin)}, "INTERN-GRUND Wettbewerber war schneller", data.ToldCustomer)
	require.NoError(t, err)

	// The salesperson's own invite keeps the internal text, addressed to
	// the salesperson alone.
	own, _ := f.invite(t, c.ID, Exporter{})
	oa, ob := own.ev(t, c.UID)
	assert.Contains(t, unescaped(own.raw), "INTERN-DETAILS")
	assert.Contains(t, unescaped(own.raw), "INTERN-GRUND Wettbewerber war schneller", data.ToldCustomer)
	assert.Contains(t, unescaped(own.raw), "INTERN-KONTAKT")
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, oa, ob), "never the customer")
	assert.NotContains(t, own.raw, "jansen@haustechnik.de\r\n")

	var buf bytes.Buffer
	method, err := Exporter{}.CustomerInvite(&buf, f.s, c.ID, f.now)
	require.NoError(t, err)
	assert.Equal(t, MethodRequest, method)
	p := parse(t, buf.Bytes())
	assert.Equal(t, "REQUEST", p.method(t))
	require.Equal(t, []string{CustomerUID(c.UID)}, p.uids(t), "a UID of its own, not the salesperson's event")
	a, b := p.ev(t, CustomerUID(c.UID))
	all := unescaped(p.raw)
	for _, internal := range []string{"INTERN", "Wettbewerber", "Lager", "Charge", "verärgert", "droht", "zahlt spät",
		"20261128", "Verschoben", "Letzter Kontakt", "+49 40 555 0101", "Hafenstraße"} {
		assert.NotContains(t, all, internal, "the customer invite carries no internal text")
	}
	assert.Equal(t, "Rückruf: Liefertermin Pumpe (Anna Berg)", text(t, a, b, ical.PropSummary))
	assert.Equal(t, "Zuständig: Anna Berg\nDurchwahl: +49 30 1234-56\nE-Mail: anna@example.de", text(t, a, b, ical.PropDescription),
		"who is responsible, with direct line and e-mail (lesson 1)")
	org, _ := raw(t, a, b, ical.PropOrganizer)
	assert.Equal(t, "mailto:anna@example.de", org)
	assert.Equal(t, []string{"mailto:jansen@haustechnik.de"}, attendees(t, a, b))
	assert.Equal(t, "Frau Jansen (Jansen Haustechnik)", param(t, a, b, ical.PropAttendee, "CN"))
	assert.Equal(t, "NEEDS-ACTION", param(t, a, b, ical.PropAttendee, "PARTSTAT"))
	assert.Equal(t, "1", a.Props.Get(ical.PropSequence).Value)
	start, _ := raw(t, a, b, ical.PropDateTimeStart)
	assert.Equal(t, "20261127T130000Z", start, "the time the customer was promised")
	assert.Empty(t, alarms(t, a, b), "reminders are the customer's own business")
	assert.Nil(t, a.Props.Get(ical.PropLocation))
	assert.Nil(t, a.Props.Get(ical.PropURL))

	// English words on request.
	buf.Reset()
	_, err = Exporter{Lang: "en"}.CustomerInvite(&buf, f.s, c.ID, f.now)
	require.NoError(t, err)
	ea, eb := parse(t, buf.Bytes()).ev(t, CustomerUID(c.UID))
	assert.Equal(t, "Callback: Liefertermin Pumpe (Anna Berg)", text(t, ea, eb, ical.PropSummary))
	assert.Equal(t, "Your contact: Anna Berg\nDirect line: +49 30 1234-56\nE-mail: anna@example.de", text(t, ea, eb, ical.PropDescription))

	// Cancelled: the customer's copy is cancelled, still without the reason.
	_, err = f.s.Cancel(c.ID, 0, f.anna.ID, "INTERN-ABSAGEGRUND Kunde zahlt nicht")
	require.NoError(t, err)
	buf.Reset()
	method, err = Exporter{}.CustomerInvite(&buf, f.s, c.ID, f.now)
	require.NoError(t, err)
	assert.Equal(t, MethodCancel, method)
	cp := parse(t, buf.Bytes())
	ca, cb := cp.ev(t, CustomerUID(c.UID))
	assert.Equal(t, "CANCELLED", text(t, ca, cb, ical.PropStatus))
	assert.Equal(t, "2", ca.Props.Get(ical.PropSequence).Value)
	assert.NotContains(t, unescaped(cp.raw), "INTERN")
	assert.NotContains(t, unescaped(cp.raw), "zahlt nicht")
}

func TestCustomerInviteRefusesAKeptPromise(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: f.now.Add(2 * time.Hour)})
	_, err := f.s.Complete(c.ID, 0, f.anna.ID, "")
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = Exporter{}.CustomerInvite(&buf, f.s, c.ID, f.now)
	var ve *data.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "commitment", ve.Field)
	assert.Zero(t, buf.Len())
}

func TestReassignGivesThePreviousOwnerACancellation(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)})
	annas, _ := f.invite(t, c.ID, Exporter{})
	aa, _ := annas.ev(t, c.UID)
	feed, n := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now)
	require.Equal(t, 1, n)
	require.Contains(t, feed.raw, c.UID)

	var buf bytes.Buffer
	err := Exporter{}.PreviousOwnerCancel(&buf, f.s, c.ID, f.now)
	var ve *data.ValidationError
	require.ErrorAs(t, err, &ve, "never handed over: nothing to cancel")

	f.now = f.now.Add(time.Hour)
	_, err = f.s.Reassign(c.ID, 0, f.anna.ID, f.ben.ID, "Anna ist im Urlaub")
	require.NoError(t, err)

	// By feed at once.
	feed, n = f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now)
	assert.Zero(t, n)
	assert.NotContains(t, feed.raw, c.UID, "gone from Anna's feed")
	feed, _ = f.feed(t, FeedFilter{OwnerID: f.ben.ID}, f.now)
	assert.Contains(t, feed.raw, c.UID, "in Ben's feed")

	// For Anna's imported invite: a cancellation with the same UID and a
	// higher SEQUENCE, organised by and addressed to Anna as her copy was.
	buf.Reset()
	require.NoError(t, Exporter{}.PreviousOwnerCancel(&buf, f.s, c.ID, f.now))
	p := parse(t, buf.Bytes())
	assert.Equal(t, "CANCEL", p.method(t))
	require.Equal(t, []string{c.UID}, p.uids(t))
	a, b := p.ev(t, c.UID)
	assert.Equal(t, "0", aa.Props.Get(ical.PropSequence).Value)
	assert.Equal(t, "1", a.Props.Get(ical.PropSequence).Value, "higher than Anna's copy")
	assert.Equal(t, "CANCELLED", text(t, a, b, ical.PropStatus))
	org, _ := raw(t, a, b, ical.PropOrganizer)
	assert.Equal(t, "mailto:anna@example.de", org)
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b))
	assert.Equal(t, "Übergeben an Ben Krüger: Rückruf: Müller GmbH — Preisfrage", text(t, a, b, ical.PropSummary))
	assert.Empty(t, alarms(t, a, b))

	// Ben's own invite is a REQUEST with the same UID, to Ben.
	bens, method := f.invite(t, c.ID, Exporter{})
	assert.Equal(t, MethodRequest, method)
	ba, bb := bens.ev(t, c.UID)
	assert.Equal(t, []string{"mailto:ben@example.de"}, attendees(t, ba, bb))

	// Back to Anna: her calendar should keep it, Ben's loses it.
	_, err = f.s.Reassign(c.ID, 0, f.ben.ID, f.anna.ID, "zurück")
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, Exporter{}.PreviousOwnerCancel(&buf, f.s, c.ID, f.now))
	p = parse(t, buf.Bytes())
	a, b = p.ev(t, c.UID)
	assert.Equal(t, []string{"mailto:ben@example.de"}, attendees(t, a, b))
	assert.Equal(t, "2", a.Props.Get(ical.PropSequence).Value)
}

func TestNoDateACalendarCannotWrite(t *testing.T) {
	f := newFx(t)
	ok := f.promise(t, data.KindCallback, "Normal", data.Due{At: f.now.Add(2 * time.Hour)})
	timed := f.promise(t, data.KindCallback, "Jahr 9999", data.Due{At: f.now.Add(3 * time.Hour)})
	day := f.promise(t, data.KindDelivery, "Silvester 9999", data.DayDue(2026, 12, 1, berlin))
	// Rows already in a file, from before dates were limited at entry.
	last := time.Date(9999, 12, 31, 23, 50, 0, 0, time.UTC)
	require.NoError(t, f.s.DB().Exec("UPDATE commitments SET due_at = ? WHERE id = ?", last.Unix(), timed.ID).Error)
	require.NoError(t, f.s.DB().Exec("UPDATE commitments SET due_at = ?, due_date = ? WHERE id = ?",
		time.Date(9999, 12, 31, 23, 59, 59, 0, berlin).Unix(), "9999-12-31", day.ID).Error)

	for _, id := range []uint{timed.ID, day.ID} {
		var buf bytes.Buffer
		_, err := Exporter{}.Invite(&buf, f.s, id, f.now)
		var ve *data.ValidationError
		require.ErrorAs(t, err, &ve, "promise #%d", id)
		assert.Equal(t, "due", ve.Field)
		assert.Zero(t, buf.Len(), "nothing written")
	}
	far := FeedFilter{OwnerID: f.anna.ID, From: f.now.Add(-time.Hour), To: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}
	p, n := f.feed(t, far, f.now)
	assert.Equal(t, 1, n, "left out of the feed")
	assert.Equal(t, []string{ok.UID}, p.uids(t))
	assert.NotContains(t, p.raw, ":10000101")
	for _, line := range strings.Split(p.raw, "\r\n") {
		if strings.HasPrefix(line, "DT") {
			assert.Regexp(t, `^DT[A-Z]+(;VALUE=DATE)?:\d{8}(T\d{6}Z)?$`, line)
		}
	}
}
