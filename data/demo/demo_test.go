package demo

import (
	"github.com/zusage/zusage/data"

	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var demoNow = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

// demoStore opens a new file and fills it with demo data made at demoNow.
func demoStore(t *testing.T, opt Options) (*data.Store, Result) {
	t.Helper()
	s, err := data.Open(data.TestDB(t, "demo.zusage"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return demoNow }
	s.Loc = berlin
	opt.Now = demoNow
	res, err := Generate(s, opt, nil)
	require.NoError(t, err)
	return s, res
}

func count(t *testing.T, s *data.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	require.NoError(t, s.DB().Raw(q, args...).Row().Scan(&n), q)
	return n
}

func TestDemoDefaultsShowEveryWarningLevel(t *testing.T) {
	s, res := demoStore(t, Options{Seed: 1})
	assert.Equal(t, 5, res.Users)
	assert.Equal(t, 200, res.Customers)
	assert.Greater(t, res.Contacts, 3000)
	assert.Greater(t, res.Commitments, 300)
	assert.Greater(t, res.Purchases, 100)
	assert.Equal(t, len(demoProducts), res.Products)
	assert.EqualValues(t, res.Contacts, count(t, s, "SELECT count(*) FROM contacts"))
	assert.EqualValues(t, res.Commitments, count(t, s, "SELECT count(*) FROM commitments"))
	assert.EqualValues(t, res.Purchases, count(t, s, "SELECT count(*) FROM purchases"))

	ws, err := s.Warnings(demoNow, data.WarningFilter{})
	require.NoError(t, err)
	levels := map[data.Level]int{}
	for _, w := range ws {
		levels[w.Level]++
	}
	for _, l := range data.Levels {
		assert.Positive(t, levels[l], "level %s in %v", l, levels)
	}
	// Warnings stay a to-do list, not a wall: most customers are on track.
	assert.Less(t, len(ws), res.Customers/2)

	// The documented demo identity exists and sees every level in its own list.
	anna, err := s.UserByEmail(UserEmail)
	require.NoError(t, err)
	assert.Equal(t, UserName, anna.Name)
	mine, err := s.Warnings(demoNow, data.WarningFilter{OwnerID: anna.ID})
	require.NoError(t, err)
	own := map[data.Level]bool{}
	for _, w := range mine {
		own[w.Level] = true
		assert.Equal(t, UserEmail, w.Owner)
	}
	assert.Len(t, own, len(data.Levels), "%v", own)
}

func TestDemoIsDeterministic(t *testing.T) {
	names := func(s *data.Store) []string {
		var out []string
		require.NoError(t, s.DB().Raw("SELECT name || ' / ' || company FROM customers ORDER BY id LIMIT 5").Scan(&out).Error)
		return out
	}
	opt := Options{Customers: 60, Users: 3, Years: 1, Seed: 7}
	a, ra := demoStore(t, opt)
	b, rb := demoStore(t, opt)
	assert.Equal(t, ra, rb)
	assert.Equal(t, names(a), names(b))
	var da, db []string
	require.NoError(t, a.DB().Raw("SELECT summary FROM contacts ORDER BY id LIMIT 50").Scan(&da).Error)
	require.NoError(t, b.DB().Raw("SELECT summary FROM contacts ORDER BY id LIMIT 50").Scan(&db).Error)
	assert.Equal(t, da, db)

	opt.Seed = 8
	c, _ := demoStore(t, opt)
	assert.NotEqual(t, names(a), names(c), "another seed, other customers")
}

func TestDemoInvariants(t *testing.T) {
	s, res := demoStore(t, Options{Customers: 150, Users: 4, Years: 3, Seed: 3})
	zero := func(msg, q string, args ...any) {
		t.Helper()
		assert.Zero(t, count(t, s, q, args...), msg)
	}
	r, err := s.Check()
	require.NoError(t, err)
	assert.Equal(t, "ok", r.Integrity)
	assert.Zero(t, r.ForeignKeyProblems, "no dangling references")
	if s.Backend() == data.BackendSQLite {
		assert.Equal(t, "delete", r.JournalMode)
	}

	zero("every customer has an existing owner",
		"SELECT count(*) FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE u.id IS NULL")
	assert.EqualValues(t, res.Commitments, count(t, s, "SELECT count(DISTINCT uid) FROM commitments"), "UIDs are unique")
	zero("last_contact_at is the newest contact",
		"SELECT count(*) FROM customers c WHERE c.last_contact_at IS DISTINCT FROM (SELECT max(at) FROM contacts k WHERE k.customer_id = c.id)")
	zero("no contact in the future", "SELECT count(*) FROM contacts WHERE at > ?", demoNow.Unix())
	zero("every commitment has its created event",
		"SELECT count(*) FROM commitments c WHERE NOT EXISTS (SELECT 1 FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'created' AND e.at = c.promised_at)")
	zero("rescheduled events carry old and new due",
		"SELECT count(*) FROM commitment_events WHERE type = 'rescheduled' AND (old_due IS NULL OR new_due IS NULL OR new_due <= old_due OR reason = '')")
	zero("sequence counts reschedules and cancellations",
		`SELECT count(*) FROM commitments c WHERE c.sequence < (SELECT count(*) FROM commitment_events e
			WHERE e.commitment_id = c.id AND e.type IN ('rescheduled', 'cancelled'))`)
	zero("the due date is the last reschedule's new due",
		`SELECT count(*) FROM commitments c WHERE EXISTS (SELECT 1 FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'rescheduled')
			AND c.due_at IS DISTINCT FROM (SELECT e.new_due FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'rescheduled' ORDER BY e.at DESC, e.id DESC LIMIT 1)`)
	zero("scheduled_at is the promise or the last reschedule",
		`SELECT count(*) FROM commitments c WHERE c.scheduled_at IS DISTINCT FROM COALESCE(
			(SELECT max(e.at) FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'rescheduled'), c.promised_at)`)
	zero("told_at is a delay notice given since the last schedule",
		`SELECT count(*) FROM commitments c WHERE c.told_at IS NOT NULL AND (c.told_at < c.scheduled_at OR NOT EXISTS
			(SELECT 1 FROM contacts k WHERE k.commitment_id = c.id AND k.delay_notice = 1 AND k.at = c.told_at))`)
	zero("the date the customer heard is the deadline, unless the last reschedule was not told",
		`SELECT count(*) FROM commitments c WHERE c.status = 'open' AND c.told_due_at IS DISTINCT FROM c.due_at AND NOT EXISTS
			(SELECT 1 FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'rescheduled' AND e.told = 'not_told'
			 AND e.id = (SELECT max(x.id) FROM commitment_events x WHERE x.commitment_id = c.id AND x.type = 'rescheduled'))`)
	zero("every reschedule says what the customer knows",
		"SELECT count(*) FROM commitment_events WHERE type = 'rescheduled' AND told NOT IN ('not_told', 'customer_asked', 'told')")
	zero("scheduled_ver and told_ver never exceed the version",
		"SELECT count(*) FROM commitments WHERE scheduled_ver < 1 OR scheduled_ver > version OR told_ver > version")
	zero("about_at is the latest contact about the promise",
		"SELECT count(*) FROM commitments c WHERE c.about_at IS DISTINCT FROM (SELECT max(k.at) FROM contacts k WHERE k.commitment_id = c.id)")
	zero("closed promises have done_at, open ones not",
		"SELECT count(*) FROM commitments WHERE (status = 'open') = (done_at IS NOT NULL)")
	zero("standing promises have no deadline, others do",
		"SELECT count(*) FROM commitments WHERE (kind = 'standing') = (due_at IS NOT NULL)")
	zero("all-day deadlines end at midnight of the next day",
		"SELECT count(*) FROM commitments WHERE due_date <> '' AND due_at IS NULL")
	zero("contacts are about promises of their own customer",
		"SELECT count(*) FROM contacts k JOIN commitments c ON c.id = k.commitment_id WHERE c.customer_id <> k.customer_id")
	zero("contacts that make a promise are its first contact",
		"SELECT count(*) FROM contacts k JOIN commitments c ON c.id = k.commitment_id WHERE k.at < c.promised_at")

	// Every channel, direction, kind and status occurs.
	for _, ch := range data.Channels {
		assert.Positive(t, count(t, s, "SELECT count(*) FROM contacts WHERE channel = ?", ch), ch)
	}
	for _, d := range []string{data.DirIn, data.DirOut} {
		assert.Positive(t, count(t, s, "SELECT count(*) FROM contacts WHERE direction = ?", d), d)
	}
	for _, k := range data.Kinds {
		assert.Positive(t, count(t, s, "SELECT count(*) FROM commitments WHERE kind = ?", k), k)
	}
	for _, st := range []string{data.StatusOpen, data.StatusDone, data.StatusCancelled} {
		assert.Positive(t, count(t, s, "SELECT count(*) FROM commitments WHERE status = ?", st), st)
	}
	assert.Positive(t, count(t, s, "SELECT count(*) FROM contacts WHERE concern <> '' AND product_id IS NOT NULL"))
	assert.Positive(t, count(t, s, "SELECT count(*) FROM contacts WHERE delay_notice = 1"))
	assert.Positive(t, count(t, s, "SELECT count(*) FROM commitments WHERE status = 'done' AND done_at > due_at"), "some kept late")
	assert.Positive(t, count(t, s, "SELECT count(*) FROM commitments WHERE kind = 'standing' AND title = 'Zahlung auf Rechnung, 30 Tage'")+
		count(t, s, "SELECT count(*) FROM commitments WHERE kind = 'standing' AND title = '3 % Rabatt auf Ersatzteile'"))

	// The silent ones really are silent: no contact since the deadline and
	// no delay notice since the promise was last scheduled.
	ws, err := s.Warnings(demoNow, data.WarningFilter{})
	require.NoError(t, err)
	silent := 0
	for _, w := range ws {
		if w.Level != data.LevelSilent {
			continue
		}
		silent++
		c, err := s.Commitment(*w.CommitmentID)
		require.NoError(t, err)
		zero("no contact after the deadline", "SELECT count(*) FROM contacts WHERE customer_id = ? AND at >= ?", c.CustomerID, c.DueAt.Unix())
		zero("no delay notice for the schedule", "SELECT count(*) FROM contacts WHERE commitment_id = ? AND delay_notice = 1 AND at >= ?", c.ID, c.ScheduledAt.Unix())
	}
	assert.Positive(t, silent)

	// The generator put back the indexes it dropped for the bulk load.
	fresh, err := data.Open(data.TestDB(t, "fresh.zusage"))
	require.NoError(t, err)
	defer fresh.Close()
	var want, got []string
	idx := "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
	if s.Backend() == data.BackendPostgres {
		idx = `SELECT indexname || ': ' || replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace AND contype = 'f' ORDER BY 1`
	}
	require.NoError(t, fresh.DB().Raw(idx).Scan(&want).Error)
	require.NoError(t, s.DB().Raw(idx).Scan(&got).Error)
	assert.Equal(t, want, got)
	assert.NotEmpty(t, got)
}

func TestDemoRefusesADatabaseWithCustomers(t *testing.T) {
	s, err := data.Open(data.TestDB(t, "real.zusage"))
	require.NoError(t, err)
	defer s.Close()
	anna, err := s.AddUser(data.NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	_, err = s.AddCustomer(data.NewCustomer{Name: "Müller Haustechnik GmbH", OwnerID: anna.ID})
	require.NoError(t, err)
	_, err = Generate(s, Options{Customers: 5, Seed: 1, Now: demoNow}, nil)
	var re *data.RefusedError
	require.True(t, errors.As(err, &re), "%v", err)
	assert.Equal(t, data.RefusedHasCustomers, re.Code)
	assert.Equal(t, 1, re.Count)
	assert.EqualValues(t, 1, count(t, s, "SELECT count(*) FROM users"), "nothing was written")
	assert.EqualValues(t, 0, count(t, s, "SELECT count(*) FROM products"))
}

func TestDemoProgressAndBadOptions(t *testing.T) {
	s, err := data.Open(data.TestDB(t, "p.zusage"))
	require.NoError(t, err)
	defer s.Close()
	_, err = Generate(s, Options{Customers: -1}, nil)
	var ve *data.ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "customers", ve.Field)

	var last, total, calls int
	_, err = Generate(s, Options{Customers: 30, Users: 2, Years: 1, Now: demoNow}, func(d, tot int) {
		assert.GreaterOrEqual(t, d, last, "progress never goes back")
		last, total = d, tot
		calls++
	})
	require.NoError(t, err)
	assert.Equal(t, total, last, "progress ends at 100 %")
	assert.Greater(t, calls, 2)
	// The bulk-load settings were put back on the connection that had them:
	// take every connection of the pool at once and ask each. (A server's
	// load changes settings of its own transaction only.)
	if s.Backend() != data.BackendSQLite {
		return
	}
	sqlDB, err := s.DB().DB()
	require.NoError(t, err)
	ctx := context.Background()
	var conns []*sql.Conn
	for i := 0; i < sqlDB.Stats().MaxOpenConnections; i++ {
		c, err := sqlDB.Conn(ctx)
		require.NoError(t, err)
		conns = append(conns, c)
	}
	for _, c := range conns {
		var fk, sync, cache, temp int
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&temp))
		assert.Equal(t, 1, fk, "foreign keys on")
		assert.Equal(t, 2, sync, "synchronous FULL")
		assert.Equal(t, -data.PageCacheKiB, cache, "the Store's page cache")
		assert.Equal(t, 0, temp)
		c.Close()
	}
}

