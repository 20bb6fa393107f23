// Package ics exports promises as RFC 5545 iCalendar files, so that a
// promised callback sits in Outlook, Apple Calendar, Thunderbird or Google
// Calendar at the right time, moves when it is rescheduled and goes away when
// it is cancelled (lesson 3).
//
// These files are written:
//   - the salesperson's own invite for one promise: METHOD:REQUEST (RFC
//     5546 §3.2.2) with the owner as ORGANIZER and as the only ATTENDEE,
//     never the customer: it carries internal text (the last contact, why
//     the promise moved), which must not reach the customer through a
//     client's "send the update to attendees";
//   - the customer invite: METHOD:REQUEST to the customer with only what
//     the customer may read (the title, the owner's full name, direct line
//     and e-mail), under a UID of its own (CustomerUID);
//   - a cancellation: METHOD:CANCEL, STATUS:CANCELLED, no alarm (§3.2.5),
//     with the SEQUENCE the Store raised — for a cancelled promise ("Abgesagt"),
//     a kept one ("Erledigt": a kept promise leaves the calendar), and for the
//     previous owner of a handed-over promise ("Übergeben an …");
//   - a feed of promises: METHOD:PUBLISH (§3.2.1) with the owner as ORGANIZER
//     of every event and no ATTENDEE; open promises due in a range plus
//     those cancelled in the last 30 days as STATUS:CANCELLED, so that
//     calendars that imported them drop them. A promise that was handed
//     over or kept is simply no longer in its previous owner's feed.
//
// Every event carries the promise's stable UID and its SEQUENCE, DTSTAMP,
// LAST-MODIFIED and all times in UTC; no date past the year 9999, which
// iCalendar cannot write (such a promise is left out of a feed and refused
// as an invite). Callbacks and visits are timed events
// (15 minutes by default) with an alarm 15 minutes before. Deadlines with a
// date only are all-day events (VALUE=DATE, DTEND the next day, exclusive)
// with an alarm at 9:00 on the day; Outlook and Google ignore VTODO, so
// deadlines are VEVENTs too. A deadline with a time that is neither callback
// nor visit is a short event starting at the due moment, shown as free time,
// with an alarm at 9:00 on that day (15 minutes before when it is due before
// 9:15).
//
// SUMMARY reads "Rückruf: Müller GmbH — Preisfrage": the kind in German by
// default, in English with Exporter{Lang: "en"}. Nothing a user typed can leave
// its property: text is escaped by go-ical after CR and CRLF became LF, names
// in parameters are sanitised, only validated addresses become mailto:
// (internationalised ones per RFC 6068), and lines are folded at 75 octets
// without splitting a UTF-8 character.
package ics

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/zusage/zusage/data"
)

// Methods of the iCalendar objects this package writes (RFC 5546).
const (
	MethodRequest = "REQUEST"
	MethodPublish = "PUBLISH"
	MethodCancel  = "CANCEL"
)

// DefaultLength is how long a timed event lasts unless Exporter.Length says
// otherwise.
const DefaultLength = 15 * time.Minute

// CancelledKeep is how long a cancelled promise stays in a feed, marked
// STATUS:CANCELLED, so that clients that only import see it go.
const CancelledKeep = 30 * 24 * time.Hour

// prodID names this exporter in PRODID; the last part is the text language.
const prodID = "-//Zusage//Zusage Calendar Export 1.0//"

// Exporter writes calendar files in one language with one event length.
// The zero Exporter writes German with 15-minute events.
type Exporter struct {
	// Lang is "de" (the default when empty) or "en": the words for kinds and
	// labels in SUMMARY, DESCRIPTION and CATEGORIES.
	Lang string
	// Length of a timed event; DefaultLength when zero.
	Length time.Duration
}

// Languages lists the values Exporter.Lang accepts.
var Languages = []string{"de", "en"}

// FeedFilter selects the promises of a feed.
type FeedFilter struct {
	// OwnerID limits the feed to one salesperson; 0 means everybody.
	OwnerID uint
	// From and To bound the due moment: From <= due < To. A zero From means
	// the start of today (in the Store's time zone), a zero To one year
	// after From.
	From, To time.Time
}

// Invite writes the salesperson's own invite for one promise in German:
// METHOD:REQUEST for an open promise, METHOD:CANCEL for a cancelled or kept
// one.
func Invite(w io.Writer, s *data.Store, commitmentID uint, now time.Time) error {
	_, err := Exporter{}.Invite(w, s, commitmentID, now)
	return err
}

