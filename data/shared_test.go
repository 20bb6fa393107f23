package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
)

// otherDesktop is a plain SQLite connection to path, as another desktop
// (or the sqlite3 shell) would have, with a short busy timeout.
func otherDesktop(t *testing.T, path string) *sql.Conn {
	t.Helper()
	db, err := sql.Open(sqlite.DriverName, "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(50)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	c, err := db.Conn(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func sqlExec(t *testing.T, c *sql.Conn, q string) error {
	t.Helper()
	_, err := c.ExecContext(context.Background(), q)
	return err
}

func newShared(t *testing.T, opt Options) (*Store, string) {
	t.Helper()
	path := TestDB(t, "team.zusage")
	s, err := OpenWith(path, opt)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	fixed := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return fixed }
	return s, path
}

func TestBeginTakesTheWriteLockUpFront(t *testing.T) {
	fileOnly(t)
	s, path := newShared(t, Options{})
	other := otherDesktop(t, path)

	// Through the Store's GORM handle (DSN _txlock=immediate): no write yet.
	tx := s.db.Begin()
	require.NoError(t, tx.Error)
	err := sqlExec(t, other, "BEGIN IMMEDIATE")
	require.Error(t, err, "a second writer must not get the lock while a transaction is open")
	assert.Equal(t, codeBusy, sqliteCode(err))
	require.NoError(t, tx.Rollback().Error)
	require.NoError(t, sqlExec(t, other, "BEGIN IMMEDIATE"))
	require.NoError(t, sqlExec(t, other, "ROLLBACK"))

	// Through write(): fn has only read so far.
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.write(func(tx *gorm.DB) error {
			var n int64
			if err := tx.Model(&User{}).Count(&n).Error; err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	err = sqlExec(t, other, "BEGIN IMMEDIATE")
	assert.Equal(t, codeBusy, sqliteCode(err), "write() holds the write lock from BEGIN on: %v", err)
	close(release)
	require.NoError(t, <-done)
}

// The trap the DSN comment warns about: with _time_format in the DSN,
// glebarez/sqlite returns before reading _txlock, and BEGIN is deferred.
func TestTimeFormatDisablesTxlock(t *testing.T) {
	fileOnly(t)
	s, path := newShared(t, Options{})
	require.NoError(t, s.Close())
	assert.NotContains(t, dsn(path, false, false, time.Second), "_time_format")
	assert.Contains(t, dsn(path, false, false, time.Second), "_txlock=immediate")

	u, err := url.Parse(dsn(path, false, false, time.Second))
	require.NoError(t, err)
	q := u.Query()
	q.Set("_time_format", "sqlite")
	u.RawQuery = q.Encode()
	db, err := gorm.Open(sqlite.Open(u.String()), &gorm.Config{})
	require.NoError(t, err)
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	tx := db.Begin()
	require.NoError(t, tx.Error)
	defer tx.Rollback()
	other := otherDesktop(t, path)
	assert.NoError(t, sqlExec(t, other, "BEGIN IMMEDIATE"), "deferred BEGIN: the lock was not taken, which is why Zusage never sets _time_format")
	assert.NoError(t, sqlExec(t, other, "ROLLBACK"))
}

func TestWriteWaitsForAnotherDesktop(t *testing.T) {
	fileOnly(t)
	s, path := newShared(t, Options{})
	other := otherDesktop(t, path)
	require.NoError(t, sqlExec(t, other, "BEGIN IMMEDIATE"))
	go func() {
		time.Sleep(600 * time.Millisecond)
		sqlExec(t, other, "ROLLBACK")
	}()
	start := time.Now()
	u, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err, "a lock held for a moment is waited out, not reported")
	assert.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond)
	got, err := s.User(u.ID)
	require.NoError(t, err)
	assert.Equal(t, "Anna Berg", got.Name)
}

