package data

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The first demo salesperson: a stable, documented identity to pass to
// `zusage --as` after `zusage demo`.
const (
	// DemoUserName is the full name of the first demo salesperson.
	DemoUserName = "Anna Schmidt"
	// DemoUserEmail is the e-mail of the first demo salesperson.
	DemoUserEmail = "anna.schmidt@example.com"
)

// DemoOptions says how much demo data to make.
type DemoOptions struct {
	// Customers, Users and Years default to 200, 5 and 2 when zero.
	Customers, Users, Years int
	// Seed makes the data reproducible: the same seed gives the same file.
	Seed int64
	// Now is the moment the demo history leads up to (default: the Store's clock).
	Now time.Time
}

// DemoResult counts what GenerateDemo made.
type DemoResult struct {
	Users, Customers, Contacts, Commitments, Products, Purchases int
}

// Demo customer situations: each customer ends in one of these, so that a
// fresh demo file shows every kind of warning next to customers on track.
const (
	demoOnTrack = iota
	demoSoon
	demoSlipped
	demoSilent
	demoAtRisk
	demoNoNext
	demoQuiet
	demoArchived
)

// demoStateWeights are the shares of the situations above (per mille).
var demoStateWeights = []int{500, 70, 60, 40, 40, 100, 170, 20}

// demoContactsPerCustomerYear is tuned so that 20,000 customers over ten
// years (20 salespeople, 40 contacts a day) make about two million contacts
// once promise follow-ups are added.
const demoContactsPerCustomerYear = 9.25

// demoPromiseShare is the share of contacts that end with a promise.
const demoPromiseShare = 0.1

