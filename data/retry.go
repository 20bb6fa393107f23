package data

import (
	"context"
	"database/sql/driver"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"gorm.io/gorm"
)

// write runs fn in one short write transaction and retries it while another
// desktop holds the file.
//
// The transaction is begun by hand on a connection of its own, with BEGIN
// IMMEDIATE, so the write lock is taken before fn reads anything and two
// desktops never deadlock upgrading read locks. A COMMIT that finds readers
// still on the file returns SQLITE_BUSY and leaves the transaction open;
// database/sql would then hand the connection back to the pool mid-
// transaction, so the COMMIT itself is retried here and a connection whose
// state is unknown is thrown away. fn must do all its work through tx and
// be safe to run again: a lock conflict inside fn rolls back and runs it
// once more. After LockWait in total the operation returns ErrBusy and
// nothing was written.
func (s *Store) write(fn func(tx *gorm.DB) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	// A write on a file that is no longer at its path would change a file
	// nobody else sees: a restored backup would silently miss it.
	if g := s.checkFile(); g == FileDeleted || g == FileReplaced {
		return ErrFileGone
	}
	s.remeasureClock()
	deadline := time.Now().Add(s.lockWait)
	pause := 10 * time.Millisecond
	for {
		err := s.writeOnce(fn, deadline)
		if err == nil {
			s.writes.Add(1)
			return nil
		}
		if !retryable(err) {
			return s.whyNotWritten(mapErr(err))
		}
		if time.Now().Add(pause).After(deadline) {
			return ErrBusy
		}
		sleepJitter(pause)
		pause = min(pause*2, 500*time.Millisecond)
	}
}

// sleepJitter sleeps about d, varied so that desktops that collided once do
// not collide again in step.
func sleepJitter(d time.Duration) {
	time.Sleep(d/2 + rand.N(d))
}

// writeOnce is one attempt: BEGIN IMMEDIATE, fn, COMMIT (retried while busy
// until deadline), or ROLLBACK.
func (s *Store) writeOnce(fn func(tx *gorm.DB) error, deadline time.Time) (err error) {
	ctx := context.Background()
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	// A connection whose transaction state is unknown is not put back.
	discard := false
	defer func() {
		if discard {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}()
	if err := s.d.begin(ctx, conn); err != nil {
		return err
	}
	stopWatch := s.watchdog()
	defer stopWatch()

	committed := false
	defer func() {
		if committed {
			return
		}
		if _, rerr := conn.ExecContext(ctx, "ROLLBACK"); rerr != nil && !strings.Contains(rerr.Error(), "no transaction is active") {
			discard = true
		}
	}()

	tx := s.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	tx.Statement.ConnPool = s.d.pool(conn)
	// A panic in fn still runs the deferred ROLLBACK above.
	if err := fn(tx); err != nil {
		return err
	}
	if err := s.d.commit(ctx, conn, deadline); err != nil {
		return err
	}
	committed = true
	s.d.committed(ctx, conn)
	return nil
}

// watchdog reports a write transaction that runs longer than SlowWrite,
// once while it still runs and once with its duration when it ends; the
// returned func ends the watch.
func (s *Store) watchdog() func() {
	limit := s.SlowWrite
	logf := s.Logf
	if limit <= 0 || logf == nil {
		return func() {}
	}
	start := time.Now()
	timer := time.AfterFunc(limit, func() {
		logf("zusage: a write transaction on %s has held the file for more than %s; other desktops must wait", s.path, limit)
	})
	return func() {
		timer.Stop()
		if d := time.Since(start); d > limit {
			logf("zusage: a write transaction on %s held the file for %s (limit %s)", s.path, d.Round(time.Millisecond), limit)
		}
	}
}

// whyNotWritten decides what a failed write says when SQLite only reports
// an I/O error or a file it cannot open: the file can have become
// read-only (an administrator changed the rights, the share is mounted
// read-only now), be gone from its path, or the share is really away.
// Only the last is "not connected" (ErrUnreachable).
func (s *Store) whyNotWritten(err error) error {
	if !errors.Is(err, ErrUnreachable) && !errors.Is(err, ErrReadOnly) {
		return err
	}
	switch s.checkFile() {
	case FileDeleted, FileReplaced:
		return ErrFileGone
	case FileUnreachable:
		return ErrUnreachable
	}
	if !writable(s.path) {
		return ErrReadOnly
	}
	return err
}
