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

func TestInviteForACallback(t *testing.T) {
	f := newFx(t)
	_, err := f.s.LogContact(data.NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, At: f.now.Add(-time.Hour),
		Channel: "phone", Direction: data.DirIn, Summary: "Fragt nach dem Preis der X200"})
	require.NoError(t, err)
	due := time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: due})

	p, method := f.invite(t, c.ID, Exporter{})
	assert.Equal(t, MethodRequest, method)
	assert.Equal(t, "REQUEST", p.method(t))
	assert.Contains(t, p.raw, "VERSION:2.0\r\n")
	assert.Contains(t, p.raw, "PRODID:-//Zusage//Zusage Calendar Export 1.0//DE\r\n")
	assert.NotContains(t, p.raw, "TZID", "times in UTC, no local zone names")
	assert.NotContains(t, p.raw, "VTIMEZONE")
	require.Equal(t, []string{c.UID}, p.uids(t))
	a, b := p.ev(t, c.UID)

	assert.Equal(t, "0", a.Props.Get(ical.PropSequence).Value)
	start, kind := raw(t, a, b, ical.PropDateTimeStart)
	assert.Equal(t, "20261126T090000Z", start, "10:00 in Berlin is 09:00 UTC")
	assert.Empty(t, kind)
	end, _ := raw(t, a, b, ical.PropDateTimeEnd)
	assert.Equal(t, "20261126T091500Z", end, "15 minutes")
	gs, err := b.GetStartAt()
	require.NoError(t, err)
	assert.True(t, gs.Equal(due))
	stamp, _ := raw(t, a, b, ical.PropDateTimeStamp)
	assert.Equal(t, "20261124T080000Z", stamp)
	mod, _ := raw(t, a, b, ical.PropLastModified)
	assert.Equal(t, "20261124T080000Z", mod)

	assert.Equal(t, "Rückruf: Müller GmbH — Preisfrage", text(t, a, b, ical.PropSummary))
	assert.Equal(t, "CONFIRMED", text(t, a, b, ical.PropStatus))
	assert.Equal(t, "OPAQUE", text(t, a, b, ical.PropTransparency))
	assert.Equal(t, "Rückruf", text(t, a, b, ical.PropCategories))
	assert.Equal(t, "+49 421 777-12", text(t, a, b, ical.PropLocation))
	u, _ := raw(t, a, b, ical.PropURL)
	assert.Equal(t, "tel:+4942177712", u)
	desc := text(t, a, b, ical.PropDescription)
	assert.Contains(t, lines(desc), "Telefon: +49 421 777-12")
	assert.Contains(t, lines(desc), "E-Mail: info@mueller.de")
	assert.Contains(t, lines(desc), "Letzter Kontakt (24.11.2026): Fragt nach dem Preis der X200")
	assert.Contains(t, lines(desc), "Zuständig: Anna Berg <anna@example.de>")

	org, _ := raw(t, a, b, ical.PropOrganizer)
	assert.Equal(t, "mailto:anna@example.de", org)
	assert.Equal(t, "Anna Berg", param(t, a, b, ical.PropOrganizer, "CN"))
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b), "the salesperson, never the customer: the event carries internal text")
	assert.Equal(t, "Anna Berg", param(t, a, b, ical.PropAttendee, "CN"))
	assert.Equal(t, "ACCEPTED", param(t, a, b, ical.PropAttendee, "PARTSTAT"))
	assert.NotContains(t, p.raw, "ATTENDEE;CN=Müller")
	assert.Equal(t, []string{"-PT15M"}, alarms(t, a, b), "15 minutes before a callback")
}

