package data

import (
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// WarningsView keeps the warnings of one filter in memory and brings them
// up to date from the change log (migration 10): after another desktop's
// change it re-reads the rows of the customers the change names, not the
// whole board, because on the office share every page read is a round trip
// and the other desktop's write emptied the page cache. It holds the open
// promises the warnings could be about (due up to a horizon a little past
// the longest lead time, or needing attention earlier) and the customers
// quiet for a little less than the no-next-step days; the warnings are then
// classified in memory by the same rules as Store.Warnings, which it always
// equals (TestWarningsViewEqualsFullRecompute). Safe for use from several
// goroutines.
type WarningsView struct {
	s *Store
	f WarningFilter

	mu     sync.Mutex
	loaded bool
	pos    int64
	set    TeamSettings
	// now is the moment the held rows were last brought up to; horizon and
	// quietCut (Unix seconds) are how far they reach.
	now      time.Time
	horizon  int64
	quietCut int64
	promises map[uint]warnRow
	quiet    map[uint]quietRow
}

// viewMargin is how far ahead of the clock a view loads, so that the
// minute ticks of the board need no read of the file.
const viewMargin = time.Hour

// ViewRefresh says what a WarningsView did to come up to date.
type ViewRefresh struct {
	// Full: everything was read again (first load, too far behind, a
	// change of the team's settings or salespeople, a clock that went back).
	Full bool
	// Changes applied from the log, and the customers they named.
	Changes   int
	Customers []uint
}

// NewWarningsView makes a view of the warnings for f; the first Warnings
// call loads it.
func (s *Store) NewWarningsView(f WarningFilter) *WarningsView {
	return &WarningsView{s: s, f: f}
}

// Filter is the filter the view was made for.
func (v *WarningsView) Filter() WarningFilter { return v.f }

// Warnings brings the view up to date with the file and returns the
// warnings at now, worst first, as Store.Warnings(now, filter) would.
func (v *WarningsView) Warnings(now time.Time) ([]Warning, ViewRefresh, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var r ViewRefresh
	err := v.s.read(func(tx *gorm.DB) error {
		var err error
		r, err = v.update(tx, now)
		return err
	})
	if err != nil {
		// Whatever was half applied is not trusted.
		v.loaded = false
		return nil, r, mapErr(err)
	}
	return v.classify(now), r, nil
}

// update runs inside one read transaction: the log position and the rows
// are one snapshot.
func (v *WarningsView) update(tx *gorm.DB, now time.Time) (ViewRefresh, error) {
	var r ViewRefresh
	cs, err := changesSince(tx, v.pos)
	if err != nil {
		return r, err
	}
	if !v.loaded || cs.Reload || now.Before(v.now) {
		r.Full = true
		return r, v.load(tx, now, cs.To)
	}
	r.Changes = len(cs.Changes)
	r.Customers = cs.Customers()
	if len(r.Customers) > 0 {
		if err := v.reloadCustomers(tx, r.Customers); err != nil {
			return r, err
		}
	}
	v.pos = cs.To
	return r, v.extend(tx, now)
}

// load reads everything the view holds.
func (v *WarningsView) load(tx *gorm.DB, now time.Time, pos int64) error {
	set, err := v.s.settingsTx(tx)
	if err != nil {
		return err
	}
	v.set, v.pos, v.now = set, pos, now
	v.horizon = now.Add(maxLeadOf(set) + viewMargin).Unix()
	v.quietCut = now.AddDate(0, 0, -set.NoNextStepDays).Add(viewMargin).Unix()
	v.promises, v.quiet = map[uint]warnRow{}, map[uint]quietRow{}
	q, args := WarningsQuery(time.Unix(v.horizon, 0), v.f.OwnerID)
	if err := v.addPromises(tx, q, args); err != nil {
		return err
	}
	q, args = v.quietQuery(` AND COALESCE(cu.last_contact_at, cu.created_at, 0) < ?`, v.quietCut)
	if err := v.addQuiet(tx, q, args); err != nil {
		return err
	}
	v.loaded = true
	return nil
}

// reloadCustomers replaces what the view holds of the given customers.
func (v *WarningsView) reloadCustomers(tx *gorm.DB, ids []uint) error {
	in := map[uint]bool{}
	for _, id := range ids {
		in[id] = true
	}
	for id, r := range v.promises {
		if in[r.CustomerID] {
			delete(v.promises, id)
		}
	}
	for _, id := range ids {
		delete(v.quiet, id)
	}
	list := "?" + strings.Repeat(",?", len(ids)-1)
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	// The customers' open promises through their small partial index, then
	// the rows; the same columns and conditions as WarningsQuery.
	q := strings.Replace(warningsCols, "FROM commitments c ", "FROM commitments c INDEXED BY idx_commitments_open_customer ", 1) +
		`WHERE c.customer_id IN (` + list + `) AND c.status = 'open' AND c.due_at IS NOT NULL
		AND (c.due_at <= ? OR c.estimate_at > c.due_at OR c.told_due_at IS DISTINCT FROM c.due_at)`
	args := append(append([]any{}, idArgs...), v.horizon)
	if v.f.OwnerID != 0 {
		q += ` AND c.owner_id = ?`
		args = append(args, v.f.OwnerID)
	}
	if err := v.addPromises(tx, q, args); err != nil {
		return err
	}
	q, args = v.quietQuery(` AND cu.id IN (`+list+`) AND COALESCE(cu.last_contact_at, cu.created_at, 0) < ?`, append(idArgs, v.quietCut)...)
	return v.addQuiet(tx, q, args)
}

// extend reads the promises and quiet customers that the passing of time
// brought into reach since the view last looked.
func (v *WarningsView) extend(tx *gorm.DB, now time.Time) error {
	v.now = now
	if need := now.Add(maxLeadOf(v.set)).Unix(); need > v.horizon {
		next := now.Add(maxLeadOf(v.set) + viewMargin).Unix()
		q := warningsCols + `WHERE c.status = 'open' AND c.due_at IS NOT NULL AND c.due_at > ? AND c.due_at <= ?`
		args := []any{v.horizon, next}
		if v.f.OwnerID != 0 {
			q += ` AND c.owner_id = ?`
			args = append(args, v.f.OwnerID)
		}
		if err := v.addPromises(tx, q, args); err != nil {
			return err
		}
		v.horizon = next
	}
	if need := now.AddDate(0, 0, -v.set.NoNextStepDays).Unix(); need >= v.quietCut {
		next := now.AddDate(0, 0, -v.set.NoNextStepDays).Add(viewMargin).Unix()
		q, args := v.quietQuery(` AND COALESCE(cu.last_contact_at, cu.created_at, 0) >= ? AND COALESCE(cu.last_contact_at, cu.created_at, 0) < ?`, v.quietCut, next)
		if err := v.addQuiet(tx, q, args); err != nil {
			return err
		}
		v.quietCut = next
	}
	return nil
}

func (v *WarningsView) quietQuery(cond string, args ...any) (string, []any) {
	q := quietSelect + cond
	if v.f.OwnerID != 0 {
		q += ` AND cu.owner_id = ?`
		args = append(args, v.f.OwnerID)
	}
	return q, args
}

func (v *WarningsView) addPromises(tx *gorm.DB, q string, args []any) error {
	rows, err := scanWarnRows(tx.Raw(q, args...).Rows())
	if err != nil {
		return err
	}
	for _, r := range rows {
		v.promises[r.ID] = r
	}
	return nil
}

func (v *WarningsView) addQuiet(tx *gorm.DB, q string, args []any) error {
	rows, err := scanQuiet(tx.Raw(q, args...).Rows())
	if err != nil {
		return err
	}
	for _, r := range rows {
		v.quiet[r.ID] = r
	}
	return nil
}

// classify applies the warning rules to what the view holds.
func (v *WarningsView) classify(now time.Time) []Warning {
	out := make([]Warning, 0, len(v.promises)+len(v.quiet))
	for _, r := range v.promises {
		if w, ok := v.s.classify(r, now, v.set); ok {
			out = append(out, w)
		}
	}
	cut := now.AddDate(0, 0, -v.set.NoNextStepDays).Unix()
	for _, r := range v.quiet {
		if r.Quiet < cut {
			out = append(out, quietWarning(r))
		}
	}
	return sortWarnings(out)
}