// Feed writes the METHOD:PUBLISH feed of promises selected by f in German.
func Feed(w io.Writer, s *data.Store, f FeedFilter, now time.Time) error {
	_, err := Exporter{}.Feed(w, s, f, now)
	return err
}

// WriteFeeds writes one German feed "<email>.ics" per active salesperson
// into dir (see FeedFileName), each replaced atomically.
func WriteFeeds(dir string, s *data.Store, now time.Time) error {
	return Exporter{}.WriteFeeds(dir, s, now)
}

func (e Exporter) words() (words, string, error) {
	l := e.Lang
	if l == "" {
		l = "de"
	}
	w, ok := lang[l]
	if !ok {
		return words{}, "", fmt.Errorf("calendar language %q is not supported (one of %s)", e.Lang, strings.Join(Languages, ", "))
	}
	return w, l, nil
}

func (e Exporter) length() time.Duration {
	if e.Length > 0 {
		return e.Length
	}
	return DefaultLength
}

// person is someone an event names as ORGANIZER or ATTENDEE.
type person struct{ name, email string }

// audience is whom an event is written for, and so which text it may carry.
type audience int

const (
	// forTeam: the salesperson's own calendar; all internal text (last
	// contact, reasons) is what makes the event useful there.
	forTeam audience = iota
	// forCustomer: the customer's calendar; only what the customer may read.
	forCustomer
)

// spec says how one promise becomes an event.
type spec struct {
	method    string
	audience  audience
	organizer person
	// attendee is required in REQUEST and CANCEL, absent in PUBLISH.
	attendee *person
	// uid overrides the promise's UID (the customer's copy has its own).
	uid string
	// withdrawn: the event leaves the calendar (STATUS:CANCELLED, no alarm).
	withdrawn bool
	// prefix goes before the SUMMARY ("Abgesagt: ", "Erledigt: ").
	prefix string
}

// item loads a promise that can become an event.
func item(s *data.Store, id uint) (data.CalendarItem, error) {
	it, err := s.CalendarItem(id)
	if err != nil {
		return it, fmt.Errorf("promise #%d: %w", id, err)
	}
	if it.DueAt.IsZero() {
		// A standing promise has no date to put in a calendar.
		return it, &data.ValidationError{Field: "kind", Code: data.CodeNotAllowed, ID: id, Value: it.Kind}
	}
	return it, nil
}

// Invite writes the salesperson's own invite for one promise and returns
// the METHOD it wrote. The owner is ORGANIZER and the only ATTENDEE — never
// the customer, because the event carries internal text (the last contact,
// why the promise moved), and a client that offers to "send the update to
// attendees" must find nobody outside the team. An open promise is a
// MethodRequest; a cancelled one a MethodCancel titled "Abgesagt"; a kept
// one leaves the calendar too, as a MethodCancel titled "Erledigt" (the
// Store raised its SEQUENCE when it was kept), so that no alarm rings for
// a promise already done.
func (e Exporter) Invite(w io.Writer, s *data.Store, commitmentID uint, now time.Time) (string, error) {
	wd, l, err := e.words()
	if err != nil {
		return "", err
	}
	it, err := item(s, commitmentID)
	if err != nil {
		return "", err
	}
	owner := person{it.OwnerName, it.OwnerEmail}
	sp := spec{method: MethodRequest, audience: forTeam, organizer: owner, attendee: &owner}
	switch it.Status {
	case data.StatusCancelled:
		sp.method, sp.withdrawn, sp.prefix = MethodCancel, true, wd.cancelled+": "
	case data.StatusDone:
		sp.method, sp.withdrawn, sp.prefix = MethodCancel, true, wd.done+": "
	}
	return sp.method, e.writeOne(w, it, sp, now, s.Loc, wd, l)
}