func TestInviteWithoutCustomerAddressNamesTheOwner(t *testing.T) {
	f := newFx(t)
	cu, err := f.s.AddCustomer(data.NewCustomer{Name: "Schulz", Company: "Schulz KG", Phone: "0421 55 66", OwnerID: f.anna.ID})
	require.NoError(t, err)
	c, err := f.s.Promise(data.NewCommitment{CustomerID: cu.ID, ByID: f.anna.ID, Kind: data.KindVisit, Title: "Aufmaß",
		Due: data.Due{At: time.Date(2026, 11, 27, 14, 0, 0, 0, berlin)}})
	require.NoError(t, err)
	p, _ := f.invite(t, c.ID, Exporter{})
	a, b := p.ev(t, c.UID)
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b))
	assert.Equal(t, "Anna Berg", param(t, a, b, ical.PropAttendee, "CN"))
	assert.Equal(t, "Besuch: Schulz (Schulz KG) — Aufmaß", text(t, a, b, ical.PropSummary))
	assert.Equal(t, []string{"-PT15M"}, alarms(t, a, b))
}

func TestRescheduleKeepsUIDAndRaisesSequence(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)})
	before, _ := f.invite(t, c.ID, Exporter{})
	ab, _ := before.ev(t, c.UID)

	f.now = f.now.Add(2 * time.Hour)
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, data.Due{At: time.Date(2026, 11, 27, 15, 30, 0, 0, berlin)}, "Kunde bat um Freitag", data.ToldCustomer)
	require.NoError(t, err)
	after, _ := f.invite(t, c.ID, Exporter{})
	require.Equal(t, []string{c.UID}, after.uids(t), "same UID: the client moves the event it has")
	a, b := after.ev(t, c.UID)
	assert.Equal(t, "0", ab.Props.Get(ical.PropSequence).Value)
	assert.Equal(t, "1", a.Props.Get(ical.PropSequence).Value, "higher SEQUENCE")
	seq := b.GetProperty("SEQUENCE")
	require.NotNil(t, seq)
	assert.Equal(t, "1", seq.Value)
	start, _ := raw(t, a, b, ical.PropDateTimeStart)
	assert.Equal(t, "20261127T143000Z", start)
	mod, _ := raw(t, a, b, ical.PropLastModified)
	assert.Equal(t, "20261124T100000Z", mod, "LAST-MODIFIED is the reschedule")
	assert.Contains(t, lines(text(t, a, b, ical.PropDescription)), "Verschoben, weil: Kunde bat um Freitag")
}

func TestCancelledPromiseExportsACancel(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)})
	_, err := f.s.Reschedule(c.ID, 0, f.anna.ID, data.Due{At: time.Date(2026, 11, 26, 11, 0, 0, 0, berlin)}, "später", data.ToldCustomer)
	require.NoError(t, err)
	last, _ := f.invite(t, c.ID, Exporter{})
	la, _ := last.ev(t, c.UID)
	_, err = f.s.Cancel(c.ID, 0, f.anna.ID, "Kunde hat selbst angerufen")
	require.NoError(t, err)

	p, method := f.invite(t, c.ID, Exporter{})
	assert.Equal(t, MethodCancel, method)
	assert.Equal(t, "CANCEL", p.method(t))
	a, b := p.ev(t, c.UID)
	assert.Equal(t, "CANCELLED", text(t, a, b, ical.PropStatus))
	assert.Equal(t, "1", la.Props.Get(ical.PropSequence).Value)
	assert.Equal(t, "2", a.Props.Get(ical.PropSequence).Value, "higher than the last invite")
	assert.Empty(t, alarms(t, a, b), "a CANCEL carries no VALARM")
	assert.NotContains(t, p.raw, "BEGIN:VALARM")
	org, _ := raw(t, a, b, ical.PropOrganizer)
	assert.Equal(t, "mailto:anna@example.de", org)
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b))
	assert.Equal(t, "Abgesagt: Rückruf: Müller GmbH — Preisfrage", text(t, a, b, ical.PropSummary))
	assert.Contains(t, lines(text(t, a, b, ical.PropDescription)), "Abgesagt, weil: Kunde hat selbst angerufen")
	start, _ := raw(t, a, b, ical.PropDateTimeStart)
	assert.Equal(t, "20261126T100000Z", start)
}