func TestWriteGivesUpWithErrBusyAndSavesNothing(t *testing.T) {
	fileOnly(t)
	s, path := newShared(t, Options{LockWait: 400 * time.Millisecond})
	other := otherDesktop(t, path)
	require.NoError(t, sqlExec(t, other, "BEGIN IMMEDIATE"))
	start := time.Now()
	_, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	elapsed := time.Since(start)
	require.ErrorIs(t, err, ErrBusy)
	assert.Equal(t, ErrBusy, err, "nothing else in the way")
	assert.GreaterOrEqual(t, elapsed, 300*time.Millisecond, "it waited")
	assert.Less(t, elapsed, 3*time.Second, "but not forever")
	require.NoError(t, sqlExec(t, other, "ROLLBACK"))

	users, err := s.Users()
	require.NoError(t, err)
	assert.Empty(t, users, "nothing half-saved")
	// The same change simply works when tried again.
	_, err = s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
}

// COMMIT needs every reader gone; when it is busy SQLite keeps the
// transaction open. write() retries the COMMIT and never hands a connection
// back to the pool inside a transaction.
func TestBusyCommitIsRetriedAndNoTransactionLeaks(t *testing.T) {
	fileOnly(t)
	s, path := newShared(t, Options{LockWait: 1500 * time.Millisecond})
	reader := otherDesktop(t, path)
	require.NoError(t, sqlExec(t, reader, "BEGIN"))
	var n int
	require.NoError(t, reader.QueryRowContext(context.Background(), "SELECT count(*) FROM users").Scan(&n))
	go func() {
		time.Sleep(900 * time.Millisecond) // longer than one busy timeout (500 ms)
		sqlExec(t, reader, "COMMIT")
	}()
	runs := 0
	err := s.write(func(tx *gorm.DB) error {
		runs++
		return tx.Create(&User{Name: "Anna Berg", Email: "anna@example.de", Version: 1}).Error
	})
	require.NoError(t, err)
	assert.Equal(t, 1, runs, "the COMMIT was retried; the work was not done twice")

	// Every pool connection is usable for new transactions afterwards.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := s.AddUser(NewUser{Name: fmt.Sprintf("User %d", i), Email: fmt.Sprintf("u%d@example.de", i)})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	users, err := s.Users()
	require.NoError(t, err)
	assert.Len(t, users, 9, "Anna exactly once, and the eight others")
}

func TestWatchdogReportsLongWriteTransactions(t *testing.T) {
	s, _ := newShared(t, Options{})
	var mu sync.Mutex
	var logs []string
	s.Logf = func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf(format, args...))
	}
	s.SlowWrite = 100 * time.Millisecond
	require.NoError(t, s.write(func(tx *gorm.DB) error { return nil }))
	mu.Lock()
	assert.Empty(t, logs, "a short write is not reported")
	mu.Unlock()

	require.NoError(t, s.write(func(tx *gorm.DB) error {
		time.Sleep(300 * time.Millisecond)
		return nil
	}))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, logs, 2, "once while it runs, once when it ends")
	assert.Contains(t, logs[0], "more than 100ms")
	assert.Contains(t, logs[1], "held the file for")
}

func TestWriteRollsBackOnErrorAndPanic(t *testing.T) {
	s, _ := newShared(t, Options{})
	boom := errors.New("boom")
	err := s.write(func(tx *gorm.DB) error {
		require.NoError(t, tx.Create(&User{Name: "X", Email: "x@example.de", Version: 1}).Error)
		return boom
	})
	assert.ErrorIs(t, err, boom)
	assert.Panics(t, func() {
		s.write(func(tx *gorm.DB) error {
			tx.Create(&User{Name: "Y", Email: "y@example.de", Version: 1})
			panic("bug")
		})
	})
	users, err := s.Users()
	require.NoError(t, err)
	assert.Empty(t, users)
	_, err = s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	assert.NoError(t, err, "no transaction left open after the panic")
}

// PrepareStmt and a small pool have deadlocked GORM; Zusage keeps it off.
func TestPrepareStmtIsOff(t *testing.T) {
	s, _ := newShared(t, Options{})
	assert.False(t, s.db.Config.PrepareStmt)
	_, isPrepared := s.db.ConnPool.(*gorm.PreparedStmtDB)
	assert.False(t, isPrepared)
}