// CustomerInvite writes the invite for the customer's own calendar ("we
// will call you on Friday at 10:00") and returns its METHOD. It carries
// only what the customer may read: the title of the promise and the full
// name, direct line and e-mail of the salesperson responsible (lesson 1) —
// no details, no contact notes, no reasons, no estimate. The owner is
// ORGANIZER, the customer the ATTENDEE, so the customer needs a valid
// e-mail address. Its UID is derived from the promise's, so that an
// updated customer invite moves the customer's event, and it never
// collides with the salesperson's own copy. An open promise is a
// MethodRequest, a cancelled one a MethodCancel; a kept promise has nothing
// left to tell the customer in a calendar.
func (e Exporter) CustomerInvite(w io.Writer, s *data.Store, commitmentID uint, now time.Time) (string, error) {
	wd, l, err := e.words()
	if err != nil {
		return "", err
	}
	it, err := item(s, commitmentID)
	if err != nil {
		return "", err
	}
	if it.Status == data.StatusDone {
		// Kept: nothing left to put in the customer's calendar.
		return "", &data.ValidationError{Field: "commitment", Code: data.CodeNotOpen, ID: commitmentID, Value: it.Status}
	}
	if calAddress(it.CustomerEmail) == "" {
		return "", &data.ValidationError{Field: "customer", Code: data.CodeNoEmail, ID: it.CustomerID, Value: it.CustomerEmail}
	}
	cust := person{customerLabel(it), it.CustomerEmail}
	sp := spec{method: MethodRequest, audience: forCustomer, organizer: person{it.OwnerName, it.OwnerEmail}, attendee: &cust,
		uid: CustomerUID(it.UID)}
	if it.Status == data.StatusCancelled {
		sp.method, sp.withdrawn, sp.prefix = MethodCancel, true, wd.cancelled+": "
	}
	return sp.method, e.writeOne(w, it, sp, now, s.Loc, wd, l)
}

// CustomerUID is the UID of the customer's copy of a promise's event.
func CustomerUID(uid string) string { return "customer-" + uid }

// PreviousOwnerCancel writes the cancellation that removes a handed-over
// promise from the calendar of the salesperson who had it before (lesson
// 3): METHOD:CANCEL with the promise's UID and the SEQUENCE the handover
// raised, that salesperson as ORGANIZER and ATTENDEE (as in the invite they
// imported), titled "Übergeben an <new owner>". A feed drops the promise by
// itself; this is for an invite imported as a file.
func (e Exporter) PreviousOwnerCancel(w io.Writer, s *data.Store, commitmentID uint, now time.Time) error {
	wd, l, err := e.words()
	if err != nil {
		return err
	}
	it, err := item(s, commitmentID)
	if err != nil {
		return err
	}
	prev, err := s.PreviousOwner(commitmentID)
	if err != nil {
		return err
	}
	p := person{prev.Name, prev.Email}
	sp := spec{method: MethodCancel, audience: forTeam, organizer: p, attendee: &p, withdrawn: true,
		prefix: wd.handedTo + " " + strings.TrimSpace(it.OwnerName) + ": "}
	return e.writeOne(w, it, sp, now, s.Loc, wd, l)
}

// writeOne writes a calendar of one event; nothing is written on error.
func (e Exporter) writeOne(w io.Writer, it data.CalendarItem, sp spec, now time.Time, loc *time.Location, wd words, l string) error {
	ev, err := e.event(it, sp, now, loc, wd)
	if err != nil {
		return err
	}
	cal := newCalendar(sp.method, l)
	cal.Children = append(cal.Children, ev)
	var buf bytes.Buffer
	if err := encode(&buf, cal, now); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Feed writes the METHOD:PUBLISH feed of the promises selected by f and
// returns the number of events in it: open promises due in the range, and
// promises cancelled in the last 30 days (CancelledKeep) as STATUS:CANCELLED.
// A promise whose event would end after the year 9999 (iCalendar has four
// digits for the year) is left out. The owner is the ORGANIZER of every
// event (RFC 5546 §3.2.1); there are no attendees.
func (e Exporter) Feed(w io.Writer, s *data.Store, f FeedFilter, now time.Time) (int, error) {
	wd, l, err := e.words()
	if err != nil {
		return 0, err
	}
	if f.From.IsZero() {
		y, m, d := now.In(s.Loc).Date()
		f.From = time.Date(y, m, d, 0, 0, 0, 0, s.Loc)
	}
	if f.To.IsZero() {
		f.To = f.From.AddDate(1, 0, 0)
	}
	if !f.To.After(f.From) {
		return 0, &data.ValidationError{Field: "to", Code: data.CodeBackwards}
	}
	name := wd.calName
	if f.OwnerID != 0 {
		u, err := s.User(f.OwnerID)
		if err != nil {
			return 0, fmt.Errorf("salesperson #%d: %w", f.OwnerID, err)
		}
		name += " – " + u.Name
	}
	items, err := s.CalendarItems(data.CalendarFilter{OwnerID: f.OwnerID, From: f.From, To: f.To, CancelledSince: now.Add(-CancelledKeep)})
	if err != nil {
		return 0, err
	}
	cal := newCalendar(MethodPublish, l)
	cal.Props.SetText(ical.PropName, cleanText(name))
	setX(cal.Props, "X-WR-CALNAME", cleanText(name))
	// Subscribed clients poll the file; once an hour keeps a moved callback
	// from staying at its old time for long. RFC 7986 wants VALUE=DURATION
	// spelled out, which go-ical drops as the default.
	setX(cal.Props, "X-PUBLISHED-TTL", "PT1H")
	ri := ical.NewProp(ical.PropRefreshInterval)
	ri.Params.Set(ical.ParamValue, string(ical.ValueDuration))
	ri.Value = "PT1H"
	cal.Props.Set(ri)
	for _, it := range items {
		if !e.writable(it) {
			continue
		}
		sp := spec{method: MethodPublish, audience: forTeam, organizer: person{it.OwnerName, it.OwnerEmail}}
		if it.Status == data.StatusCancelled {
			sp.withdrawn, sp.prefix = true, wd.cancelled+": "
		}
		ev, err := e.event(it, sp, now, s.Loc, wd)
		if err != nil {
			return 0, err
		}
		cal.Children = append(cal.Children, ev)
	}
	return len(cal.Children), encode(w, cal, now)
}

// setX sets an extension property as escaped text without the VALUE=TEXT
// that go-ical adds to names it does not know; Outlook and Apple read
// X-WR-CALNAME and X-PUBLISHED-TTL only in their plain form.
func setX(props ical.Props, name, text string) {
	p := ical.NewProp(name)
	p.SetText(text)
	p.Params.Del(ical.ParamValue)
	props.Set(p)
}

func newCalendar(method, l string) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, prodID+strings.ToUpper(l))
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, method)
	return cal
}

