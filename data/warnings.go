package data

import (
	"database/sql"
	"sort"
	"strings"
	"time"
)

// Level is how badly a promise (or a customer) needs attention.
type Level string

// Warning levels, worst first.
const (
	// LevelSilent: the deadline passed and the customer heard nothing since
	// — or the date they were told passed without a word about it. The
	// worst state there is (lesson 4); the fix is a delay notice.
	LevelSilent Level = "silent"
	// LevelSlipped: past due, but the customer was told.
	LevelSlipped Level = "slipped"
	// LevelUntold: the deadline was moved and the customer does not know
	// the new date yet; they still expect the one in ToldDue.
	LevelUntold Level = "untold"
	// LevelAtRisk: the internal estimate is later than the promised date.
	LevelAtRisk Level = "at_risk"
	// LevelSoon: due within the lead time of its kind.
	LevelSoon Level = "soon"
	// LevelNoNextStep: a customer with no open promise and no contact for a
	// while.
	LevelNoNextStep Level = "no_next_step"
)

// Levels lists every level, worst first.
var Levels = []Level{LevelSilent, LevelSlipped, LevelUntold, LevelAtRisk, LevelSoon, LevelNoNextStep}

// Rank is the level's place in Levels: lower is worse.
func (l Level) Rank() int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return len(Levels)
}

// Urgent reports whether the customer is already waiting: past due (slipped
// or silent). The board puts these first, in red, and notifications are for
// these.
func (l Level) Urgent() bool { return l == LevelSilent || l == LevelSlipped }

// ForPromise reports whether the level is about one promise (all but
// no_next_step, which is about a customer).
func (l Level) ForPromise() bool { return l != LevelNoNextStep && l != "" }

// Warning is computed, never stored: one per open promise that needs
// attention, or one per customer without a next step. It carries the facts;
// the UI and the commands say them in words.
type Warning struct {
	Level        Level
	CommitmentID *uint
	CustomerID   uint
	Customer     string
	Company      string
	OwnerID      uint
	Owner        string // e-mail
	OwnerName    string
	Kind         string
	Title        string
	Due          Due
	// DueAt is the moment the deadline passes.
	DueAt time.Time
	// ToldDue is the deadline the customer last heard; ToldDueAt the moment
	// it passes. They differ from Due and DueAt for untold promises.
	ToldDue   Due
	ToldDueAt time.Time
	// Estimate is the internal estimate (at risk).
	Estimate time.Time
	// Informed: the customer got a delay notice for the current deadline.
	Informed bool
	// Since is the last contact with the customer (zero: never).
	Since time.Time
}

// WarningFilter narrows the warnings; zero OwnerID means the whole team.
type WarningFilter struct {
	OwnerID uint
}

type warnRow struct {
	ID            uint
	CustomerID    uint
	OwnerID       uint
	Kind          string
	Title         string
	DueAt         Stamp
	DueDate       string
	EstimateAt    Stamp
	ToldDueAt     Stamp
	ToldDueDate   string
	ScheduledVer  int
	ToldVer       int
	AboutAt       Stamp
	Customer      string
	Company       string
	LastContactAt Stamp
	Owner         string
	OwnerName     string
}

// warningsCols are the columns the warnings read of an open promise, all in
// the covering indexes idx_commitments_open and idx_commitments_attention
// (migration 5), so no promise row is fetched from the big table. The
// promises are the outer loop and each looks its customer up (CROSS JOIN:
// a few hundred probes, never a pass over every customer; see pgSQL).
const warningsCols = `SELECT c.id, c.customer_id, c.owner_id, c.kind, c.title, c.due_at, c.due_date, c.estimate_at,
		c.told_due_at, c.told_due_date, c.scheduled_ver, c.told_ver, c.about_at,
		cu.name AS customer, cu.company, cu.last_contact_at, u.email AS owner, u.name AS owner_name
		FROM commitments c CROSS JOIN customers cu ON cu.id = c.customer_id JOIN users u ON u.id = c.owner_id `

