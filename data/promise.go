package data

import (
	"strings"
	"time"
)

// The life of a promise, as rule functions on a Commitment held in memory.
// Each checks its rule, changes the commitment and returns the history
// event it makes; the Store's operations (commitments.go, contacts.go)
// persist both in one transaction, and the demo generator (data/demo) writes
// them as plain rows in bulk. So every state change follows one set of
// rules whichever way it reaches the file (docs/design.md, "Promises").

// Told says what the customer knows of a rescheduled deadline.
type Told string

// What the customer knows of a reschedule.
const (
	// ToldNotYet: moved internally; the customer still expects the old
	// date. The promise carries the untold warning until a delay notice.
	ToldNotYet Told = "not_told"
	// ToldCustomerAsked: the customer asked for the new date.
	ToldCustomerAsked Told = "customer_asked"
	// ToldCustomer: the customer has been told the new date.
	ToldCustomer Told = "told"
)

// Tolds lists what a reschedule can say, in the order the UI offers it.
var Tolds = []Told{ToldNotYet, ToldCustomerAsked, ToldCustomer}

// Knows reports whether the customer knows the new date.
func (t Told) Knows() bool { return t == ToldCustomerAsked || t == ToldCustomer }

func (t Told) valid() bool { return t == ToldNotYet || t == ToldCustomerAsked || t == ToldCustomer }

// EarliestDate is the first day Zusage takes for a deadline or a contact:
// anything earlier is a typing mistake (0000-01-01), not history.
var EarliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// MaxYearsAhead is how far ahead a deadline may lie.
const MaxYearsAhead = 10

// Step is one change to a promise: who makes it, and when by the shared
// clock (Store.SharedNow); Loc is the team's time zone, in which an all-day
// deadline ends.
type Step struct {
	By  uint
	At  time.Time
	Loc *time.Location
}

// CheckDeadline is the rule every deadline and estimate must pass, for
// forms that check as the user types: it refuses a deadline that has passed
// at now or lies outside the sane range (2000 to ten years ahead). The
// Store applies the same rule when it saves.
func CheckDeadline(field string, d Due, now time.Time, loc *time.Location) error {
	return checkDeadline(field, d, Step{At: now, Loc: loc})
}

// checkDeadline refuses a deadline that has passed at st.At, or that lies
// outside the sane range.
func checkDeadline(field string, d Due, st Step) error {
	end := d.End(st.Loc)
	if end.Before(EarliestDate) {
		return &ValidationError{Field: field, Code: CodeTooEarly, Limit: EarliestDate}
	}
	if latest := st.At.AddDate(MaxYearsAhead, 0, 0); end.After(latest) {
		return &ValidationError{Field: field, Code: CodeTooLate, Limit: latest}
	}
	if !end.After(st.At) {
		return invalid(field, CodeInPast)
	}
	return nil
}

func validKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// NewPromise applies the rules for making a promise: a known kind, a title,
// a deadline (none for a standing promise) that lies ahead and in range,
// an optional internal estimate. n.OwnerID must be set. The promise's UID is
// left to the caller; the customer has heard the deadline it was made with.
func NewPromise(n NewCommitment, st Step) (Commitment, CommitmentEvent, error) {
	if err := cleanTexts(textField{"title", &n.Title}, textField{"details", &n.Details}); err != nil {
		return Commitment{}, CommitmentEvent{}, err
	}
	n.Kind = strings.TrimSpace(n.Kind)
	switch {
	case !validKind(n.Kind):
		return Commitment{}, CommitmentEvent{}, invalid("kind", CodeInvalid).val(n.Kind)
	case n.Title == "":
		return Commitment{}, CommitmentEvent{}, invalid("title", CodeRequired)
	case n.Kind == KindStanding && (!n.Due.IsZero() || !n.Estimate.IsZero()):
		return Commitment{}, CommitmentEvent{}, invalid("due", CodeNotAllowed)
	case n.Kind != KindStanding && n.Due.IsZero():
		return Commitment{}, CommitmentEvent{}, invalid("due", CodeRequired)
	}
	if n.Kind != KindStanding {
		if err := checkDeadline("due", n.Due, st); err != nil {
			return Commitment{}, CommitmentEvent{}, err
		}
	}
	if !n.Estimate.IsZero() {
		if err := checkDeadline("estimate", n.Estimate, st); err != nil {
			return Commitment{}, CommitmentEvent{}, err
		}
	}
	at := At(st.At)
	c := Commitment{
		CustomerID: n.CustomerID, OwnerID: n.OwnerID, Kind: n.Kind, Title: n.Title,
		Details: n.Details, PromisedAt: at, Status: StatusOpen,
		Version: 1, ScheduledAt: at, ScheduledVer: 1, NoticeID: n.NoticeID, CreatedAt: at, UpdatedAt: at,
	}
	if !n.Due.IsZero() {
		c.DueAt = At(n.Due.End(st.Loc))
		c.DueDate = n.Due.Date()
		c.ToldDueAt, c.ToldDueDate = c.DueAt, c.DueDate
	}
	if !n.Estimate.IsZero() {
		c.EstimateAt = At(n.Estimate.End(st.Loc))
	}
	ev := CommitmentEvent{CustomerID: c.CustomerID, Type: EventCreated, At: at, ByID: st.By, NewDue: c.DueAt, NewDueDate: c.DueDate}
	return c, ev, nil
}

// open refuses a change to a promise that is no longer open.
func (c *Commitment) open() error {
	if c.Status != StatusOpen {
		return invalid("commitment", CodeNotOpen).id(c.ID).val(c.Status)
	}
	return nil
}

// bump counts one change of the promise.
func (c *Commitment) bump(st Step) {
	c.Version++
	c.UpdatedAt = At(st.At)
}

func (c *Commitment) event(typ string, st Step) CommitmentEvent {
	return CommitmentEvent{CommitmentID: c.ID, CustomerID: c.CustomerID, Type: typ, At: At(st.At), ByID: st.By}
}

// ApplyReschedule moves an open promise to a new deadline (lesson 3): the
// calendar UID stays, SEQUENCE grows, the reason is required. told says
// what the customer knows: when they asked for it or were told, the new date
// is also the one they heard; otherwise they still expect the old one.
func (c *Commitment) ApplyReschedule(st Step, due Due, told Told, reason string) (CommitmentEvent, error) {
	reason, err := CleanText("reason", reason)
	if err != nil {
		return CommitmentEvent{}, err
	}
	if err := c.open(); err != nil {
		return CommitmentEvent{}, err
	}
	switch {
	case c.Kind == KindStanding:
		return CommitmentEvent{}, invalid("due", CodeNotAllowed)
	case reason == "":
		return CommitmentEvent{}, invalid("reason", CodeRequired)
	case due.IsZero():
		return CommitmentEvent{}, invalid("due", CodeRequired)
	case !told.valid():
		return CommitmentEvent{}, invalid("told", CodeInvalid).val(string(told))
	}
	if err := checkDeadline("due", due, st); err != nil {
		return CommitmentEvent{}, err
	}
	ev := c.event(EventRescheduled, st)
	ev.OldDue, ev.OldDueDate = c.DueAt, c.DueDate
	c.DueAt, c.DueDate = At(due.End(st.Loc)), due.Date()
	ev.NewDue, ev.NewDueDate = c.DueAt, c.DueDate
	ev.Reason, ev.Told = reason, told
	c.Sequence++
	c.bump(st)
	c.ScheduledAt, c.ScheduledVer = At(st.At), c.Version
	if told.Knows() {
		c.ToldDueAt, c.ToldDueDate = c.DueAt, c.DueDate
	}
	return ev, nil
}