// encode writes cal folded at 75 octets with CRLF line ends.
func encode(w io.Writer, cal *ical.Calendar, now time.Time) error {
	fw := newFolder(w)
	if len(cal.Children) > 0 {
		if err := ical.NewEncoder(fw).Encode(cal); err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
		return fw.Close()
	}
	// go-ical refuses a calendar without components, but an empty feed must
	// still be written: it is how a subscribed calendar learns that the last
	// promise is gone. Encode with a placeholder event and leave it out.
	ph := ical.NewEvent()
	ph.Props.SetText(ical.PropUID, "placeholder")
	ph.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	cal.Children = []*ical.Component{ph.Component}
	defer func() { cal.Children = nil }()
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	b := buf.Bytes()
	begin := bytes.Index(b, []byte("BEGIN:VEVENT\r\n"))
	endTag := []byte("END:VEVENT\r\n")
	end := bytes.Index(b, endTag)
	if begin < 0 || end < begin {
		return errors.New("calendar: cannot write an empty calendar")
	}
	b = append(b[:begin:begin], b[end+len(endTag):]...)
	if _, err := fw.Write(b); err != nil {
		return err
	}
	return fw.Close()
}

// timed reports whether a promise of this kind is an appointment at a time
// (blocks the calendar) rather than a deadline.
func timed(kind string) bool { return kind == data.KindCallback || kind == data.KindVisit }

func customerLabel(it data.CalendarItem) string {
	name := strings.TrimSpace(it.Customer)
	if c := strings.TrimSpace(it.Company); c != "" && !strings.Contains(name, c) {
		name += " (" + c + ")"
	}
	return name
}

// lastYear is the last year iCalendar can write (four digits, RFC 5545
// §3.3.4).
const lastYear = 9999

// writableTime reports whether t can be written as an iCalendar date-time.
func writableTime(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1 && y <= lastYear
}

// end is when the event of a promise ends: the day after an all-day
// deadline (exclusive), or the start plus the event length.
func (e Exporter) span(it data.CalendarItem) (start, end time.Time, allDay bool, err error) {
	if it.DueDate != "" {
		day, err := time.Parse("2006-01-02", it.DueDate)
		if err != nil {
			return start, end, true, fmt.Errorf("promise #%d has an unreadable due date %q", it.ID, it.DueDate)
		}
		return day, day.AddDate(0, 0, 1), true, nil
	}
	start = it.DueAt.UTC()
	return start, start.Add(e.length()), false, nil
}

// writable reports whether the event of a promise has dates iCalendar can
// write: a deadline in the year 9999 would end in the year 10000.
func (e Exporter) writable(it data.CalendarItem) bool {
	start, end, _, err := e.span(it)
	return err == nil && writableTime(start) && writableTime(end)
}