func TestKeptPromiseLeavesTheCalendarWithAHigherSequence(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindOffer, "Angebot X200", data.DayDue(2026, 12, 1, berlin))
	before, method := f.invite(t, c.ID, Exporter{})
	assert.Equal(t, MethodRequest, method)
	ba, _ := before.ev(t, c.UID)
	_, err := f.s.Complete(c.ID, 0, f.anna.ID, "verschickt")
	require.NoError(t, err)
	p, method := f.invite(t, c.ID, Exporter{})
	assert.Equal(t, MethodCancel, method, "a kept promise leaves the calendar")
	assert.Equal(t, "CANCEL", p.method(t))
	a, b := p.ev(t, c.UID)
	assert.Equal(t, "0", ba.Props.Get(ical.PropSequence).Value)
	assert.Equal(t, "1", a.Props.Get(ical.PropSequence).Value, "never the SEQUENCE of the last invite")
	assert.Equal(t, "CANCELLED", text(t, a, b, ical.PropStatus))
	assert.Equal(t, "Erledigt: Angebot: Müller GmbH — Angebot X200", text(t, a, b, ical.PropSummary))
	assert.Equal(t, []string{"mailto:anna@example.de"}, attendees(t, a, b))
	assert.Empty(t, alarms(t, a, b))

	// Neither in the feed: only open promises and recent cancellations.
	fp, n := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now)
	assert.Zero(t, n)
	assert.NotContains(t, fp.raw, c.UID)
}

func TestAllDayDeadline(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindDelivery, "Pumpe X200", data.DayDue(2026, 12, 31, berlin))
	p, _ := f.invite(t, c.ID, Exporter{})
	a, b := p.ev(t, c.UID)
	start, kind := raw(t, a, b, ical.PropDateTimeStart)
	assert.Equal(t, "20261231", start)
	assert.Equal(t, "DATE", kind)
	end, kind := raw(t, a, b, ical.PropDateTimeEnd)
	assert.Equal(t, "20270101", end, "DTEND is exclusive: the next day, across the year end")
	assert.Equal(t, "DATE", kind)
	gs, err := b.GetAllDayStartAt()
	require.NoError(t, err)
	assert.Equal(t, "2026-12-31", gs.Format("2006-01-02"))
	ea, err := (&ical.Event{Component: a}).DateTimeEnd(time.UTC)
	require.NoError(t, err)
	assert.Equal(t, "2027-01-01", ea.Format("2006-01-02"))
	assert.Equal(t, "TRANSPARENT", text(t, a, b, ical.PropTransparency), "a deadline does not block the day")
	assert.Equal(t, []string{"PT9H"}, alarms(t, a, b), "9:00 on the day")
	assert.Equal(t, "Lieferung: Müller GmbH — Pumpe X200", text(t, a, b, ical.PropSummary))
}

func TestTimedDeadlineIsAShortEventAtTheDueMoment(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindOffer, "Angebot", data.Due{At: time.Date(2026, 12, 1, 17, 0, 0, 0, berlin)})
	early := f.promise(t, data.KindAnswer, "Antwort", data.Due{At: time.Date(2026, 12, 2, 8, 0, 0, 0, berlin)})
	p, _ := f.invite(t, c.ID, Exporter{})
	a, b := p.ev(t, c.UID)
	start, kind := raw(t, a, b, ical.PropDateTimeStart)
	assert.Equal(t, "20261201T160000Z", start)
	assert.Empty(t, kind, "timed, not all-day")
	end, _ := raw(t, a, b, ical.PropDateTimeEnd)
	assert.Equal(t, "20261201T161500Z", end)
	assert.Equal(t, "TRANSPARENT", text(t, a, b, ical.PropTransparency))
	assert.Equal(t, []string{"-PT8H"}, alarms(t, a, b), "9:00 on the day of a 17:00 deadline")

	p, _ = f.invite(t, early.ID, Exporter{})
	a, b = p.ev(t, early.UID)
	assert.Equal(t, []string{"-PT15M"}, alarms(t, a, b), "due before 9:15: 15 minutes before")
}