// GenerateDemo fills an empty database with a believable history: users,
// customers, products and purchases, a contact journal on every channel and
// promises in every state relative to opt.Now. It refuses a database that
// already has customers, so demo data never mixes with real data. progress,
// when not nil, is called now and then with how much is done.
func GenerateDemo(s *Store, opt DemoOptions, progress func(done, total int)) (DemoResult, error) {
	if s.readOnly {
		return DemoResult{}, ErrReadOnly
	}
	if opt.Customers == 0 {
		opt.Customers = 200
	}
	if opt.Users == 0 {
		opt.Users = 5
	}
	if opt.Years == 0 {
		opt.Years = 2
	}
	switch {
	case opt.Customers < 1 || opt.Customers > 1_000_000:
		return DemoResult{}, invalid("customers", "must be between 1 and 1000000")
	case opt.Users < 1 || opt.Users > 1000:
		return DemoResult{}, invalid("users", "must be between 1 and 1000")
	case opt.Years < 1 || opt.Years > 50:
		return DemoResult{}, invalid("years", "must be between 1 and 50")
	}
	if opt.Now.IsZero() {
		opt.Now = s.now()
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	g := &demoGen{
		r:   rand.New(rand.NewPCG(uint64(opt.Seed), 0x5A5347)),
		now: time.Unix(opt.Now.Unix(), 0).UTC(),
		loc: s.Loc,
		opt: opt,
	}
	if g.loc == nil {
		g.loc = time.UTC
	}
	err := g.run(s, progress)
	if err == nil {
		err = g.notice(s)
	}
	return g.res, mapErr(err)
}

// notice issues one product notice (lesson 6) through the Store's own
// operations, as a salesperson would, and tells about a third of the buyers,
// so the Notices screen of a demo shows a campaign under way. The Store's
// clock is set to the demo's time meanwhile; GenerateDemo, like the bulk
// load before, must not run beside other work on the same Store.
func (g *demoGen) notice(s *Store) error {
	var product Product
	err := s.db.Raw(`SELECT p.* FROM products p JOIN purchases pu ON pu.product_id = p.id
		JOIN customers c ON c.id = pu.customer_id AND c.archived = 0
		GROUP BY p.id ORDER BY count(DISTINCT pu.customer_id) DESC, p.id LIMIT 1`).Scan(&product).Error
	if err != nil || product.ID == 0 {
		return err
	}
	// Only the latest lots, as with a real defect: a notice to every buyer
	// of a ten-year product would be thousands of calls, not a campaign.
	var lots []string
	err = s.db.Raw(`SELECT lot FROM purchases WHERE product_id = ? AND lot <> ''
		GROUP BY lot ORDER BY max(date) DESC, lot LIMIT 8`, product.ID).Scan(&lots).Error
	if err != nil {
		return err
	}
	var by User
	if err := s.db.Order("id").First(&by).Error; err != nil {
		return err
	}
	// The notice went out two days ago, in office hours.
	issued := g.workTime(g.now.Add(-days(2)), g.now.Add(-days(1)))
	saved := s.Now
	s.Now = func() time.Time { return issued }
	defer func() { s.Now = saved }()
	_, made, err := s.CreateNotice(NewNotice{
		ProductID:   product.ID,
		Title:       product.Name + ", letzte Chargen: Dichtung kann undicht werden — bitte prüfen",
		Lot:         strings.Join(lots, ", "),
		Description: "Bei einzelnen Geräten kann die Wellendichtung nach längerem Betrieb Flüssigkeit verlieren. Sichtprüfung empfohlen; Austauschdichtungen sind kostenlos.",
		Risk:        "Leckage, Ausfall der Anlage",
		ByID:        by.ID,
		DueDays:     7,
	})
	if err != nil {
		return err
	}
	g.res.Commitments += len(made)
	s.Now = func() time.Time { return g.now }
	for i, c := range made {
		if i%3 != 0 {
			continue
		}
		_, err := s.LogContact(NewContact{CustomerID: c.CustomerID, UserID: c.OwnerID,
			At: g.workTime(issued.Add(time.Hour), g.now.Add(-time.Minute)), Channel: "phone", Direction: DirOut,
			Summary: "Über die Kundeninformation zu " + product.Name + " informiert, Prüfung vereinbart", CommitmentID: &c.ID})
		if err != nil {
			return err
		}
		g.res.Contacts++
	}
	return nil
}

type demoUser struct {
	id          uint
	name, email string
}

type demoCustomer struct {
	id                  uint
	owner               int
	en                  bool
	state               int
	created, end        time.Time
	weight              float64
	n                   int
	name, company       string
	email, phone, addr  string
	notes               string
	lastContact         time.Time
	purchasedProducts   []int
	productForSummaries int
}

type demoContact struct {
	id         uint
	at         time.Time
	user       int
	channel    string
	dir        string
	summary    string
	notes      string
	commitment uint
	delay      bool
	product    int // index into products, -1 for none
	concern    string
}

type demoPromise struct {
	id           uint
	owner        int
	kind, title  string
	details      string
	promised     time.Time
	due          time.Time
	dueDate      string
	estimate     time.Time
	status       string
	doneAt       time.Time
	seq, version int
	scheduled    time.Time
	told         time.Time
	updated      time.Time
}

type demoGen struct {
	r   *rand.Rand
	now time.Time
	loc *time.Location
	opt DemoOptions
	res DemoResult

	users    []demoUser
	products []uint

	nextCustomer, nextContact, nextCommitment, nextEvent, nextPurchase uint

	customers, contacts, plainContacts, commitments, events, purchases *batcher

	cu       *demoCustomer
	cbuf     []demoContact
	lang     int // 0 de, 1 en
	uidBytes [16]byte
}

// run does the whole generation in one write transaction on a dedicated
// connection. Bulk loading is made fast by the things SQLite documents for
// it: no fsync until the end (synchronous OFF on this connection only), a
// big page cache, foreign keys checked by construction instead of per row,
// multi-row INSERTs from prepared statements, and secondary indexes built
// once after the load instead of maintained row by row. The file keeps its
// rollback journal throughout, and every pragma is restored afterwards.
func (g *demoGen) run(s *Store, progress func(done, total int)) (err error) {
	ctx := context.Background()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	restore, err := fastLoadPragmas(ctx, conn)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := restore(); rerr != nil && err == nil {
			err = rerr
		}
	}()

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	var n int
	if err = tx.QueryRowContext(ctx, `SELECT count(*) FROM customers`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &RefusedError{Path: s.path, Reason: fmt.Sprintf("the database already has %d customers; demo data is only generated into a new, empty file", n),
			Hint: "give --db the name of a new file"}
	}
	for _, q := range []struct {
		dst *uint
		sql string
	}{
		{&g.nextCustomer, `SELECT COALESCE(MAX(id),0) FROM customers`},
		{&g.nextContact, `SELECT COALESCE(MAX(id),0) FROM contacts`},
		{&g.nextCommitment, `SELECT COALESCE(MAX(id),0) FROM commitments`},
		{&g.nextEvent, `SELECT COALESCE(MAX(id),0) FROM commitment_events`},
		{&g.nextPurchase, `SELECT COALESCE(MAX(id),0) FROM purchases`},
	} {
		if err = tx.QueryRowContext(ctx, q.sql).Scan(q.dst); err != nil {
			return err
		}
	}

	indexes, err := dropIndexes(ctx, tx, "contacts", "commitments", "commitment_events", "purchases")
	if err != nil {
		return err
	}
	if err = g.makeUsers(ctx, tx); err != nil {
		return err
	}
	if err = g.makeProducts(ctx, tx); err != nil {
		return err
	}
	mk := func(table string, cols ...string) (*batcher, error) { return newBatcher(ctx, tx, table, cols) }
	if g.customers, err = mk("customers", "id", "name", "company", "email", "phone", "address", "notes", "owner_id", "archived", "version", "created_at", "updated_at", "last_contact_at"); err != nil {
		return err
	}
	if g.contacts, err = mk("contacts", "id", "customer_id", "user_id", "at", "channel", "direction", "summary", "notes", "commitment_id", "delay_notice", "product_id", "concern", "version", "created_at", "updated_at"); err != nil {
		return err
	}
	// Most journal entries are plain: no promise, product, concern or notes.
	// Leaving those columns to their defaults makes the statements shorter,
	// and parsing them is most of the work.
	if g.plainContacts, err = mk("contacts", "id", "customer_id", "user_id", "at", "channel", "direction", "summary", "created_at", "updated_at"); err != nil {
		return err
	}
	if g.commitments, err = mk("commitments", "id", "customer_id", "owner_id", "kind", "title", "details", "promised_at", "due_at", "due_date", "estimate_at", "status", "done_at", "uid", "sequence", "version", "scheduled_at", "told_at", "created_at", "updated_at"); err != nil {
		return err
	}
	if g.events, err = mk("commitment_events", "id", "commitment_id", "customer_id", "type", "at", "by_id", "old_due", "new_due", "old_due_date", "new_due_date", "reason"); err != nil {
		return err
	}
	if g.purchases, err = mk("purchases", "id", "customer_id", "product_id", "date", "lot", "created_at"); err != nil {
		return err
	}
	defer func() {
		for _, b := range []*batcher{g.customers, g.contacts, g.plainContacts, g.commitments, g.events, g.purchases} {
			b.close()
		}
	}()

	plan := g.plan()
	total := len(plan) + len(indexes) + 1
	step := len(plan)/200 + 1
	for i := range plan {
		if err = g.customer(&plan[i]); err != nil {
			return err
		}
		if (i+1)%step == 0 {
			progress(i+1, total)
		}
	}
	for _, b := range []*batcher{g.customers, g.contacts, g.plainContacts, g.commitments, g.events, g.purchases} {
		if err = b.flush(); err != nil {
			return err
		}
	}
	done := len(plan)
	progress(done, total)
	for _, q := range indexes {
		if _, err = tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%w in %q", err, q)
		}
		done++
		progress(done, total)
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	progress(total, total)
	return nil
}