func TestDemoNamesWithApostrophes(t *testing.T) {
	// Names with an apostrophe arrive intact through the bulk load.
	s, _ := demoStore(t, Options{Customers: 400, Users: 2, Years: 1, Seed: 11})
	var names []string
	require.NoError(t, s.DB().Raw("SELECT name FROM customers WHERE name LIKE '%''%'").Scan(&names).Error)
	require.NotEmpty(t, names)
	assert.Contains(t, names[0], "O'Neill")
}

// Two benchmark packages asking for the same missing file at once: one
// makes it, the other waits for it, and nobody makes it twice.
func TestEnsureBenchFileWaitsForTheOtherMaker(t *testing.T) {
	old := BenchOptions
	BenchOptions = Options{Customers: 12, Users: 2, Years: 1, Seed: 1, Now: demoNow}
	defer func() { BenchOptions = old }()
	path := filepath.Join(t.TempDir(), "bench.zusage")
	lock := path + ".lock"
	require.NoError(t, os.WriteFile(lock, nil, 0o644))
	done := make(chan error, 1)
	go func() { done <- EnsureBenchFile(path, nil) }()
	time.Sleep(1500 * time.Millisecond)
	assert.NoFileExists(t, path, "waits while the other maker holds the lock")
	calls := 0
	require.NoError(t, os.Remove(lock))
	require.NoError(t, EnsureBenchFile(path, func(int, int) { calls++ }))
	require.NoError(t, <-done)
	assert.FileExists(t, path)
	assert.NoFileExists(t, lock)
	assert.NoFileExists(t, path+".partial")
	// A complete file of this schema is not made again.
	before, err := os.Stat(path)
	require.NoError(t, err)
	require.NoError(t, EnsureBenchFile(path, func(int, int) { calls++ }))
	after, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, before.ModTime(), after.ModTime())
}

