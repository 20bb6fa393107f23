package data

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ImportBatchTime is how long one batch of an import may hold the write
// lock. An import of 200,000 rows in one transaction held the file for 80 s
// and every other desktop's save failed; in batches, another desktop's
// write waits at most about this long.
const ImportBatchTime = 300 * time.Millisecond

// ImportPause is the gap an import leaves between two batches. SQLite's
// busy handler looks at a locked file at least every 100 ms, so a gap
// longer than that lets every waiting desktop in before the next batch.
const ImportPause = 150 * time.Millisecond

// importMaxBatch caps the rows of one batch, however fast they go.
const importMaxBatch = 5000

// ImportOptions say who runs an import and how it reports.
type ImportOptions struct {
	// By is the salesperson who runs the import; the import's record and
	// every customer event it writes name them.
	By uint
	// Source is the file's name, kept in the import's record.
	Source string
	// Progress, when set, is called after every batch with the rows read
	// so far and the rows in all (from the goroutine that runs the import).
	Progress func(done, total int)
}

// importRun is the state of one import between its batches.
type importRun struct {
	s     *Store
	id    uint
	total int
	opt   ImportOptions
	// BatchTime and Pause are ImportBatchTime and ImportPause (tests
	// shorten them).
	batchTime, pause time.Duration
}

// importTiming is what tests change to make batches small.
var importTiming = func() (batch, pause time.Duration) { return ImportBatchTime, ImportPause }

// startImport records a new import run; the rows follow in batches.
func (s *Store) startImport(kind string, total int, opt ImportOptions, check func(tx *gorm.DB) error) (*importRun, error) {
	rec := Import{Kind: kind, Source: opt.Source, StartedAt: At(s.now())}
	err := s.write(func(tx *gorm.DB) error {
		switch {
		case opt.By == 0 && kind == ImportKindPurchases:
			// A purchase list from a script that names nobody: recorded
			// as such (purchases change no customer, and scripts written
			// before imports were recorded keep working).
		default:
			if err := s.checkUser(tx, "by", opt.By); err != nil {
				return err
			}
			by := opt.By
			rec.ByID = &by
		}
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		rec.ID = 0
		if total == 0 {
			rec.FinishedAt = rec.StartedAt
		}
		return tx.Create(&rec).Error
	})
	if err != nil {
		return nil, err
	}
	batch, pause := importTiming()
	return &importRun{s: s, id: rec.ID, total: total, opt: opt, batchTime: batch, pause: pause}, nil
}

// run writes rows [0, total) in batches: each is one short write
// transaction that takes rows until batchTime has passed, counts them on the
// import's record and, for the last one, marks the import finished. step
// checks row i through tx and writes it, or collects it in the batch for
// flush (when not nil), which writes what the batch collected; commit is
// called once the batch is in the file (a batch retried after a lock
// conflict runs its steps again with a fresh state).
func (r *importRun) run(step func(tx *gorm.DB, i int, b *importBatch) error, flush func(tx *gorm.DB, b *importBatch) error, commit func(b *importBatch)) error {
	for i := 0; i < r.total; {
		var b *importBatch
		err := r.s.write(func(tx *gorm.DB) error {
			b = &importBatch{}
			start := time.Now()
			j := i
			for j < r.total && (j == i || (time.Since(start) < r.batchTime && j-i < importMaxBatch)) {
				if err := step(tx, j, b); err != nil {
					return err
				}
				j++
				if flush != nil && len(b.customers) >= 100 {
					if err := flush(tx, b); err != nil {
						return err
					}
				}
			}
			b.end = j
			if flush != nil {
				if err := flush(tx, b); err != nil {
					return err
				}
			}
			upd := map[string]any{
				"imported": gorm.Expr("imported + ?", b.imported),
				"rejected": gorm.Expr("rejected + ?", len(b.rejected)),
			}
			if j == r.total {
				upd["finished_at"] = At(r.s.now())
			}
			return tx.Model(&Import{}).Where("id = ?", r.id).Updates(upd).Error
		})
		if err != nil {
			return err
		}
		commit(b)
		i = b.end
		if r.opt.Progress != nil {
			r.opt.Progress(i, r.total)
		}
		if i < r.total {
			time.Sleep(r.pause)
		}
	}
	return nil
}