// event builds the VEVENT of one promise as sp says.
func (e Exporter) event(it data.CalendarItem, sp spec, now time.Time, loc *time.Location, wd words) (*ical.Component, error) {
	if loc == nil {
		loc = time.UTC
	}
	start, end, allDay, err := e.span(it)
	if err != nil {
		return nil, err
	}
	if !writableTime(start) || !writableTime(end) {
		// Written before dates were limited at entry; a calendar cannot hold it.
		if start.UTC().Year() < 1 {
			return nil, &data.ValidationError{Field: "due", Code: data.CodeTooEarly, ID: it.ID, Limit: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}
		}
		return nil, &data.ValidationError{Field: "due", Code: data.CodeTooLate, ID: it.ID, Value: start.Format("2006-01-02"),
			Limit: time.Date(lastYear, 12, 30, 0, 0, 0, 0, time.UTC)}
	}
	organizer := calAddress(sp.organizer.email)
	if organizer == "" {
		// RFC 5546 §3.2: every METHOD this package writes needs an ORGANIZER.
		return nil, &data.ValidationError{Field: "email", Code: data.CodeInvalid, ID: it.ID, Value: sp.organizer.email}
	}
	ev := ical.NewEvent()
	// Room for every property up front: growing the map is a good part of
	// the cost of a large feed.
	ev.Props = make(ical.Props, 24)
	p := ev.Props
	uid := it.UID
	if sp.uid != "" {
		uid = sp.uid
	}
	p.SetText(ical.PropUID, uid)
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.Itoa(it.Sequence)
	p.Set(seq)
	p.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	if !it.CreatedAt.IsZero() && writableTime(it.CreatedAt.Time) {
		p.SetDateTime(ical.PropCreated, it.CreatedAt.UTC())
	}
	p.SetDateTime(ical.PropLastModified, lastModified(it, now))

	var trigger time.Duration
	switch {
	case allDay:
		p.SetDate(ical.PropDateTimeStart, start)
		p.SetDate(ical.PropDateTimeEnd, end)
		p.SetText(ical.PropTransparency, "TRANSPARENT")
		// 9:00 on the day: a date starts at midnight in the reader's zone.
		trigger = 9 * time.Hour
	default:
		p.SetDateTime(ical.PropDateTimeStart, start)
		p.SetDateTime(ical.PropDateTimeEnd, end)
		if timed(it.Kind) {
			p.SetText(ical.PropTransparency, "OPAQUE")
			trigger = -15 * time.Minute
		} else {
			p.SetText(ical.PropTransparency, "TRANSPARENT")
			y, m, d := start.In(loc).Date()
			nine := time.Date(y, m, d, 9, 0, 0, 0, loc)
			trigger = -15 * time.Minute
			if lead := start.Sub(nine).Truncate(time.Minute); lead > 15*time.Minute {
				trigger = -lead
			}
		}
	}

	var summary, desc string
	if sp.audience == forCustomer {
		summary = customerSummary(it, wd)
		desc = customerDescription(it, wd)
	} else {
		summary = wd.kindWord(it.Kind) + ": " + customerLabel(it) + " — " + it.Title
		desc = description(it, wd, loc)
	}
	summary = sp.prefix + summary
	status := "CONFIRMED"
	if sp.withdrawn {
		status = "CANCELLED"
	}
	p.SetText(ical.PropStatus, status)
	p.SetText(ical.PropSummary, cleanText(summary))
	p.SetText(ical.PropDescription, cleanText(desc))
	cat := ical.NewProp(ical.PropCategories)
	cat.SetTextList([]string{cleanText(wd.kindWord(it.Kind))})
	p.Set(cat)

	if sp.audience == forTeam {
		location := strings.TrimSpace(it.CustomerPhone)
		if it.Kind == data.KindVisit && strings.TrimSpace(it.Address) != "" {
			location = strings.TrimSpace(it.Address)
		}
		if location != "" {
			p.SetText(ical.PropLocation, cleanText(location))
		}
		if tel := telURI(it.CustomerPhone); tel != "" {
			u := ical.NewProp(ical.PropURL)
			u.Value = tel
			p.Set(u)
		}
	}

	o := ical.NewProp(ical.PropOrganizer)
	if cn := cleanParam(sp.organizer.name); cn != "" {
		o.Params.Set(ical.ParamCommonName, cn)
	}
	o.Value = organizer
	p.Set(o)
	if sp.attendee != nil {
		// RFC 5546 §3.2.2 and §3.2.5: an invite and its cancellation name
		// an attendee.
		a := ical.NewProp(ical.PropAttendee)
		a.Value, a.Params = calAddress(sp.attendee.email), ical.Params{}
		if a.Value == "" {
			return nil, &data.ValidationError{Field: "email", Code: data.CodeInvalid, ID: it.ID, Value: sp.attendee.email}
		}
		if cn := cleanParam(sp.attendee.name); cn != "" {
			a.Params.Set(ical.ParamCommonName, cn)
		}
		a.Params.Set(ical.ParamCalendarUserType, "INDIVIDUAL")
		a.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
		if sp.audience == forTeam {
			// The salesperson invites themselves: nothing to answer.
			a.Params.Set(ical.ParamParticipationStatus, "ACCEPTED")
		} else {
			a.Params.Set(ical.ParamParticipationStatus, "NEEDS-ACTION")
		}
		a.Params.Set(ical.ParamRSVP, "FALSE")
		p.Add(a)
	}

	// A cancellation carries no alarm (§3.2.5), and the customer's copy
	// leaves reminders to the customer's own calendar.
	if !sp.withdrawn && sp.audience == forTeam {
		al := ical.NewComponent(ical.CompAlarm)
		al.Props.SetText(ical.PropAction, "DISPLAY")
		al.Props.SetText(ical.PropDescription, cleanText(summary))
		tr := ical.NewProp(ical.PropTrigger)
		tr.Value = duration(trigger)
		al.Props.Set(tr)
		ev.Children = append(ev.Children, al)
	}
	return ev.Component, nil
}