func TestEveryConnectionIsVerified(t *testing.T) {
	fileOnly(t)
	s, _ := newShared(t, Options{})
	ctx := context.Background()
	var conns []*sql.Conn
	for i := 0; i < poolSize; i++ { // the whole pool at once
		c, err := s.sqlDB.Conn(ctx)
		require.NoError(t, err)
		conns = append(conns, c)
	}
	for _, c := range conns {
		var mode string
		var syncMode, fk int
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&syncMode))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		assert.Equal(t, "delete", mode)
		assert.Equal(t, 2, syncMode, "synchronous FULL")
		assert.Equal(t, 1, fk)
		c.Close()
	}
}

func TestWALFileIsSwitchedBackToTheRollbackJournal(t *testing.T) {
	fileOnly(t)
	s, path := newShared(t, Options{})
	require.NoError(t, s.Close())
	other := otherDesktop(t, path)
	var mode string
	require.NoError(t, other.QueryRowContext(context.Background(), "PRAGMA journal_mode=WAL").Scan(&mode))
	require.Equal(t, "wal", mode)
	require.NoError(t, other.Close())

	_, err := OpenWith(path, Options{ReadOnly: true})
	var re *RefusedError
	require.ErrorAs(t, err, &re, "a read-only desktop cannot switch it back")
	assert.Contains(t, err.Error(), "WAL")

	s, err = Open(path)
	require.NoError(t, err)
	require.NoError(t, s.db.Raw("PRAGMA journal_mode").Scan(&mode).Error)
	assert.Equal(t, "delete", mode)
	require.NoError(t, s.Close())
	hdr, err := inspectFile(path)
	require.NoError(t, err)
	assert.False(t, hdr.wal, "the file itself says rollback journal again")
}

func TestStaleUpdateIsAConflictAcrossDesktops(t *testing.T) {
	s1, path := newShared(t, Options{})
	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	u, err := s1.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	c, err := s1.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err)

	seen1, err := s1.Customer(c.ID)
	require.NoError(t, err)
	seen2, err := s2.Customer(c.ID)
	require.NoError(t, err)
	seen2.Phone = "+49 421 1"
	_, err = s2.UpdateCustomer(seen2, 1)
	require.NoError(t, err)

	seen1.Phone = "+49 421 2"
	_, err = s1.UpdateCustomer(seen1, 1)
	require.ErrorIs(t, err, ErrConflict, "the stale edit must not silently overwrite")
	now, err := s1.Customer(c.ID)
	require.NoError(t, err)
	assert.Equal(t, "+49 421 1", now.Phone)
	assert.Equal(t, seen1.Version+1, now.Version)

	tomorrow := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	p, err := s1.Promise(NewCommitment{CustomerID: c.ID, ByID: u.ID, Kind: KindCallback, Title: "Rückruf", Due: Due{At: tomorrow}})
	require.NoError(t, err)
	_, err = s2.Reschedule(p.ID, p.Version, u.ID, Due{At: tomorrow.Add(24 * time.Hour)}, "Kunde bat darum", ToldCustomer)
	require.NoError(t, err)
	_, err = s1.Cancel(p.ID, p.Version, u.ID, "doch nicht")
	assert.ErrorIs(t, err, ErrConflict)
}