// fastLoadPragmas switches conn to bulk-load settings and returns the
// function that puts back what was there.
func fastLoadPragmas(ctx context.Context, conn *sql.Conn) (func() error, error) {
	names := []string{"synchronous", "cache_size", "foreign_keys", "temp_store", "threads"}
	old := make([]int64, len(names))
	for i, n := range names {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+n).Scan(&old[i]); err != nil {
			return nil, err
		}
	}
	restore := func() error {
		for i, n := range names {
			if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA %s = %d", n, old[i])); err != nil {
				return err
			}
		}
		return nil
	}
	for _, q := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144", "PRAGMA foreign_keys = OFF", "PRAGMA temp_store = MEMORY", "PRAGMA threads = 2"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			restore()
			return nil, err
		}
	}
	return restore, nil
}

// dropIndexes drops the secondary indexes of the tables and returns the
// exact statements that recreate them.
func dropIndexes(ctx context.Context, tx *sql.Tx, tables ...string) ([]string, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?` +
		strings.Repeat(",?", len(tables)-1) + `) ORDER BY tbl_name, name`
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var names, stmts []string
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
		stmts = append(stmts, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// batcher collects rows for one table and writes them as multi-row INSERTs
// with the values written into the statement. The values are generated
// here, never typed by a user, and strings are quoted by sqlLiteral. This
// beats bound parameters by far: the driver re-prepares a statement on
// every Exec and matches each bound parameter by a linear search, which is
// quadratic in the parameters of one statement.
type batcher struct {
	ctx  context.Context
	tx   *sql.Tx
	head string
	per  int
	buf  []byte
	n    int
}

func newBatcher(ctx context.Context, tx *sql.Tx, table string, cols []string) (*batcher, error) {
	b := &batcher{ctx: ctx, tx: tx, per: 500}
	b.head = "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	b.buf = append(make([]byte, 0, 1<<17), b.head...)
	return b, nil
}

func (b *batcher) add(vals ...any) error {
	if b.n > 0 {
		b.buf = append(b.buf, ',')
	}
	b.buf = append(b.buf, '(')
	for i, v := range vals {
		if i > 0 {
			b.buf = append(b.buf, ',')
		}
		b.buf = sqlLiteral(b.buf, v)
	}
	b.buf = append(b.buf, ')')
	b.n++
	if b.n == b.per {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if b.n == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, string(b.buf))
	b.buf = append(b.buf[:0], b.head...)
	b.n = 0
	return err
}

func (b *batcher) close() {}

// sqlLiteral appends v as an SQL literal.
func sqlLiteral(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "NULL"...)
	case int:
		return strconv.AppendInt(buf, int64(x), 10)
	case int64:
		return strconv.AppendInt(buf, x, 10)
	case uint:
		return strconv.AppendUint(buf, uint64(x), 10)
	case string:
		buf = append(buf, '\'')
		for i := 0; i < len(x); i++ {
			if x[i] == '\'' {
				buf = append(buf, '\'')
			}
			buf = append(buf, x[i])
		}
		return append(buf, '\'')
	}
	panic(fmt.Sprintf("sqlLiteral: unexpected %T", v))
}

// ux is a moment as stored (Unix seconds), NULL for the zero time.
func ux(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func (g *demoGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *demoGen) chance(p float64) bool { return g.r.Float64() < p }

// between is a moment uniformly in [lo, hi], whole seconds.
func (g *demoGen) between(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return lo
	}
	return lo.Add(time.Duration(g.r.Int64N(int64(hi.Sub(lo))/1e9+1)) * time.Second)
}

// workTime is a moment in [lo, hi] during office hours on a weekday, when
// the span allows.
func (g *demoGen) workTime(lo, hi time.Time) time.Time {
	var t time.Time
	for try := 0; try < 4; try++ {
		t = g.between(lo, hi)
		lt := t.In(g.loc)
		y, m, d := lt.Date()
		switch lt.Weekday() {
		case time.Saturday:
			d--
		case time.Sunday:
			d -= 2
		}
		out := time.Date(y, m, d, 8+g.r.IntN(10), g.r.IntN(60), g.r.IntN(60), 0, g.loc).UTC()
		if !out.Before(lo) && !out.After(hi) {
			return out
		}
	}
	return t
}

func days(n float64) time.Duration { return time.Duration(n * float64(24*time.Hour)) }

func (g *demoGen) uid() string {
	b := g.uidBytes[:]
	for i := 0; i < 16; i += 8 {
		v := g.r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x@zusage", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (g *demoGen) makeUsers(ctx context.Context, tx *sql.Tx) error {
	created := g.now.AddDate(-g.opt.Years, 0, -7)
	seen := map[string]bool{}
	var maxID uint
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id),0) FROM users`).Scan(&maxID); err != nil {
		return err
	}
	for i := 0; i < g.opt.Users; i++ {
		name := DemoUserName
		if i > 0 {
			for {
				if g.chance(0.15) {
					name = g.pick(demoFirstEN) + " " + g.pick(demoLastEN)
				} else {
					name = g.pick(demoFirstDE) + " " + g.pick(demoLastDE)
				}
				if !seen[name] {
					break
				}
			}
		}
		seen[name] = true
		email := asciiMail(strings.ReplaceAll(name, " ", ".")) + "@example.com"
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return invalid("users", "a salesperson with %s already exists; generate the demo into a new file", email)
		}
		maxID++
		phone := fmt.Sprintf("+49 421 555-%04d", 101+i)
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, name, email, phone, archived, version, created_at, updated_at) VALUES (?,?,?,?,0,1,?,?)`,
			maxID, name, email, phone, created.Unix(), created.Unix()); err != nil {
			return err
		}
		g.users = append(g.users, demoUser{id: maxID, name: name, email: email})
	}
	g.res.Users = len(g.users)
	return nil
}

func (g *demoGen) makeProducts(ctx context.Context, tx *sql.Tx) error {
	created := g.now.AddDate(-g.opt.Years, 0, -30).Unix()
	for _, p := range demoProducts {
		res, err := tx.ExecContext(ctx, `INSERT INTO products (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING`, p, created)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			g.res.Products++
		}
		var id uint
		if err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE name = ?`, p).Scan(&id); err != nil {
			return err
		}
		g.products = append(g.products, id)
	}
	return nil
}