// customerSummary is the customer's SUMMARY: the kind and the title, and
// who will keep the promise ("Rückruf: Preisfrage (Anna Berg)").
func customerSummary(it data.CalendarItem, wd words) string {
	k := wd.kindWord(it.Kind)
	title := strings.TrimSpace(it.Title)
	s := title
	if !strings.HasPrefix(strings.ToLower(title), strings.ToLower(k)) {
		s = k + ": " + title
	}
	if n := strings.TrimSpace(it.OwnerName); n != "" {
		s += " (" + n + ")"
	}
	return s
}

// customerDescription names the salesperson responsible and how to reach
// them (lesson 1), and nothing else.
func customerDescription(it data.CalendarItem, wd words) string {
	var lines []string
	add := func(label, value string) {
		if v := strings.TrimSpace(value); v != "" {
			lines = append(lines, label+": "+v)
		}
	}
	add(wd.yourContact, it.OwnerName)
	add(wd.directLine, it.OwnerPhone)
	add(wd.email, it.OwnerEmail)
	return strings.Join(lines, "\n")
}

func lastModified(it data.CalendarItem, now time.Time) time.Time {
	for _, s := range []data.Stamp{it.UpdatedAt, it.CreatedAt, it.PromisedAt} {
		if !s.IsZero() && writableTime(s.Time) {
			return s.UTC()
		}
	}
	return now.UTC()
}

func description(it data.CalendarItem, wd words, loc *time.Location) string {
	var lines []string
	if d := strings.TrimSpace(cleanText(it.Details)); d != "" {
		lines = append(lines, it.Details, "")
	}
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			lines = append(lines, label+": "+value)
		}
	}
	add(wd.customer, customerLabel(it))
	add(wd.phone, it.CustomerPhone)
	add(wd.email, it.CustomerEmail)
	if it.LastContact != "" {
		label := wd.lastContact
		if !it.LastContactAt.IsZero() {
			label += " (" + it.LastContactAt.In(loc).Format(wd.dateLayout) + ")"
		}
		add(label, it.LastContact)
	}
	add(wd.rescheduled, it.RescheduleReason)
	if it.Status == data.StatusCancelled {
		add(wd.cancelledBecause, it.CancelReason)
	}
	owner := it.OwnerName
	if it.OwnerEmail != "" {
		owner += " <" + it.OwnerEmail + ">"
	}
	add(wd.owner, owner)
	return strings.Join(lines, "\n")
}

// duration formats an alarm offset as an RFC 5545 duration such as -PT15M
// or PT9H.
func duration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Truncate(time.Minute)
	if d == 0 {
		return "PT0S"
	}
	s := sign + "PT"
	if h := d / time.Hour; h > 0 {
		s += strconv.Itoa(int(h)) + "H"
	}
	if m := (d % time.Hour) / time.Minute; m > 0 {
		s += strconv.Itoa(int(m)) + "M"
	}
	return s
}