func TestWatchSeesOtherDesktopsAndOwnWrites(t *testing.T) {
	s1, path := newShared(t, Options{})
	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()

	changed2 := make(chan struct{}, 16)
	stop2 := s2.Watch(100*time.Millisecond, func() { changed2 <- struct{}{} })
	defer stop2()
	changed1 := make(chan struct{}, 16)
	stop1 := s1.Watch(100*time.Millisecond, func() { changed1 <- struct{}{} })

	// Nothing changed: no calls.
	select {
	case <-changed2:
		t.Fatal("onChange without a change")
	case <-time.After(350 * time.Millisecond):
	}

	_, err = s1.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	select {
	case <-changed2:
	case <-time.After(3 * time.Second):
		t.Fatal("the other desktop did not notice the change within 3 s")
	}
	select {
	case <-changed1:
	case <-time.After(3 * time.Second):
		t.Fatal("the writing desktop did not notice its own change within 3 s")
	}

	stop1()
	stop1() // twice is harmless
	for len(changed1) > 0 {
		<-changed1
	}
	_, err = s2.AddUser(NewUser{Name: "Ben Krüger", Email: "ben@example.de"})
	require.NoError(t, err)
	select {
	case <-changed1:
		t.Fatal("onChange after stop")
	case <-changed2:
	case <-time.After(3 * time.Second):
		t.Fatal("own change not noticed")
	}
	time.Sleep(250 * time.Millisecond)
	assert.Empty(t, changed1)

	// Close stops the watchers that are still running.
	s2.mu.Lock()
	assert.Len(t, s2.watchers, 1)
	s2.mu.Unlock()
	require.NoError(t, s2.Close())
	s2.mu.Lock()
	assert.Empty(t, s2.watchers)
	s2.mu.Unlock()
	assert.NotPanics(t, func() { s2.Watch(time.Second, func() {})() }, "Watch on a closed Store is a no-op")
}

func TestStopFromInsideOnChange(t *testing.T) {
	s, _ := newShared(t, Options{})
	var stop func()
	ready := make(chan struct{})
	called := make(chan struct{}, 4)
	stop = s.Watch(50*time.Millisecond, func() {
		<-ready
		stop()
		called <- struct{}{}
	})
	close(ready)
	_, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	select {
	case <-called:
	case <-time.After(3 * time.Second):
		t.Fatal("not called")
	}
	_, err = s.AddUser(NewUser{Name: "Ben Krüger", Email: "ben@example.de"})
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond)
	assert.Empty(t, called)
}

func TestMustExistCreatesNothingOnAnUnmountedShare(t *testing.T) {
	fileOnly(t)
	for _, path := range []string{"/nonexistent-dir/x.zusage", filepath.Join(t.TempDir(), "share", "x.zusage")} {
		_, err := OpenWith(path, Options{MustExist: true})
		var re *RefusedError
		require.ErrorAs(t, err, &re, path)
		assert.Equal(t, RefusedMissing, re.Code)
		_, err = os.Stat(filepath.Dir(path))
		assert.True(t, os.IsNotExist(err), "not even the folder: %s", path)
	}
}

func TestCreateIsTheExplicitNewDatabaseStep(t *testing.T) {
	fileOnly(t)
	path := filepath.Join(t.TempDir(), "new", "team.zusage")
	s, err := Create(path)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	before := fileSum(t, path)
	_, err = Create(path)
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedExists, re.Code)
	assert.Equal(t, before, fileSum(t, path))
	s, err = OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// An empty file is a valid SQLite database, so the mark is what tells ours
