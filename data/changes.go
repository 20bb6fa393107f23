package data

import (
	"database/sql"

	"gorm.io/gorm"
)

// ChangeKind says what kind of row a change log entry (migration 10) is about.
type ChangeKind string

// What the change log records. Changes about a customer name it (and the
// promise, where there is one); the rest are about the whole team.
const (
	// ChangeCustomer: a customer was added or edited (name, company, e-mail,
	// phone, owner, archived, address, notes, language).
	ChangeCustomer ChangeKind = "customer"
	// ChangeContact: a contact with the customer was logged or edited (its
	// last contact moved).
	ChangeContact ChangeKind = "contact"
	// ChangeCommitment: one of the customer's promises changed.
	ChangeCommitment ChangeKind = "commitment"
	// ChangePurchase: one of the customer's purchases changed.
	ChangePurchase ChangeKind = "purchase"
	// ChangeUser, ChangeSettings: salespeople or team settings changed;
	// every view depends on them.
	ChangeUser     ChangeKind = "user"
	ChangeSettings ChangeKind = "settings"
	// ChangeNotice, ChangeProduct, ChangeOther: notices, products, calendar
	// and message settings.
	ChangeNotice  ChangeKind = "notice"
	ChangeProduct ChangeKind = "product"
	ChangeOther   ChangeKind = "other"
	// ChangeReset: everything may have changed (a bulk load, the log's
	// start); reload.
	ChangeReset ChangeKind = "reset"
)

// Team reports whether a change of this kind concerns every view, not one
// customer's rows: a view holding data in memory reloads on it.
func (k ChangeKind) Team() bool {
	return k == ChangeUser || k == ChangeSettings || k == ChangeReset
}

// Change is one entry of the change log.
type Change struct {
	Pos          int64
	CustomerID   uint
	CommitmentID uint
	Kind         ChangeKind
}

// ChangeSet is what changed after a position of the change log, in file
// order.
type ChangeSet struct {
	// From is the position asked about, To the position reached: pass To
	// to the next ChangesSince.
	From, To int64
	// Reload says the reader must reload everything it holds: it fell
	// further behind than the log reaches, the schema changed, or a change
	// concerned the whole team.
	Reload  bool
	Changes []Change
}

// Customers are the customers the changes name, each once, in file order.
func (c ChangeSet) Customers() []uint {
	seen := map[uint]bool{}
	var out []uint
	for _, ch := range c.Changes {
		if ch.CustomerID != 0 && !seen[ch.CustomerID] {
			seen[ch.CustomerID] = true
			out = append(out, ch.CustomerID)
		}
	}
	return out
}

// Has reports whether a change of kind k is in the set, or about customer
// id with kind k when id is not 0.
func (c ChangeSet) Has(k ChangeKind, id uint) bool {
	for _, ch := range c.Changes {
		if ch.Kind == k && (id == 0 || ch.CustomerID == id) {
			return true
		}
	}
	return false
}

// Touches reports whether any change is about customer id.
func (c ChangeSet) Touches(id uint) bool {
	for _, ch := range c.Changes {
		if ch.CustomerID == id {
			return true
		}
	}
	return false
}

// Empty reports whether nothing changed.
func (c ChangeSet) Empty() bool { return !c.Reload && len(c.Changes) == 0 }

// maxChanges is how many entries a reader applies one by one; further
// behind, it reloads.
const maxChanges = 1000

// ChangesSince reads the change log after position pos (0: the reader
// knows nothing yet, which is a Reload). It is a few reads of the file's
// last pages, also on a ten-year file. On SQLite the positions are in
// commit order, because every write holds the file's write lock from its
// first statement; see docs/design.md for PostgreSQL.
func (s *Store) ChangesSince(pos int64) (ChangeSet, error) {
	var cs ChangeSet
	err := s.read(func(tx *gorm.DB) error {
		var err error
		cs, err = changesSince(tx, pos)
		return err
	})
	return cs, mapErr(err)
}

// read runs fn in one read transaction on one connection, so that what fn
// reads (the change log position and the rows it names) is one snapshot of
// the file, and SQLite checks the file's header once, not per statement:
// each check is a round trip on the share.
func (s *Store) read(fn func(tx *gorm.DB) error) error {
	return s.db.Connection(func(conn *gorm.DB) error {
		// Every statement from a new session on the one connection: a
		// gorm.DB that is not one carries the previous statement's state.
		tx := conn.Session(&gorm.Session{NewDB: true})
		// BEGIN by hand: the pool's DSN makes the driver's transactions
		// IMMEDIATE (the write lock), which a read must not take.
		if err := tx.Exec(s.d.beginRead()).Error; err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Exec("ROLLBACK")
			return err
		}
		return tx.Exec("COMMIT").Error
	})
}

func changesSince(tx *gorm.DB, pos int64) (ChangeSet, error) {
	cs := ChangeSet{From: pos, To: pos}
	// The newest entry, from the same last pages of the log that the
	// entries after pos are read from (sqlite_sequence would be one more
	// page, one more round trip). Pruning keeps the newest entries, so the
	// log is never empty once made.
	var last sql.NullInt64
	if err := tx.Raw(`SELECT max(id) FROM changes`).Row().Scan(&last); err != nil {
		return cs, err
	}
	cs.To = last.Int64
	if pos <= 0 || cs.To < pos {
		// A reader's first look, or a file that was replaced by another
		// (a restored backup).
		cs.Reload = true
		return cs, nil
	}
	if cs.To == pos {
		return cs, nil
	}
	if cs.To-pos > maxChanges {
		cs.Reload = true
		return cs, nil
	}
	rows, err := tx.Raw(`SELECT id, customer_id, commitment_id, what FROM changes WHERE id > ? ORDER BY id`, pos).Rows()
	if err != nil {
		return cs, err
	}
	defer rows.Close()
	next := pos + 1
	for rows.Next() {
		var c Change
		var cust, com sql.NullInt64
		if err := rows.Scan(&c.Pos, &cust, &com, &c.Kind); err != nil {
			return cs, err
		}
		if c.Pos != next {
			// The entries after pos were pruned: too far behind.
			cs.Reload, cs.Changes = true, nil
			return cs, nil
		}
		next++
		c.CustomerID, c.CommitmentID = uint(cust.Int64), uint(com.Int64)
		if c.Kind.Team() {
			cs.Reload = true
		}
		cs.Changes = append(cs.Changes, c)
	}
	if err := rows.Err(); err != nil {
		return cs, err
	}
	if next-1 != cs.To {
		cs.Reload, cs.Changes = true, nil
	}
	return cs, nil
}