func TestEnglishWordsAndLength(t *testing.T) {
	f := newFx(t)
	c := f.promise(t, data.KindCallback, "Price question", data.Due{At: time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)})
	p, _ := f.invite(t, c.ID, Exporter{Lang: "en", Length: 30 * time.Minute})
	assert.Contains(t, p.raw, "PRODID:-//Zusage//Zusage Calendar Export 1.0//EN\r\n")
	a, b := p.ev(t, c.UID)
	assert.Equal(t, "Callback: Müller GmbH — Price question", text(t, a, b, ical.PropSummary))
	assert.Equal(t, "Callback", text(t, a, b, ical.PropCategories))
	assert.Contains(t, lines(text(t, a, b, ical.PropDescription)), "Phone: +49 421 777-12")
	end, _ := raw(t, a, b, ical.PropDateTimeEnd)
	assert.Equal(t, "20261126T093000Z", end)

	_, err := Exporter{Lang: "fr"}.Invite(&bytes.Buffer{}, f.s, c.ID, f.now)
	assert.ErrorContains(t, err, "fr")
}

func TestInviteRefusesUnknownAndStandingPromises(t *testing.T) {
	f := newFx(t)
	var buf bytes.Buffer
	err := Invite(&buf, f.s, 99, f.now)
	assert.ErrorIs(t, err, data.ErrNotFound)
	st, err := f.s.Promise(data.NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: data.KindStanding, Title: "Zahlung auf Rechnung"})
	require.NoError(t, err)
	err = Invite(&buf, f.s, st.ID, f.now)
	assert.ErrorContains(t, err, "standing")
	assert.Zero(t, buf.Len(), "nothing written")
}

func TestFeedIsAPublishOfOpenPromisesInRange(t *testing.T) {
	f := newFx(t)
	benCust, err := f.s.AddCustomer(data.NewCustomer{Name: "Schulz KG", OwnerID: f.ben.ID})
	require.NoError(t, err)
	cb := f.promise(t, data.KindCallback, "Preisfrage", data.Due{At: time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)})
	dl := f.promise(t, data.KindDelivery, "Pumpe", data.DayDue(2026, 12, 4, berlin))
	far := f.promise(t, data.KindOffer, "Rahmenvertrag", data.DayDue(2028, 1, 10, berlin))
	past := f.promise(t, data.KindAnswer, "Rückfrage", data.Due{At: time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)})
	done := f.promise(t, data.KindDocument, "Datenblatt", data.DayDue(2026, 12, 2, berlin))
	_, err = f.s.Complete(done.ID, 0, f.anna.ID, "")
	require.NoError(t, err)
	bens, err := f.s.Promise(data.NewCommitment{CustomerID: benCust.ID, ByID: f.ben.ID, Kind: data.KindVisit, Title: "Besuch",
		Due: data.Due{At: time.Date(2026, 11, 30, 10, 0, 0, 0, berlin)}})
	require.NoError(t, err)

	p, n := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now)
	assert.Equal(t, "PUBLISH", p.method(t))
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{cb.UID, dl.UID}, p.uids(t), "one event per open promise of the owner from today for a year")
	assert.NotContains(t, p.raw, "ATTENDEE", "a PUBLISH has no attendees")
	assert.Contains(t, p.raw, "X-WR-CALNAME:Zusagen – Anna Berg\r\n")
	assert.Contains(t, p.raw, "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n")
	assert.Contains(t, p.raw, "X-PUBLISHED-TTL:PT1H\r\n")
	for _, uid := range []string{cb.UID, dl.UID} {
		a, b := p.ev(t, uid)
		org, _ := raw(t, a, b, ical.PropOrganizer)
		assert.Equal(t, "mailto:anna@example.de", org)
		assert.Len(t, alarms(t, a, b), 1)
	}
	a, b := p.ev(t, cb.UID)
	assert.Equal(t, []string{"-PT15M"}, alarms(t, a, b))
	a, b = p.ev(t, dl.UID)
	assert.Equal(t, []string{"PT9H"}, alarms(t, a, b))

	p, n = f.feed(t, FeedFilter{OwnerID: f.anna.ID, From: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), To: time.Date(2029, 1, 1, 0, 0, 0, 0, berlin)}, f.now)
	assert.Equal(t, 4, n)
	assert.Equal(t, []string{past.UID, cb.UID, dl.UID, far.UID}, p.uids(t), "a wider range, by due date; never the done one")

	p, _ = f.feed(t, FeedFilter{}, f.now)
	assert.Equal(t, []string{cb.UID, bens.UID, dl.UID}, p.uids(t), "every owner")
	assert.Contains(t, p.raw, "X-WR-CALNAME:Zusagen\r\n")

	_, err = Exporter{}.Feed(&bytes.Buffer{}, f.s, FeedFilter{From: f.now, To: f.now.Add(-time.Hour)}, f.now)
	var ve *data.ValidationError
	assert.ErrorAs(t, err, &ve)
	_, err = Exporter{}.Feed(&bytes.Buffer{}, f.s, FeedFilter{OwnerID: 77}, f.now)
	assert.ErrorIs(t, err, data.ErrNotFound)
}

