package data

import (
	"math"
	"sort"
	"time"
)

// TeamOwner is the Owner of the team row of the scorecard.
const TeamOwner = "team"

// ScoreRow is how one salesperson (or the whole team) kept the promises made
// in a period (lessons 4 and 5). Standing promises are not counted.
//
// Made = KeptOnTime + KeptLate + Open + Overdue + Cancelled.
type ScoreRow struct {
	OwnerID   uint // 0 for the team row
	Owner     string
	OwnerName string
	// Made counts every promise made in the period, cancelled ones included.
	Made int
	// KeptOnTime: done at or before the original deadline; a reschedule does
	// not move this mark.
	KeptOnTime int
	// KeptLate: done after the original deadline.
	KeptLate int
	// Open: still open and not past its current deadline.
	Open int
	// Overdue: still open and past its current deadline.
	Overdue   int
	Cancelled int
	// AvgSlipDays is the mean delay, in days, of the promises kept late or
	// still open past their original deadline (until now); 0 without any.
	AvgSlipDays float64
	// Slips counts every deadline that was missed or moved later: a reschedule
	// to a later moment, or the last deadline passing before the promise was
	// kept or cancelled (or until now).
	Slips int
	// ToldBeforeSlip counts the slips the customer was told about (a delay
	// notice) while that deadline was in force and before it passed.
	ToldBeforeSlip int
	// ToldBeforeSlipPct is ToldBeforeSlip / Slips in percent; nil without slips.
	ToldBeforeSlipPct *float64

	slipDays  float64
	slipCount int
}

type scoreCommitment struct {
	id, owner  uint
	status     string
	promisedAt Stamp
	dueAt      Stamp
	doneAt     Stamp
}

type scoreEvent struct {
	commitment uint
	typ        string
	at         Stamp
	oldDue     Stamp
	newDue     Stamp
	told       Told
}