// asciiMail turns a name into the local part of an e-mail address.
func asciiMail(s string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss", " ", "", "&", "", ",", "", "'", "")
	return strings.ToLower(r.Replace(s))
}

// plan decides each customer's identity, owner, situation and how much
// history it gets, before any row is written.
func (g *demoGen) plan() []demoCustomer {
	now := g.now
	span := days(365 * float64(g.opt.Years))
	out := make([]demoCustomer, g.opt.Customers)
	var mass float64
	usedNames := map[string]int{}
	// A salesperson keeps only so many balls in the air: with many
	// customers each, fewer of them have an open promise or a warning at
	// once (a thousand customers each: about 150 open promises a person),
	// and the rest were simply in touch lately.
	weights := append([]int(nil), demoStateWeights...)
	if perUser := float64(g.opt.Customers) / float64(len(g.users)); perUser > 40 {
		f := math.Sqrt(40 / perUser)
		for _, st := range []int{demoOnTrack, demoSoon, demoSlipped, demoSilent, demoAtRisk, demoNoNext} {
			n := int(float64(weights[st]) * f)
			weights[demoQuiet] += weights[st] - n
			weights[st] = n
		}
	}
	for i := range out {
		c := &out[i]
		g.nextCustomer++
		c.id = g.nextCustomer
		// The first customers belong to the demo identity and show every
		// situation, so `zusage warnings --owner` has something to say.
		if i < 6 {
			c.owner = 0
			c.state = []int{demoOnTrack, demoSoon, demoSlipped, demoSilent, demoAtRisk, demoNoNext}[i%6]
		} else {
			c.owner = g.r.IntN(len(g.users))
			x := g.r.IntN(1000)
			for st, w := range weights {
				if x < w {
					c.state = st
					break
				}
				x -= w
			}
		}
		g.identity(c, usedNames)
		c.created = now.Add(-time.Duration(float64(span-days(60)) * math.Sqrt(g.r.Float64()))).Add(-days(60))
		switch c.state {
		case demoSilent:
			// end is set per promise in customerOpen; contacts stop before the due moment.
			c.end = now.Add(-days(3 + g.r.Float64()*14))
		case demoNoNext, demoArchived:
			room := now.Sub(c.created) - days(31+7)
			if room > days(300) {
				room = days(300)
			}
			c.end = now.Add(-days(31)).Add(-time.Duration(g.r.Float64() * float64(room)))
		case demoQuiet:
			c.end = now.Add(-days(g.r.Float64() * 25)).Add(-time.Hour)
		default:
			c.end = now.Add(-time.Duration(5*60+g.r.IntN(3*24*3600)) * time.Second)
		}
		// People work office hours: the first and the last contact too.
		c.created = g.workTime(c.created.Add(-days(2)), c.created)
		c.end = g.workTime(c.end.Add(-days(2)), c.end)
		c.weight = math.Exp(0.9 * g.r.NormFloat64())
		mass += c.weight * c.end.Sub(c.created).Hours()
	}
	target := demoContactsPerCustomerYear * float64(g.opt.Customers*g.opt.Years)
	for i := range out {
		c := &out[i]
		x := target * c.weight * c.end.Sub(c.created).Hours() / mass
		c.n = int(x)
		if g.r.Float64() < x-float64(c.n) {
			c.n++
		}
		if c.n < 1 {
			c.n = 1
		}
	}
	return out
}