// WarningsQuery is the SQL of the promise warnings with the arguments for a
// horizon (now plus the longest lead time) and an owner (0: everybody), for
// tools that measure it (cmd/benchtable).
func WarningsQuery(horizon time.Time, ownerID uint) (string, []any) {
	owner := ""
	var args []any
	if ownerID != 0 {
		owner = " AND c.owner_id = ?"
		args = append(args, ownerID)
	}
	// The far half names its tiny index: without table statistics the
	// planner rates it no better than the index of all open promises, and
	// walks those instead. Two index-friendly halves instead of one OR: due
	// soon or past, and — further ahead — at risk or moved without telling
	// the customer; disjoint, so UNION ALL needs no dedup B-tree. The unary
	// plus keeps the far deadline out of the choice of index (both
	// databases' documented idiom): PostgreSQL's planner, which has no
	// INDEXED BY and reads "deadline ahead" from all promises, mostly past,
	// would otherwise expect 145 rows from (status, due_at) and filter 3,128
	// open promises there instead of reading the few hundred of the
	// attention index (3.4 → 1.9 ms at full scale).
	far := strings.Replace(warningsCols, "FROM commitments c ", "FROM commitments c INDEXED BY idx_commitments_attention ", 1)
	q := warningsCols + `WHERE c.status = 'open' AND c.due_at IS NOT NULL AND c.due_at <= ?` + owner +
		` UNION ALL ` + far + `WHERE c.status = 'open' AND c.due_at IS NOT NULL AND +c.due_at > ?` +
		` AND (c.estimate_at > c.due_at OR c.told_due_at IS DISTINCT FROM c.due_at)` + owner
	h := horizon.Unix()
	qargs := append([]any{h}, args...)
	return q, append(append(qargs, h), args...)
}

// Warnings computes the warnings at now from open promises, the last contact
// with each customer and the team settings. Worst first, then by deadline.
func (s *Store) Warnings(now time.Time, f WarningFilter) ([]Warning, error) {
	set, err := s.Settings()
	if err != nil {
		return nil, err
	}
	maxLead := maxLeadOf(set)
	q, qargs := WarningsQuery(now.Add(maxLead), f.OwnerID)
	// Scanned by hand: on a ten-year file GORM's reflection cost as much
	// as the query.
	rows, err := scanWarnRows(s.db.Raw(q, qargs...).Rows())
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]Warning, 0, len(rows))
	for _, r := range rows {
		if w, ok := s.classify(r, now, set); ok {
			out = append(out, w)
		}
	}
	nn, err := s.noNextStep(now, set, f)
	if err != nil {
		return nil, err
	}
	return sortWarnings(append(out, nn...)), nil
}