// from another program's.
func TestApplicationIDTellsOursFromOthers(t *testing.T) {
	fileOnly(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.zusage")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	s, err := Open(empty)
	require.NoError(t, err, "an empty file becomes a new database")
	var appID int
	require.NoError(t, s.db.Raw("PRAGMA application_id").Scan(&appID).Error)
	assert.Equal(t, ApplicationID, appID)
	require.NoError(t, s.Close())

	// Another program's database: tables, no marks at all.
	other := filepath.Join(dir, "other.db")
	c := otherDesktop(t, other)
	require.NoError(t, sqlExec(t, c, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)"))
	require.NoError(t, sqlExec(t, c, "INSERT INTO notes(text) VALUES ('hallo')"))
	require.NoError(t, c.Close())
	before := fileSum(t, other)
	_, err = Open(other)
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedForeignApp, re.Code)
	assert.Equal(t, before, fileSum(t, other))
}

func TestReadOnlyOptionReadsButNeverWrites(t *testing.T) {
	s, path := newShared(t, Options{})
	u, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	cu, err := s.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err)
	p, err := s.Promise(NewCommitment{CustomerID: cu.ID, ByID: u.ID, Kind: KindOffer, Title: "Angebot", Due: DayDue(2026, 12, 1, time.UTC)})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	before := dbSum(t, path)

	ro, err := OpenWith(path, Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	assert.True(t, ro.ReadOnly())
	got, err := ro.Customer(cu.ID)
	require.NoError(t, err)
	assert.Equal(t, "Müller GmbH", got.Name)
	rows, err := ro.SearchCustomers("müller", 10, 0)
	require.NoError(t, err)
	assert.Len(t, rows, 1)

	writes := map[string]func() error{
		"AddUser":     func() error { _, err := ro.AddUser(NewUser{Name: "B", Email: "b@example.de"}); return err },
		"AddCustomer": func() error { _, err := ro.AddCustomer(NewCustomer{Name: "X", OwnerID: u.ID}); return err },
		"LogContact": func() error {
			_, err := ro.LogContact(NewContact{CustomerID: cu.ID, UserID: u.ID, Channel: "phone", Summary: "x"})
			return err
		},
		"Promise": func() error {
			_, err := ro.Promise(NewCommitment{CustomerID: cu.ID, ByID: u.ID, Kind: KindOffer, Title: "x", Due: DayDue(2026, 12, 2, time.UTC)})
			return err
		},
		"Reschedule": func() error {
			_, err := ro.Reschedule(p.ID, 0, u.ID, DayDue(2026, 12, 3, time.UTC), "x", ToldCustomer)
			return err
		},
		"Complete": func() error { _, err := ro.Complete(p.ID, 0, u.ID, ""); return err },
		"Cancel":   func() error { _, err := ro.Cancel(p.ID, 0, u.ID, "x"); return err },
		"Settings": func() error { return ro.SaveSettings(DefaultSettings()) },
		"Archive":  func() error { return ro.ArchiveCustomer(cu.ID, got.Version, 1) },
	}
	for name, w := range writes {
		err := w()
		require.ErrorIs(t, err, ErrReadOnly, name)
		assert.Equal(t, ErrReadOnly, err, name)
	}
	made, err := ro.AutoBackup(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Empty(t, made)
	require.NoError(t, ro.Close())
	assert.Equal(t, before, dbSum(t, path), "not a byte written")
}

func TestReadOnlyFileOpensReadOnly(t *testing.T) {
	fileOnly(t)
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop root from writing, so a read-only file cannot be made here (Options.ReadOnly is tested above)")
	}
	s, path := newShared(t, Options{})
	_, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.Chmod(path, 0o444))
	t.Cleanup(func() { os.Chmod(path, 0o644) })
	before := fileSum(t, path)

	ro, err := OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	defer ro.Close()
	assert.True(t, ro.ReadOnly())
	users, err := ro.Users()
	require.NoError(t, err)
	assert.Len(t, users, 1)
	_, err = ro.AddUser(NewUser{Name: "B", Email: "b@example.de"})
	assert.ErrorIs(t, err, ErrReadOnly)

	// A read-only folder (SQLite cannot create its journal) counts too.
	require.NoError(t, os.Chmod(path, 0o644))
	dir := filepath.Dir(path)
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	ro2, err := OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	defer ro2.Close()
	assert.True(t, ro2.ReadOnly())
	_, err = ro2.AddUser(NewUser{Name: "B", Email: "b@example.de"})
	assert.ErrorIs(t, err, ErrReadOnly)
	assert.Equal(t, before, fileSum(t, path))
}

func TestErrorsReadAsWords(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want error
	}{
		{errors.New("database is locked (5) (SQLITE_BUSY)"), ErrBusy},
		{errors.New("database table is locked (6)"), ErrBusy},
		{errors.New("attempt to write a readonly database (8)"), ErrReadOnly},
		{errors.New("database disk image is malformed (11)"), ErrDamaged},
		{gorm.ErrRecordNotFound, ErrNotFound},
	} {
		assert.ErrorIs(t, mapErr(tc.err), tc.want, tc.err.Error())
	}
	ve := invalid("name", CodeRequired)
	assert.Same(t, ve, mapErr(ve))
}