func (g *demoGen) identity(c *demoCustomer, used map[string]int) {
	city := demoCities[g.r.IntN(len(demoCities))]
	c.en = city.uk
	var first, last string
	if c.en {
		first, last = g.pick(demoFirstEN), g.pick(demoLastEN)
	} else {
		first, last = g.pick(demoFirstDE), g.pick(demoLastDE)
	}
	c.name = first + " " + last
	var domain string
	switch {
	case c.en:
		trade := g.pick(demoTradesEN)
		c.company = last + " " + trade + " Ltd"
		domain = asciiMail(last+trade) + ".co.uk"
	case g.chance(0.15):
		// A private customer or a one-man business without a company.
		domain = []string{"web.de", "gmx.de", "t-online.de", "posteo.de"}[g.r.IntN(4)]
	default:
		trade := g.pick(demoTrades)
		other := g.pick(demoLastDE)
		switch g.r.IntN(7) {
		case 0:
			c.company = last + " & " + other + " KG"
		case 1:
			c.company = trade + " " + city.name + " AG"
		case 2:
			c.company = last + " " + trade + " GmbH & Co. KG"
		case 3:
			c.company = "Stadtwerke " + city.name + " GmbH"
		case 4:
			c.company = other + " " + trade + " e.K."
		default:
			c.company = last + " " + trade + " GmbH"
		}
		if strings.HasPrefix(c.company, "Stadtwerke ") || strings.HasSuffix(c.company, " AG") {
			domain = asciiMail(strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(c.company, " GmbH"), " AG"), " ", "-")) + ".de"
		} else {
			domain = asciiMail(strings.Fields(c.company)[0]+"-"+trade) + ".de"
		}
	}
	local := asciiMail(first + "." + last)
	key := local + "@" + domain
	used[key]++
	if n := used[key]; n > 1 {
		local = fmt.Sprintf("%s%d", local, n)
	}
	c.email = local + "@" + domain
	if c.en {
		c.phone = fmt.Sprintf("+44 %s %03d %04d", city.area, g.r.IntN(900)+100, g.r.IntN(10000))
		c.addr = fmt.Sprintf("%d %s, %s %s%d %dAB", 1+g.r.IntN(120), g.pick(demoStreetsEN), city.name, city.zip, 1+g.r.IntN(20), 1+g.r.IntN(9))
	} else {
		c.phone = fmt.Sprintf("+49 %s %d-%d", city.area, 100000+g.r.IntN(900000), 10+g.r.IntN(90))
		c.addr = fmt.Sprintf("%s %d, %s%03d %s", g.pick(demoStreets), 1+g.r.IntN(150), city.zip, g.r.IntN(1000), city.name)
	}
	if g.chance(0.2) {
		c.notes = g.pick(demoNotes)
	}
}