// Scorecard computes the scorecard of the promises made in [from, to) at
// now: one row per salesperson (every active one, and anyone else who
// owns such a promise), ordered by e-mail, then the team row (Owner
// "team"). A zero from or to leaves that end of the period open. Promises
// count for their current owner.
func (s *Store) Scorecard(from, to, now time.Time) ([]ScoreRow, error) {
	where := "c.kind <> ?"
	args := []any{KindStanding}
	if !from.IsZero() {
		where += " AND c.promised_at >= ?"
		args = append(args, from.Unix())
	}
	if !to.IsZero() {
		where += " AND c.promised_at < ?"
		args = append(args, to.Unix())
	}
	rows, err := s.db.Raw(`SELECT c.id, c.owner_id, c.status, c.promised_at, c.due_at, c.done_at
		FROM commitments c WHERE `+where+` ORDER BY c.id`, args...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	var cs []scoreCommitment
	for rows.Next() {
		var c scoreCommitment
		if err := rows.Scan(&c.id, &c.owner, &c.status, &c.promisedAt, &c.dueAt, &c.doneAt); err != nil {
			rows.Close()
			return nil, err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}

	// In the order of the file: which notice came after which reschedule is
	// decided by that, not by the stamps of desktops' clocks.
	evRows, err := s.db.Raw(`SELECT e.commitment_id, e.type, e.at, e.old_due, e.new_due, e.told
		FROM commitment_events e JOIN commitments c ON c.id = e.commitment_id
		WHERE `+where+` AND e.type IN (?, ?, ?)
		ORDER BY e.commitment_id, e.id`, append(args, EventCreated, EventRescheduled, EventInformed)...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	events := map[uint][]scoreEvent{}
	for evRows.Next() {
		var e scoreEvent
		if err := evRows.Scan(&e.commitment, &e.typ, &e.at, &e.oldDue, &e.newDue, &e.told); err != nil {
			evRows.Close()
			return nil, err
		}
		events[e.commitment] = append(events[e.commitment], e)
	}
	evRows.Close()
	if err := evRows.Err(); err != nil {
		return nil, mapErr(err)
	}

	users, err := s.scoreUsers(cs)
	if err != nil {
		return nil, err
	}
	byOwner := map[uint]*ScoreRow{}
	out := make([]ScoreRow, 0, len(users)+1)
	for _, u := range users {
		out = append(out, ScoreRow{OwnerID: u.ID, Owner: u.Email, OwnerName: u.Name})
	}
	for i := range out {
		byOwner[out[i].OwnerID] = &out[i]
	}
	team := ScoreRow{Owner: TeamOwner, OwnerName: "Team"}
	for _, c := range cs {
		sc := scoreOne(c, events[c.id], now)
		for _, r := range []*ScoreRow{byOwner[c.owner], &team} {
			if r != nil {
				r.add(sc)
			}
		}
	}
	out = append(out, team)
	for i := range out {
		out[i].finish()
	}
	return out, nil
}

// scoreUsers are the active salespeople plus archived owners of counted
// promises, by e-mail.
func (s *Store) scoreUsers(cs []scoreCommitment) ([]User, error) {
	owners := map[uint]bool{}
	for _, c := range cs {
		owners[c.owner] = true
	}
	ids := make([]uint, 0, len(owners))
	for id := range owners {
		ids = append(ids, id)
	}
	var us []User
	q := s.db.Where("archived = 0")
	if len(ids) > 0 {
		q = q.Or("id IN ?", ids)
	}
	if err := q.Find(&us).Error; err != nil {
		return nil, mapErr(err)
	}
	sort.Slice(us, func(i, j int) bool { return us[i].Email < us[j].Email })
	return us, nil
}

// score is what one promise adds to a row.
type score struct {
	status            string // ontime, late, open, overdue, cancelled
	slipDays          float64
	slipped           bool
	slips, toldBefore int
}

func scoreOne(c scoreCommitment, evs []scoreEvent, now time.Time) score {
	var sc score
	// The original deadline is the one the promise was made with.
	original := c.dueAt.Time
	found := false
	for _, e := range evs {
		if e.typ == EventCreated && !e.newDue.IsZero() {
			original, found = e.newDue.Time, true
			break
		}
	}
	if !found {
		for _, e := range evs {
			if e.typ == EventRescheduled && !e.oldDue.IsZero() {
				original = e.oldDue.Time
				break
			}
		}
	}
	end := now
	if c.status != StatusOpen && !c.doneAt.IsZero() {
		end = c.doneAt.Time
	}
	switch c.status {
	case StatusDone:
		if c.doneAt.After(original) {
			sc.status = "late"
		} else {
			sc.status = "ontime"
		}
	case StatusCancelled:
		sc.status = "cancelled"
	default:
		if !c.dueAt.IsZero() && now.After(c.dueAt.Time) {
			sc.status = "overdue"
		} else {
			sc.status = "open"
		}
	}
	if c.status != StatusCancelled && !original.IsZero() && end.After(original) {
		sc.slipped = true
		sc.slipDays = end.Sub(original).Hours() / 24
	}

	// Walk the schedules in the order of the file: each deadline was in
	// force from when it was set until it was moved or the promise ended.
	// The customer was told of a slip in time when, within that schedule, a
	// delay notice came by the deadline, or the move itself was asked for
	// or told by then.
	due, told := original, false
	for _, e := range evs {
		switch e.typ {
		case EventInformed:
			if !e.at.After(due) {
				told = true
			}
		case EventRescheduled:
			if !e.newDue.IsZero() && e.newDue.After(e.oldDue.Time) {
				sc.slips++
				if told || (e.told.Knows() && !e.at.After(due)) {
					sc.toldBefore++
				}
			}
			due, told = e.newDue.Time, false
		}
	}
	if !due.IsZero() && end.After(due) {
		sc.slips++
		if told {
			sc.toldBefore++
		}
	}
	return sc
}

func (r *ScoreRow) add(sc score) {
	r.Made++
	switch sc.status {
	case "ontime":
		r.KeptOnTime++
	case "late":
		r.KeptLate++
	case "open":
		r.Open++
	case "overdue":
		r.Overdue++
	case "cancelled":
		r.Cancelled++
	}
	if sc.slipped {
		r.slipDays += sc.slipDays
		r.slipCount++
	}
	r.Slips += sc.slips
	r.ToldBeforeSlip += sc.toldBefore
}

func (r *ScoreRow) finish() {
	if r.slipCount > 0 {
		r.AvgSlipDays = math.Round(r.slipDays/float64(r.slipCount)*10) / 10
	}
	if r.Slips > 0 {
		pct := math.Round(float64(r.ToldBeforeSlip)/float64(r.Slips)*1000) / 10
		r.ToldBeforeSlipPct = &pct
	}
}