// importBatch is what one batch wrote and left out.
type importBatch struct {
	end      int
	imported int
	ids      []uint
	rejected []Rejection
	seen     map[string]int
	// customers waiting for insertImported.
	customers []Customer
	repaired  []Repair
}

// Import returns the record of one import.
func (s *Store) Import(id uint) (Import, error) {
	var im Import
	err := s.db.First(&im, id).Error
	return im, mapErr(err)
}

// UndoResult says what taking an import back archived.
type UndoResult struct {
	Import Import
	// Customers and Purchases are how many records were archived now;
	// records archived since the import (by hand) are left as they are.
	Customers int
	Purchases int
}

// UndoImport takes an import back: every customer and purchase it created
// that is still active is archived — nothing is deleted — each customer
// with an event saying by whom and which import, in batches like the
// import itself; the import's record says who took it back and when. An
// import already taken back is refused (Field "import"). progress, when
// not nil, is told after every batch how many of the records are done.
func (s *Store) UndoImport(id, by uint, progress func(done, total int)) (UndoResult, error) {
	var res UndoResult
	im, err := s.Import(id)
	if err != nil {
		return res, err
	}
	if !im.UndoneAt.IsZero() {
		e := invalid("import", CodeUndone).id(id)
		e.Limit = im.UndoneAt.Time
		return res, e
	}
	var total int
	if err := s.db.Raw(`SELECT (SELECT count(*) FROM customers WHERE import_id = ? AND archived = 0) +
		(SELECT count(*) FROM purchases WHERE import_id = ? AND archived = 0)`, id, id).Row().Scan(&total); err != nil {
		return res, mapErr(err)
	}
	batch, pause := importTiming()
	const chunk = 1000
	const nextCustomers = `SELECT id FROM customers WHERE import_id = ? AND archived = 0 ORDER BY id LIMIT ?`
	for done := false; !done; {
		var n, np int
		err := s.write(func(tx *gorm.DB) error {
			n, np, done = 0, 0, false
			if err := s.checkUser(tx, "by", by); err != nil {
				return err
			}
			now := At(s.now())
			start := time.Now()
			for time.Since(start) < batch {
				// The same chunk twice in one transaction: its events, then
				// the customers themselves.
				r := tx.Exec(`INSERT INTO customer_events (customer_id, type, at, by_id, import_id)
					SELECT id, ?, ?, ?, ? FROM customers WHERE id IN (`+nextCustomers+`)`, CustomerArchived, now, by, id, id, chunk)
				if r.Error != nil {
					return r.Error
				}
				if r.RowsAffected == 0 {
					break
				}
				if err := tx.Exec(`UPDATE customers SET archived = 1, version = version + 1, updated_at = ?
					WHERE id IN (`+nextCustomers+`)`, now, id, chunk).Error; err != nil {
					return err
				}
				n += int(r.RowsAffected)
			}
			for time.Since(start) < batch {
				r := tx.Exec(`UPDATE purchases SET archived = 1 WHERE id IN
					(SELECT id FROM purchases WHERE import_id = ? AND archived = 0 ORDER BY id LIMIT ?)`, id, chunk)
				if r.Error != nil {
					return r.Error
				}
				if r.RowsAffected == 0 {
					break
				}
				np += int(r.RowsAffected)
			}
			if time.Since(start) < batch {
				// Everything is archived: the record says so in the same step.
				done = true
				r := tx.Model(&Import{}).Where("id = ? AND undone_at IS NULL", id).
					Updates(map[string]any{"undone_at": now, "undone_by": by})
				if r.Error != nil {
					return r.Error
				}
				if r.RowsAffected == 0 {
					return invalid("import", CodeUndone).id(id)
				}
			}
			return nil
		})
		if err != nil {
			var ve *ValidationError
			if res.Customers+res.Purchases > 0 && !errors.As(err, &ve) {
				return res, fmt.Errorf("taking import %d back stopped after %d customers and %d purchases (run it again to finish): %w", id, res.Customers, res.Purchases, err)
			}
			return res, err
		}
		res.Customers += n
		res.Purchases += np
		if progress != nil {
			progress(res.Customers+res.Purchases, max(total, res.Customers+res.Purchases))
		}
		if !done {
			time.Sleep(pause)
		}
	}
	res.Import, err = s.Import(id)
	return res, err
}