// customer writes one customer's whole history.
func (g *demoGen) customer(c *demoCustomer) error {
	g.cu = c
	g.cbuf = g.cbuf[:0]
	g.lang = 0
	if c.en {
		g.lang = 1
	}
	c.lastContact = time.Time{}
	// Purchases first: the journal talks about what the customer bought.
	c.purchasedProducts = c.purchasedProducts[:0]
	np := int(float64(g.opt.Years) * g.r.Float64() * 2.5)
	if c.n > 40 {
		np += c.n / 40
	}
	for i := 0; i < np; i++ {
		p := g.r.IntN(len(g.products))
		c.purchasedProducts = append(c.purchasedProducts, p)
		d := g.between(c.created, c.end)
		ld := d.In(g.loc)
		g.nextPurchase++
		g.res.Purchases++
		if err := g.purchases.add(g.nextPurchase, c.id, g.products[p], ld.Format("2006-01-02"),
			fmt.Sprintf("L%s-%03d", ld.Format("0601"), g.r.IntN(1000)), d.Unix()); err != nil {
			return err
		}
	}

	// The journal: contacts spread over the customer's active time, some of
	// them ending with a promise that is then kept, moved or cancelled.
	times := make([]time.Time, c.n)
	times[0] = c.created
	for i := 1; i < c.n; i++ {
		times[i] = g.workTime(c.created, c.end)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	standing := c.state != demoArchived && g.chance(0.2)
	for i, t := range times {
		k := g.plainContact(t)
		if i == 0 && standing {
			if err := g.standing(&k); err != nil {
				return err
			}
		} else if g.chance(demoPromiseShare) {
			if err := g.historic(&k); err != nil {
				return err
			}
		}
		g.cbuf = append(g.cbuf, k)
	}
	if err := g.customerOpen(c); err != nil {
		return err
	}
	for i := range g.cbuf {
		if err := g.writeContact(&g.cbuf[i]); err != nil {
			return err
		}
	}
	archived := 0
	if c.state == demoArchived {
		archived = 1
	}
	g.res.Customers++
	return g.customers.add(c.id, c.name, c.company, c.email, c.phone, c.addr, c.notes, g.users[c.owner].id, archived, 1,
		c.created.Unix(), c.created.Unix(), ux(c.lastContact))
}

func (g *demoGen) writeContact(k *demoContact) error {
	g.nextContact++
	k.id = g.nextContact
	if k.at.After(g.cu.lastContact) {
		g.cu.lastContact = k.at
	}
	var about, product any
	if k.commitment != 0 {
		about = k.commitment
	}
	if k.product >= 0 {
		product = g.products[k.product]
	}
	delay := 0
	if k.delay {
		delay = 1
	}
	g.res.Contacts++
	if k.commitment == 0 && !k.delay && k.product < 0 && k.concern == "" && k.notes == "" {
		return g.plainContacts.add(k.id, g.cu.id, g.users[k.user].id, k.at.Unix(), k.channel, k.dir, k.summary, k.at.Unix(), k.at.Unix())
	}
	return g.contacts.add(k.id, g.cu.id, g.users[k.user].id, k.at.Unix(), k.channel, k.dir, k.summary, k.notes,
		about, delay, product, k.concern, 1, k.at.Unix(), k.at.Unix())
}

var demoChannelWeights = []int{38, 30, 8, 7, 3, 5, 6, 3} // order of Channels

func (g *demoGen) channel() string {
	x := g.r.IntN(100)
	for i, w := range demoChannelWeights {
		if x < w {
			return Channels[i]
		}
		x -= w
	}
	return Channels[0]
}

func (g *demoGen) productIdx() int {
	if len(g.cu.purchasedProducts) > 0 && g.chance(0.7) {
		return g.cu.purchasedProducts[g.r.IntN(len(g.cu.purchasedProducts))]
	}
	return g.r.IntN(len(g.products))
}

func (g *demoGen) contactUser() int {
	if len(g.users) > 1 && g.chance(0.15) {
		return g.r.IntN(len(g.users))
	}
	return g.cu.owner
}

// plainContact is an everyday journal entry at t.
func (g *demoGen) plainContact(t time.Time) demoContact {
	k := demoContact{at: t, user: g.contactUser(), channel: g.channel(), dir: DirOut, product: -1}
	d := 1
	if g.chance(0.4) {
		k.dir, d = DirIn, 0
	}
	lists := demoSummaryDE
	if g.lang == 1 {
		lists = demoSummaryEN
	}
	tpl := g.pick(lists[k.channel][d])
	if strings.Contains(tpl, "{p}") {
		p := g.productIdx()
		tpl = strings.Replace(tpl, "{p}", demoProducts[p], 1)
		if g.chance(0.5) {
			k.product = p
			if g.chance(0.3 + 0.3*float64(1-d)) {
				if g.lang == 1 {
					k.concern = g.pick(demoConcernsEN)
				} else {
					k.concern = g.pick(demoConcerns)
				}
			}
		}
	}
	k.summary = tpl
	if g.chance(0.08) {
		k.notes = g.pick(demoNotes)
	}
	return k
}

func (g *demoGen) title(kind string) string {
	m := demoTitlesDE
	if g.lang == 1 {
		m = demoTitlesEN
	}
	t := g.pick(m[kind])
	if strings.Contains(t, "{p}") {
		t = strings.Replace(t, "{p}", demoProducts[g.productIdx()], 1)
	}
	return t
}

var demoKindWeights = []struct {
	kind string
	w    int
}{{KindCallback, 30}, {KindAnswer, 15}, {KindOffer, 15}, {KindDelivery, 15}, {KindDocument, 10}, {KindVisit, 7}, {KindInform, 3}, {KindOther, 5}}

func (g *demoGen) kind() string {
	x := g.r.IntN(100)
	for _, k := range demoKindWeights {
		if x < k.w {
			return k.kind
		}
		x -= k.w
	}
	return KindCallback
}

// dueAfter picks a deadline for a promise of kind made at t, the way
// salespeople promise: callbacks and visits at a time of day, deliveries
// and documents often for a whole day.
func (g *demoGen) dueAfter(kind string, t time.Time) (time.Time, string) {
	var lo, hi float64
	allDay := false
	switch kind {
	case KindCallback:
		lo, hi = 1, 3
	case KindAnswer, KindInform:
		lo, hi = 1, 7
	case KindOffer, KindOther:
		lo, hi = 3, 14
		allDay = g.chance(0.4)
	case KindDelivery:
		lo, hi = 7, 42
		allDay = g.chance(0.7)
	case KindDocument:
		lo, hi = 2, 10
		allDay = g.chance(0.5)
	case KindVisit:
		lo, hi = 7, 30
	}
	return g.deadline(t.Add(days(lo+g.r.Float64()*(hi-lo))), allDay)
}

// deadline turns a rough moment into a deadline: a full hour of the working
// day, or the end of that day for an all-day promise.
func (g *demoGen) deadline(t time.Time, allDay bool) (time.Time, string) {
	lt := t.In(g.loc)
	y, m, d := lt.Date()
	if allDay {
		day := time.Date(y, m, d, 0, 0, 0, 0, g.loc)
		return Due{At: day, AllDay: true}.moment(g.loc).UTC(), day.Format("2006-01-02")
	}
	return time.Date(y, m, d, []int{9, 10, 11, 14, 15, 16}[g.r.IntN(6)], 0, 0, 0, g.loc).UTC(), ""
}

// newPromise starts a promise made during contact k.
func (g *demoGen) newPromise(k *demoContact, kind string) *demoPromise {
	g.nextCommitment++
	p := &demoPromise{id: g.nextCommitment, owner: g.cu.owner, kind: kind, title: g.title(kind), promised: k.at,
		status: StatusOpen, version: 1, scheduled: k.at, updated: k.at}
	k.commitment = p.id
	if g.lang == 1 {
		k.summary += " — promised: " + p.title
	} else {
		k.summary += " — zugesagt: " + p.title
	}
	return p
}

// event writes one line of a promise's history.
func (g *demoGen) event(p *demoPromise, typ string, at time.Time, by int, oldDue time.Time, oldDate string, newDue time.Time, newDate, reason string) error {
	g.nextEvent++
	return g.events.add(g.nextEvent, p.id, g.cu.id, typ, at.Unix(), g.users[by].id, ux(oldDue), ux(newDue), oldDate, newDate, reason)
}

func (g *demoGen) writePromise(p *demoPromise) error {
	g.res.Commitments++
	return g.commitments.add(p.id, g.cu.id, g.users[p.owner].id, p.kind, p.title, p.details, p.promised.Unix(), ux(p.due), p.dueDate,
		ux(p.estimate), p.status, ux(p.doneAt), g.uid(), p.seq, p.version, ux(p.scheduled), ux(p.told), p.promised.Unix(), p.updated.Unix())
}

func (g *demoGen) created(p *demoPromise) error {
	return g.event(p, EventCreated, p.promised, p.owner, time.Time{}, "", p.due, p.dueDate, "")
}

// reschedule moves p at moment at; with notice, the customer is told in the
// same contact (a delay notice), which covers the new schedule.
func (g *demoGen) reschedule(p *demoPromise, at time.Time, newDue time.Time, newDate string, notice bool, reason string) error {
	if err := g.event(p, EventRescheduled, at, p.owner, p.due, p.dueDate, newDue, newDate, reason); err != nil {
		return err
	}
	p.due, p.dueDate = newDue, newDate
	p.seq++
	p.version++
	p.scheduled, p.told, p.updated = at, time.Time{}, at
	if !notice {
		return nil
	}
	k := demoContact{at: at, user: p.owner, channel: []string{"phone", "email", "phone"}[g.r.IntN(3)], dir: DirOut,
		commitment: p.id, delay: true, product: -1}
	if g.lang == 1 {
		k.summary = "Told the customer about the delay: " + p.title + " (" + reason + ")"
	} else {
		k.summary = "Verzögerung mitgeteilt: " + p.title + " (" + reason + ")"
	}
	g.cbuf = append(g.cbuf, k)
	p.told = at
	p.version++
	return g.event(p, EventInformed, at, p.owner, time.Time{}, "", time.Time{}, "", k.summary)
}

func (g *demoGen) reason() string {
	if g.lang == 1 {
		return g.pick(demoRescheduleEN)
	}
	return g.pick(demoRescheduleDE)
}

// keep marks p done at at, often with a contact that says so.
func (g *demoGen) keep(p *demoPromise, at time.Time) error {
	p.status, p.doneAt, p.updated = StatusDone, at, at
	p.version++
	if p.kind == KindInform || g.chance(0.6) {
		k := demoContact{at: at, user: p.owner, channel: g.channel(), dir: DirOut, commitment: p.id, product: -1}
		if g.lang == 1 {
			k.summary = "Done: " + p.title
		} else {
			k.summary = "Erledigt: " + p.title
		}
		g.cbuf = append(g.cbuf, k)
	}
	return g.event(p, EventDone, at, p.owner, time.Time{}, "", time.Time{}, "", "")
}

func (g *demoGen) cancel(p *demoPromise, at time.Time) error {
	reason := g.pick(demoCancelDE)
	if g.lang == 1 {
		reason = g.pick(demoCancelEN)
	}
	p.status, p.doneAt, p.updated = StatusCancelled, at, at
	p.seq++
	p.version++
	return g.event(p, EventCancelled, at, p.owner, time.Time{}, "", time.Time{}, "", reason)
}

// standing records a standing promise (lesson 7) at the first contact.
func (g *demoGen) standing(k *demoContact) error {
	p := g.newPromise(k, KindStanding)
	if err := g.created(p); err != nil {
		return err
	}
	return g.writePromise(p)
}

// historic makes a promise at contact k that was settled before the
// customer's last contact: kept on time, kept late after telling the
// customer, kept late in silence, moved at the customer's request, or
// cancelled. A promise whose story would not end in time is not made.
func (g *demoGen) historic(k *demoContact) error {
	kind := g.kind()
	due, date := g.dueAfter(kind, k.at)
	end := g.cu.end
	x := g.r.IntN(100)
	var r1, newDue, doneAt time.Time
	var newDate string
	switch {
	case x < 62: // kept on time
		doneAt = g.workTime(k.at.Add(time.Hour), due.Add(-time.Minute))
	case x < 86: // moved: told with a delay notice, or at the customer's request
		r1 = g.workTime(k.at.Add(time.Hour), due.Add(-time.Hour))
		newDue, newDate = g.deadline(due.Add(days(1+g.r.Float64()*10)), date != "")
		doneAt = g.workTime(r1.Add(time.Hour), newDue.Add(-time.Minute))
	case x < 94: // kept late, nobody told the customer
		doneAt = g.workTime(due.Add(time.Hour), due.Add(days(5)))
	default: // cancelled
		doneAt = g.workTime(k.at.Add(time.Hour), due)
	}
	if doneAt.After(end) || !newDue.IsZero() && !r1.Before(doneAt) {
		return nil
	}
	p := g.newPromise(k, kind)
	p.due, p.dueDate = due, date
	if err := g.created(p); err != nil {
		return err
	}
	switch {
	case x < 62, x >= 86 && x < 94:
		if err := g.keep(p, doneAt); err != nil {
			return err
		}
	case x < 86:
		notice := x < 76
		reason := g.reason()
		if !notice {
			reason = "Kunde bittet um Verschiebung"
			if g.lang == 1 {
				reason = "Customer asked to move it"
			}
		}
		if err := g.reschedule(p, r1, newDue, newDate, notice, reason); err != nil {
			return err
		}
		if err := g.keep(p, doneAt); err != nil {
			return err
		}
	default:
		if err := g.cancel(p, doneAt); err != nil {
			return err
		}
	}
	return g.writePromise(p)
}

// customerOpen adds the promises that are still open, according to the
// customer's situation at the demo's now.
func (g *demoGen) customerOpen(c *demoCustomer) error {
	now := g.now
	last := func() *demoContact {
		k := g.plainContact(c.end)
		g.cbuf = append(g.cbuf, k)
		return &g.cbuf[len(g.cbuf)-1]
	}
	switch c.state {
	case demoQuiet:
		// No open promise, but in touch within the last weeks.
		last()
	case demoOnTrack:
		for i := 0; i < 1+g.r.IntN(2); i++ {
			kind := g.kind()
			p := g.newPromise(last(), kind)
			p.due, p.dueDate = g.deadline(now.Add(days(3+g.r.Float64()*42)), kind == KindDelivery && g.chance(0.6))
			if err := g.created(p); err != nil {
				return err
			}
			if g.chance(0.25) {
				// Moved once already, and the customer was told.
				nd, ndate := g.deadline(p.due.Add(days(2+g.r.Float64()*7)), p.dueDate != "")
				if err := g.reschedule(p, g.workTime(p.promised, now.Add(-time.Minute)), nd, ndate, true, g.reason()); err != nil {
					return err
				}
			}
			if err := g.writePromise(p); err != nil {
				return err
			}
		}
	case demoSoon:
		kind := []string{KindCallback, KindAnswer, KindOffer, KindDelivery, KindDocument, KindVisit}[g.r.IntN(6)]
		lead := DefaultSettings().LeadTime(kind)
		p := g.newPromise(last(), kind)
		p.due = now.Add(time.Duration((0.15 + 0.7*g.r.Float64()) * float64(lead))).Truncate(time.Minute)
		if err := g.created(p); err != nil {
			return err
		}
		return g.writePromise(p)
	case demoSlipped:
		kind := []string{KindAnswer, KindOffer, KindDelivery, KindDocument}[g.r.IntN(4)]
		due, _ := g.deadline(now.Add(-days(1+g.r.Float64()*9)), false)
		from := due.Add(-days(3 + g.r.Float64()*18))
		if from.Before(c.created) {
			from = c.created.Add(time.Hour)
		}
		at := g.workTime(from, due.Add(-days(1)))
		k := g.plainContact(at)
		g.cbuf = append(g.cbuf, k)
		p := g.newPromise(&g.cbuf[len(g.cbuf)-1], kind)
		p.due = due
		if err := g.created(p); err != nil {
			return err
		}
		// Late, but the customer knows: a delay notice after the deadline.
		told := g.workTime(due.Add(time.Hour), now.Add(-time.Minute))
		dn := demoContact{at: told, user: p.owner, channel: "phone", dir: DirOut, commitment: p.id, delay: true, product: -1}
		if g.lang == 1 {
			dn.summary = "Told the customer it will be late: " + p.title
		} else {
			dn.summary = "Kunde informiert, dass es später wird: " + p.title
		}
		g.cbuf = append(g.cbuf, dn)
		p.told, p.updated = told, told
		p.version++
		if err := g.event(p, EventInformed, told, p.owner, time.Time{}, "", time.Time{}, "", dn.summary); err != nil {
			return err
		}
		return g.writePromise(p)
	case demoSilent:
		// Past due and nobody told the customer: every contact is older
		// than the deadline (lesson 4's worst state).
		kind := []string{KindCallback, KindAnswer, KindOffer, KindDelivery}[g.r.IntN(4)]
		// A deadline in office hours a few hours to days after the last word.
		due, _ := g.deadline(c.end.Add(time.Duration(2+g.r.IntN(70))*time.Hour), false)
		if !due.After(c.end.Add(time.Hour)) {
			due = due.Add(24 * time.Hour)
		}
		if !due.Before(now) {
			due = c.end.Add(time.Hour)
		}
		p := g.newPromise(last(), kind)
		p.due = due
		// Sometimes it was moved once internally, without a word to the customer.
		moved := g.chance(0.4) && due.Sub(c.end) > 3*time.Hour
		if moved {
			p.due = g.between(c.end.Add(time.Hour), due.Add(-time.Hour))
		}
		if err := g.created(p); err != nil {
			return err
		}
		if moved {
			if err := g.reschedule(p, g.between(c.end, p.due), due, "", false, g.reason()); err != nil {
				return err
			}
		}
		return g.writePromise(p)
	case demoAtRisk:
		kind := []string{KindDelivery, KindOffer, KindDocument}[g.r.IntN(3)]
		p := g.newPromise(last(), kind)
		p.due, p.dueDate = g.deadline(now.Add(days(5+g.r.Float64()*15)), false)
		if err := g.created(p); err != nil {
			return err
		}
		p.estimate = p.due.Add(days(2 + g.r.Float64()*5)).Truncate(time.Hour)
		est := g.between(p.promised, now.Add(-time.Minute))
		p.version++
		p.updated = est
		if err := g.event(p, EventEstimated, est, p.owner, time.Time{}, "", p.estimate, "", ""); err != nil {
			return err
		}
		return g.writePromise(p)
	}
	return nil
}
