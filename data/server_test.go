package data

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The PostgreSQL side of the seam (dialect.go): what the file's tests
// cannot show. They run when ZUSAGE_TEST_PG names a server (make test).

// rawServer is a plain connection to the test store at loc, as psql or
// another program would have.
func rawServer(t *testing.T, loc string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), loc)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func TestTwentyDesktopsStartingAtOnceMigrateOnce(t *testing.T) {
	serverOnly(t)
	loc := TestDB(t, "team")
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(loc)
			if err == nil {
				_, err = s.Settings()
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "desktop %d", i)
	}
	c := rawServer(t, loc)
	var steps, distinct, version int
	require.NoError(t, c.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT version) FROM zusage_migrations`).Scan(&steps, &distinct))
	assert.Equal(t, SchemaVersion, steps, "every step applied once")
	assert.Equal(t, SchemaVersion, distinct)
	require.NoError(t, c.QueryRow(context.Background(), `SELECT version FROM zusage_schema`).Scan(&version))
	assert.Equal(t, SchemaVersion, version)
}

func TestServerRefusesNewerForeignAndEmpty(t *testing.T) {
	serverOnly(t)
	ctx := context.Background()
	loc := TestDB(t, "team")
	s, err := Open(loc)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	c := rawServer(t, loc)
	_, err = c.Exec(ctx, `UPDATE zusage_schema SET version = version + 1`)
	require.NoError(t, err)
	_, err = Open(loc)
	var ne *NewerSchemaError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, SchemaVersion+1, ne.FileVersion)
	var v int
	require.NoError(t, c.QueryRow(ctx, `SELECT version FROM zusage_schema`).Scan(&v))
	assert.Equal(t, SchemaVersion+1, v, "not changed")

	// Another program's tables, no Zusage schema.
	other := TestDB(t, "other")
	oc := rawServer(t, other)
	_, err = oc.Exec(ctx, `CREATE TABLE notes (id int PRIMARY KEY, text text)`)
	require.NoError(t, err)
	_, err = Open(other)
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedForeignApp, re.Code)
	var n int
	require.NoError(t, oc.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&n))
	assert.Equal(t, 1, n, "nothing created")

	// An empty database opened as an existing one: refused, not filled.
	empty := TestDB(t, "empty")
	_, err = OpenWith(empty, Options{MustExist: true})
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedMissing, re.Code)
	s, err = Create(empty)
	require.NoError(t, err, "Create is the explicit new-database step")
	require.NoError(t, s.Close())
	_, err = Create(empty)
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedExists, re.Code)
}

func TestServerWriteWaitsForALockAndGivesUpWithErrBusy(t *testing.T) {
	serverOnly(t)
	ctx := context.Background()
	s, loc := newShared(t, Options{LockWait: 600 * time.Millisecond})
	u, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	other := rawServer(t, loc)

	// Another desktop holds the row a moment: the write waits and succeeds.
	tx, err := other.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `UPDATE users SET phone = '1' WHERE id = $1`, u.ID)
	require.NoError(t, err)
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(150 * time.Millisecond)
		tx.Rollback(ctx)
	}()
	u.Phone = "+49 30 2"
	_, err = s.UpdateUser(u)
	require.NoError(t, err, "a lock held for a moment is waited out")
	<-released

	// Held for longer than LockWait: ErrBusy, and nothing saved.
	got, err := s.User(u.ID)
	require.NoError(t, err)
	tx, err = other.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `LOCK TABLE users IN EXCLUSIVE MODE`)
	require.NoError(t, err)
	start := time.Now()
	got.Phone = "+49 30 3"
	_, err = s.UpdateUser(got)
	assert.Equal(t, ErrBusy, err)
	assert.Less(t, time.Since(start), 3*time.Second)
	require.NoError(t, tx.Rollback(ctx))
	again, err := s.User(u.ID)
	require.NoError(t, err)
	assert.Equal(t, "+49 30 2", again.Phone)
}

func TestServerSerializationFailuresAreRetried(t *testing.T) {
	serverOnly(t)
	s, _ := newShared(t, Options{})
	u, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	cu, err := s.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err)
	// Many desktops logging contacts for one customer at once all read and
	// update the same customer row: serializable transactions conflict, and
	// every one is run again until it commits.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.LogContact(NewContact{CustomerID: cu.ID, UserID: u.ID, Channel: "phone", Summary: "Anruf"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var n int64
	require.NoError(t, s.db.Model(&Contact{}).Count(&n).Error)
	assert.EqualValues(t, 40, n, "nothing lost")
}

func TestServerNotifiesOtherDesktopsAtOnceAndPollsAsFallback(t *testing.T) {
	serverOnly(t)
	s1, loc := newShared(t, Options{})
	s2, err := Open(loc)
	require.NoError(t, err)
	defer s2.Close()
	changed := make(chan time.Time, 16)
	// A long interval: only a notification can be this quick.
	stop := s2.Watch(5*time.Second, func() { changed <- time.Now() })
	defer stop()
	time.Sleep(300 * time.Millisecond) // the watcher is listening
	start := time.Now()
	_, err = s1.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	select {
	case at := <-changed:
		assert.Less(t, at.Sub(start), 2*time.Second)
	case <-time.After(4 * time.Second):
		t.Fatal("no notification")
	}

	// A change whose notification never came (a pooler that drops them):
	// the counter, read every interval, still shows it.
	stop()
	stop2 := s2.Watch(300*time.Millisecond, func() { changed <- time.Now() })
	defer stop2()
	for len(changed) > 0 {
		<-changed
	}
	time.Sleep(500 * time.Millisecond)
	_, err = rawServer(t, loc).Exec(context.Background(), "SELECT nextval('"+pgChangeSeq+"')")
	require.NoError(t, err)
	select {
	case <-changed:
	case <-time.After(3 * time.Second):
		t.Fatal("the poll did not see the counter move")
	}
}

func TestServerBackupIsAPgDumpAndNeverOverwrites(t *testing.T) {
	serverOnly(t)
	f := newFixture(t)
	out := filepath.Join(t.TempDir(), "team.dump")
	if _, err := os.Stat("/usr/lib/postgresql"); err == nil {
		require.NoError(t, f.s.Backup(out))
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, "PGDMP", string(b[:5]), "pg_dump's custom format")
		err = f.s.Backup(out)
		var re *RefusedError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, RefusedExists, re.Code)
	}
	// Without pg_dump the backup says so, and leaves nothing behind.
	t.Setenv("PATH", t.TempDir())
	missing := filepath.Join(t.TempDir(), "none.dump")
	err := f.s.Backup(missing)
	var me *MissingToolError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "pg_dump", me.Tool)
	assert.NoFileExists(t, missing)
	made, err := f.s.AutoBackup(f.now)
	require.NoError(t, err)
	assert.Empty(t, made, "a server's backups are the server's")
}

func TestServerCheckAndClock(t *testing.T) {
	serverOnly(t)
	f := newFixture(t)
	r, err := f.s.Check()
	require.NoError(t, err)
	assert.True(t, r.Healthy(), "%+v", r)
	assert.Equal(t, SchemaVersion, r.Schema)
	assert.EqualValues(t, 2, r.Users)
	assert.EqualValues(t, 1, r.Customers)
	assert.Contains(t, r.ServerVersion, "PostgreSQL")
	r2, err := CheckFile(f.s.pgLoc + "&search_path=" + currentSchema(t, f.s) + ",public")
	require.NoError(t, err)
	assert.True(t, r2.Healthy(), "%+v", r2)
	assert.True(t, f.s.Clock().Measured, "the server's clock is the shared clock")
	assert.False(t, f.s.Clock().Off())
}

func currentSchema(t *testing.T, s *Store) string {
	var n string
	require.NoError(t, s.db.Raw("SELECT current_schema()").Row().Scan(&n))
	return n
}

func TestServerLoginAndTLSDefaults(t *testing.T) {
	cfg, _, err := serverConfig("postgres://zusage@db.example.com/zusage", Options{}, time.Second)
	require.NoError(t, err)
	require.NotNil(t, cfg.TLSConfig, "a server on another computer: TLS by default")
	assert.False(t, cfg.TLSConfig.InsecureSkipVerify)
	assert.Empty(t, cfg.Fallbacks, "no fallback to plain text")
	cfg, _, err = serverConfig("postgres://zusage@db.example.com/zusage?sslmode=disable", Options{Password: "geheim"}, time.Second)
	require.NoError(t, err)
	assert.Nil(t, cfg.TLSConfig, "an explicit choice is kept")
	assert.Equal(t, "geheim", cfg.Password, "the password asked at start")
	assert.Equal(t, "postgres://zusage@db.example.com/zusage", ServerAddress("postgres://zusage:geheim@db.example.com/zusage"))
	assert.Equal(t, "postgres://zusage@h/z?sslmode=require", ServerAddress("postgres://zusage@h/z?password=geheim&sslmode=require"))
	_, _, err = serverConfig("postgres://", Options{}, time.Second)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)

	if TestBackend() != BackendPostgres {
		return
	}
	// A wrong password is refused as a code, with the server's words kept.
	loc := TestDB(t, "team")
	s, err := OpenWith(loc, Options{Password: "falsch"})
	if err == nil {
		s.Close()
		t.Skip("the test server trusts its clients (no password checked)")
	}
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, RefusedLogin, re.Code)
	assert.NotContains(t, err.Error(), "falsch")
}

// The change log on a server: concurrent writers' entries get positions in
// commit order and without gaps (numbered at commit under a lock), so a
// reader following the log misses nothing, and a rolled-back write leaves
// no entry.
func TestServerChangeLogPositionsAreInCommitOrderWithoutGaps(t *testing.T) {
	serverOnly(t)
	s1, loc := newShared(t, Options{})
	s2, err := Open(loc)
	require.NoError(t, err)
	defer s2.Close()
	u, err := s1.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	cu, err := s1.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err)
	start, err := s2.ChangesSince(0)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := s1
			if i%2 == 1 {
				s = s2
			}
			for j := 0; j < 5; j++ {
				_, err := s.LogContact(NewContact{CustomerID: cu.ID, UserID: u.ID, Channel: "phone", Summary: "Anruf"})
				assert.NoError(t, err)
			}
		}()
	}
	// A write that fails leaves nothing in the log.
	_, err = s1.AddCustomer(NewCustomer{Name: "X", OwnerID: 999})
	require.Error(t, err)
	wg.Wait()
	c := rawServer(t, loc)
	var pending, n, lo, hi int64
	require.NoError(t, c.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE id IS NULL), count(id), min(id), max(id) FROM changes`).Scan(&pending, &n, &lo, &hi))
	assert.Zero(t, pending, "every entry has its position")
	assert.Equal(t, hi-lo+1, n, "no gaps")
	cs, err := s2.ChangesSince(start.To)
	require.NoError(t, err)
	assert.False(t, cs.Reload)
	contacts := 0
	for _, ch := range cs.Changes {
		if ch.Kind == "contact" && ch.CustomerID == cu.ID {
			contacts++
		}
	}
	assert.GreaterOrEqual(t, contacts, 40, "every contact, in the order of the commits")
}