// scanWarnRows reads the rows of warningsCols.
func scanWarnRows(rs *sql.Rows, err error) ([]warnRow, error) {
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var rows []warnRow
	for rs.Next() {
		var r warnRow
		if err := rs.Scan(&r.ID, &r.CustomerID, &r.OwnerID, &r.Kind, &r.Title, &r.DueAt, &r.DueDate, &r.EstimateAt,
			&r.ToldDueAt, &r.ToldDueDate, &r.ScheduledVer, &r.ToldVer, &r.AboutAt,
			&r.Customer, &r.Company, &r.LastContactAt, &r.Owner, &r.OwnerName); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

// maxLeadOf is the longest lead time of the team's settings.
func maxLeadOf(set TeamSettings) time.Duration {
	var maxLead time.Duration
	for _, d := range set.LeadTimes {
		maxLead = max(maxLead, d)
	}
	return maxLead
}

// sortWarnings orders the warnings worst first, then by deadline, then by
// customer.
func sortWarnings(out []Warning) []Warning {
	// Sort positions, not the warnings themselves: a Warning is a few
	// hundred bytes, and a team's list has thousands of them.
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := &out[idx[i]], &out[idx[j]]
		if a.Level.Rank() != b.Level.Rank() {
			return a.Level.Rank() < b.Level.Rank()
		}
		if !a.DueAt.Equal(b.DueAt) {
			return a.DueAt.Before(b.DueAt)
		}
		if a.CustomerID != b.CustomerID {
			return a.CustomerID < b.CustomerID
		}
		// Two promises of one customer due at the same moment.
		return commitmentID(a) < commitmentID(b)
	})
	sorted := make([]Warning, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted
}

func commitmentID(w *Warning) uint {
	if w.CommitmentID == nil {
		return 0
	}
	return *w.CommitmentID
}

// classify applies the warning rules (docs/design.md, "Warnings") to one
// open promise.
func (s *Store) classify(r warnRow, now time.Time, set TeamSettings) (Warning, bool) {
	id := r.ID
	c := Commitment{DueAt: r.DueAt, DueDate: r.DueDate, ToldDueAt: r.ToldDueAt, ToldDueDate: r.ToldDueDate,
		EstimateAt: r.EstimateAt, ScheduledVer: r.ScheduledVer, ToldVer: r.ToldVer, Status: StatusOpen}
	w := Warning{
		CommitmentID: &id, CustomerID: r.CustomerID, Customer: r.Customer, Company: r.Company,
		OwnerID: r.OwnerID, Owner: r.Owner, OwnerName: r.OwnerName, Kind: r.Kind, Title: r.Title,
		Due: DueOf(c, s.Loc), DueAt: r.DueAt.Time, Estimate: r.EstimateAt.Time, Since: r.LastContactAt.Time,
		Informed: c.Informed(),
	}
	w.ToldDue, w.ToldDueAt = w.Due, w.DueAt
	untold := c.Untold()
	if untold {
		w.ToldDue = DueOf(Commitment{DueAt: r.ToldDueAt, DueDate: r.ToldDueDate}, s.Loc)
		w.ToldDueAt = r.ToldDueAt.Time
	}
	pastDue := !now.Before(r.DueAt.Time)
	// The customer heard about the slip: a delay notice for the current
	// deadline, or any contact since the deadline passed (by the shared
	// clock: every stamp is written with it).
	heard := w.Informed || (!r.LastContactAt.IsZero() && !r.LastContactAt.Before(r.DueAt.Time))
	// The date the customer was told has passed, and nobody spoke to them
	// about the promise since: they are waiting in silence although the
	// internal deadline lies ahead.
	toldPassed := untold && !now.Before(r.ToldDueAt.Time) && r.AboutAt.Before(r.ToldDueAt.Time)
	atRisk := !r.EstimateAt.IsZero() && r.EstimateAt.After(r.DueAt.Time)
	switch {
	case pastDue && !heard, toldPassed:
		w.Level = LevelSilent
	case pastDue:
		w.Level = LevelSlipped
	case untold:
		w.Level = LevelUntold
	case atRisk:
		w.Level = LevelAtRisk
	case r.DueAt.Time.Sub(now) <= set.LeadTime(r.Kind):
		w.Level = LevelSoon
	default:
		return w, false
	}
	return w, true
}

type quietRow struct {
	ID            uint
	Name          string
	Company       string
	OwnerID       uint
	Owner         string
	OwnerName     string
	LastContactAt Stamp
	CreatedAt     Stamp
	// Quiet is the moment the customer went quiet: the last contact, else
	// when it was added (Unix seconds; the index's expression).
	Quiet int64
}

// quietSelect finds customers with no open promise (standing ones aside)
// and no contact before a cut; callers add conditions after it.
const quietSelect = `SELECT cu.id, cu.name, cu.company, cu.owner_id, u.email AS owner, u.name AS owner_name, cu.last_contact_at, cu.created_at,
		COALESCE(cu.last_contact_at, cu.created_at, 0)
		FROM customers cu JOIN users u ON u.id = cu.owner_id
		WHERE cu.archived = 0
		AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.customer_id = cu.id AND c.status = 'open' AND c.kind <> 'standing')`

func scanQuiet(rs *sql.Rows, err error) ([]quietRow, error) {
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var rows []quietRow
	for rs.Next() {
		var r quietRow
		if err := rs.Scan(&r.ID, &r.Name, &r.Company, &r.OwnerID, &r.Owner, &r.OwnerName, &r.LastContactAt, &r.CreatedAt, &r.Quiet); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

func quietWarning(r quietRow) Warning {
	return Warning{Level: LevelNoNextStep, CustomerID: r.ID, Customer: r.Name, Company: r.Company,
		OwnerID: r.OwnerID, Owner: r.Owner, OwnerName: r.OwnerName, Since: r.LastContactAt.Time}
}

// noNextStep finds customers with no open promise and no contact for the
// team's number of days.
func (s *Store) noNextStep(now time.Time, set TeamSettings, f WarningFilter) ([]Warning, error) {
	cut := now.AddDate(0, 0, -set.NoNextStepDays).Unix()
	q := quietSelect + ` AND COALESCE(cu.last_contact_at, cu.created_at, 0) < ?`
	args := []any{cut}
	if f.OwnerID != 0 {
		q += ` AND cu.owner_id = ?`
		args = append(args, f.OwnerID)
	}
	rows, err := scanQuiet(s.db.Raw(q, args...).Rows())
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]Warning, 0, len(rows))
	for _, r := range rows {
		out = append(out, quietWarning(r))
	}
	return out, nil
}