// ApplyDelayNotice records that the customer was told, in a contact at
// contactAt, that the promise will be late or moves (lesson 4): the date
// they heard is the deadline again, and the notice counts for the current
// schedule — unless it is back-dated to before the schedule was set.
func (c *Commitment) ApplyDelayNotice(st Step, contactAt time.Time, summary string) (CommitmentEvent, error) {
	if err := c.open(); err != nil {
		return CommitmentEvent{}, err
	}
	ev := c.event(EventInformed, st)
	ev.At, ev.Reason = At(contactAt), summary
	c.bump(st)
	c.ToldDueAt, c.ToldDueDate = c.DueAt, c.DueDate
	if !contactAt.Before(c.ScheduledAt.Time) {
		c.ToldVer = c.Version
		if contactAt.After(c.ToldAt.Time) {
			c.ToldAt = At(contactAt)
		}
	}
	return ev, nil
}

// ApplyToldDate records a contact about the promise that told the customer
// its current deadline: both dates are one again (no delay notice: if this
// deadline passes too, the customer must hear again).
func (c *Commitment) ApplyToldDate(st Step) error {
	if err := c.open(); err != nil {
		return err
	}
	c.bump(st)
	c.ToldDueAt, c.ToldDueDate = c.DueAt, c.DueDate
	return nil
}

// ApplyContactAbout notes a contact about the promise at contactAt.
func (c *Commitment) ApplyContactAbout(contactAt time.Time) {
	if contactAt.After(c.AboutAt.Time) {
		c.AboutAt = At(contactAt)
	}
}

// ApplyEstimate changes the internal estimate (lesson 5); a zero Due clears it.
func (c *Commitment) ApplyEstimate(st Step, estimate Due) (CommitmentEvent, error) {
	if err := c.open(); err != nil {
		return CommitmentEvent{}, err
	}
	est := Stamp{}
	if !estimate.IsZero() {
		if err := checkDeadline("estimate", estimate, st); err != nil {
			return CommitmentEvent{}, err
		}
		est = At(estimate.End(st.Loc))
	}
	c.EstimateAt = est
	c.bump(st)
	ev := c.event(EventEstimated, st)
	ev.NewDue = est
	return ev, nil
}

// ApplyComplete marks an open promise as kept, now by the shared clock.
func (c *Commitment) ApplyComplete(st Step, note string) (CommitmentEvent, error) {
	note, err := CleanText("note", note)
	if err != nil {
		return CommitmentEvent{}, err
	}
	if err := c.open(); err != nil {
		return CommitmentEvent{}, err
	}
	c.Status, c.DoneAt = StatusDone, At(st.At)
	// The calendar event is cancelled ("Erledigt"), and a cancellation must
	// be newer than the last invite: SEQUENCE grows.
	c.Sequence++
	c.bump(st)
	ev := c.event(EventDone, st)
	ev.Reason = note
	return ev, nil
}

// ApplyCancel withdraws an open promise; the row stays and SEQUENCE grows,
// so calendars can be told to remove the event.
func (c *Commitment) ApplyCancel(st Step, reason string) (CommitmentEvent, error) {
	reason, err := CleanText("reason", reason)
	if err != nil {
		return CommitmentEvent{}, err
	}
	if err := c.open(); err != nil {
		return CommitmentEvent{}, err
	}
	if reason == "" {
		return CommitmentEvent{}, invalid("reason", CodeRequired)
	}
	c.Status, c.DoneAt = StatusCancelled, At(st.At)
	c.Sequence++
	c.bump(st)
	ev := c.event(EventCancelled, st)
	ev.Reason = reason
	return ev, nil
}

// ApplyReassign hands an open promise to another salesperson.
func (c *Commitment) ApplyReassign(st Step, newOwner uint, reason string) (CommitmentEvent, error) {
	reason, err := CleanText("reason", reason)
	if err != nil {
		return CommitmentEvent{}, err
	}
	if err := c.open(); err != nil {
		return CommitmentEvent{}, err
	}
	if newOwner == c.OwnerID {
		return CommitmentEvent{}, invalid("owner", CodeUnchanged)
	}
	old := c.OwnerID
	c.OwnerID = newOwner
	c.Sequence++
	c.bump(st)
	ev := c.event(EventReassigned, st)
	ev.OldOwnerID, ev.NewOwnerID, ev.Reason = &old, &newOwner, reason
	return ev, nil
}