func TestDemoShipsTalkingPointsAndCustomerLanguages(t *testing.T) {
	s, _ := demoStore(t, Options{Seed: 3})
	for _, kind := range []string{data.KindAnswer, data.KindCallback, data.KindOffer, data.KindDelivery, data.KindInform} {
		for _, lang := range data.Languages {
			tp, err := s.TalkingPointsOf(data.TalkScope{Kind: kind}, lang)
			require.NoError(t, err)
			require.NotEmpty(t, tp.Text, "%s %s", kind, lang)
			blocks := data.ParseTalk(tp.Text)
			bullets := 0
			for _, b := range blocks {
				if b.Bullet {
					bullets++
				}
			}
			assert.GreaterOrEqual(t, bullets, 3, "%s %s: answers to the hard questions", kind, lang)
			assert.Equal(t, 4, strings.Count(tp.Text, "**")/2, "%s %s: what to say first and three hard questions", kind, lang)
		}
	}
	var notice uint
	require.NoError(t, s.DB().Raw("SELECT id FROM notices").Row().Scan(&notice))
	tp, err := s.TalkingPointsFor(data.KindInform, notice, data.LangDE)
	require.NoError(t, err)
	assert.Equal(t, notice, tp.NoticeID, "the notice has its own")
	assert.Contains(t, tp.Text, "Dichtung")
	assert.NotContains(t, tp.Text, "%!", "the product is filled in")
	assert.Greater(t, count(t, s, "SELECT count(*) FROM customers WHERE language = 'en'"), int64(5))
	assert.Zero(t, count(t, s, "SELECT count(*) FROM customers WHERE language NOT IN ('', 'en')"))
}