func TestFeedKeepsCancelledFor30DaysThenDropsIt(t *testing.T) {
	f := newFx(t)
	keep := f.promise(t, data.KindCallback, "Bleibt", data.Due{At: time.Date(2027, 1, 20, 10, 0, 0, 0, berlin)})
	gone := f.promise(t, data.KindCallback, "Fällt aus", data.Due{At: time.Date(2027, 1, 10, 10, 0, 0, 0, berlin)})
	_, err := f.s.Cancel(gone.ID, 0, f.anna.ID, "Kunde sagt ab")
	require.NoError(t, err)

	for _, days := range []int{0, 29} {
		now := f.now.AddDate(0, 0, days)
		p, n := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, now)
		assert.Equal(t, 2, n)
		require.Equal(t, []string{gone.UID, keep.UID}, p.uids(t), "day %d", days)
		a, b := p.ev(t, gone.UID)
		assert.Equal(t, "CANCELLED", text(t, a, b, ical.PropStatus))
		assert.Equal(t, "1", a.Props.Get(ical.PropSequence).Value)
		assert.Empty(t, alarms(t, a, b), "a cancelled event rings nobody")
		a, b = p.ev(t, keep.UID)
		assert.Equal(t, "CONFIRMED", text(t, a, b, ical.PropStatus))
		assert.Len(t, alarms(t, a, b), 1)
	}
	p, n := f.feed(t, FeedFilter{OwnerID: f.anna.ID}, f.now.AddDate(0, 0, 31))
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{keep.UID}, p.uids(t), "after 30 days the cancellation is gone")
}

func TestEmptyFeedIsAValidCalendar(t *testing.T) {
	f := newFx(t)
	p, n := f.feed(t, FeedFilter{OwnerID: f.ben.ID}, f.now)
	assert.Zero(t, n)
	assert.Empty(t, p.uids(t))
	assert.Equal(t, "PUBLISH", p.method(t))
	assert.True(t, strings.HasPrefix(p.raw, "BEGIN:VCALENDAR\r\n"))
	assert.NotContains(t, p.raw, "placeholder")
	assert.NotContains(t, p.raw, "VEVENT")
	assert.Contains(t, p.raw, "PRODID:")
}
