package demo

import (
	"github.com/zusage/zusage/data"

	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// The first demo salesperson: a stable, documented identity to pass to
// `zusage --as` after `zusage demo`.
const (
	// UserName is the full name of the first demo salesperson.
	UserName = "Anna Schmidt"
	// UserEmail is the e-mail of the first demo salesperson.
	UserEmail = "anna.schmidt@example.com"
)

// Options says how much demo data to make.
type Options struct {
	// Customers, Users and Years default to 200, 5 and 2 when zero.
	Customers, Users, Years int
	// Seed makes the data reproducible: the same seed gives the same file.
	Seed int64
	// Now is the moment the demo history leads up to (default: the Store's clock).
	Now time.Time
}

// Result counts what Generate made.
type Result struct {
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
	demoUntold
)

// demoStateWeights are the shares of the situations above (per mille).
var demoStateWeights = []int{470, 70, 60, 40, 40, 100, 170, 20, 30}

// demoContactsPerCustomerYear is tuned so that 20,000 customers over ten
// years (20 salespeople, 40 contacts a day) make about two million contacts
// once promise follow-ups are added.
const demoContactsPerCustomerYear = 9.25

// demoPromiseShare is the share of contacts that end with a promise.
const demoPromiseShare = 0.1

// Generate fills an empty database with a believable history: users,
// customers, products and purchases, a contact journal on every channel and
// promises in every state relative to opt.Now. It refuses a database that
// already has customers, so demo data never mixes with real data. progress,
// when not nil, is called now and then with how much is done.
func Generate(s *data.Store, opt Options, progress func(done, total int)) (Result, error) {
	if s.ReadOnly() {
		return Result{}, data.ErrReadOnly
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
		return Result{}, &data.ValidationError{Field: "customers", Code: data.CodeOutOfRange, Min: 1, Max: 1_000_000}
	case opt.Users < 1 || opt.Users > 1000:
		return Result{}, &data.ValidationError{Field: "users", Code: data.CodeOutOfRange, Min: 1, Max: 1000}
	case opt.Years < 1 || opt.Years > 50:
		return Result{}, &data.ValidationError{Field: "years", Code: data.CodeOutOfRange, Min: 1, Max: 50}
	}
	if opt.Now.IsZero() {
		opt.Now = s.Now().UTC()
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
	if err == nil {
		err = g.talkingPoints(s)
	}
	return g.res, err
}

// notice issues one product notice (lesson 6) through the Store's own
// operations, as a salesperson would, and tells about a third of the buyers,
// so the Notices screen of a demo shows a campaign under way. The Store's
// clock is set to the demo's time meanwhile; Generate, like the bulk
// load before, must not run beside other work on the same Store.
func (g *demoGen) notice(s *data.Store) error {
	var product data.Product
	err := s.DB().Raw(`SELECT p.* FROM products p JOIN purchases pu ON pu.product_id = p.id
		JOIN customers c ON c.id = pu.customer_id AND c.archived = 0
		GROUP BY p.id ORDER BY count(DISTINCT pu.customer_id) DESC, p.id LIMIT 1`).Scan(&product).Error
	if err != nil || product.ID == 0 {
		return err
	}
	// Only the latest lots, as with a real defect: a notice to every buyer
	// of a ten-year product would be thousands of calls, not a campaign.
	var lots []string
	err = s.DB().Raw(`SELECT lot FROM purchases WHERE product_id = ? AND lot <> ''
		GROUP BY lot ORDER BY max(date) DESC, lot LIMIT 8`, product.ID).Scan(&lots).Error
	if err != nil {
		return err
	}
	var by data.User
	if err := s.DB().Order("id").First(&by).Error; err != nil {
		return err
	}
	// The notice went out two days ago, in office hours.
	issued := g.workTime(g.now.Add(-days(2)), g.now.Add(-days(1)))
	saved := s.Now
	s.Now = func() time.Time { return issued }
	defer func() { s.Now = saved }()
	notice, made, err := s.CreateNotice(data.NewNotice{
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
	g.noticeID, g.noticeProduct = notice.ID, product.Name
	s.Now = func() time.Time { return g.now }
	for i, c := range made {
		if i%3 != 0 {
			continue
		}
		_, err := s.LogContact(data.NewContact{CustomerID: c.CustomerID, UserID: c.OwnerID,
			At: g.workTime(issued.Add(time.Hour), g.now.Add(-time.Minute)), Channel: "phone", Direction: data.DirOut,
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

// demoPromise is a promise while its story is generated: the deadline it
// is made with, then the commitment as the Store's rules leave it.
type demoPromise struct {
	id          uint
	owner       int
	kind, title string
	details     string
	promised    time.Time
	due         time.Time
	dueDate     string
	c           data.Commitment
}

type demoGen struct {
	r   *rand.Rand
	now time.Time
	loc *time.Location
	opt Options
	res Result

	users    []demoUser
	products []uint

	nextCustomer, nextContact, nextCommitment, nextEvent, nextPurchase uint

	customers, contacts, plainContacts, commitments, events, purchases *data.BulkTable

	cu       *demoCustomer
	cbuf     []demoContact
	lang     int // 0 de, 1 en
	uidBytes [16]byte
	// noticeID is the product notice the demo issued (0: none), about
	// noticeProduct.
	noticeID      uint
	noticeProduct string
}

// run writes the whole history as plain rows in one bulk load (see
// data.Store.BulkLoad): the generated rows are written, never typed by a
// user, and the state of every promise was decided by the same rule
// functions the Store's operations use.
func (g *demoGen) run(s *data.Store, progress func(done, total int)) error {
	var plan []demoCustomer
	var total int
	fill := func(b *data.Bulk) error {
		var n int
		if err := b.QueryRow(`SELECT count(*) FROM customers`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &data.RefusedError{Path: s.Path(), Code: data.RefusedHasCustomers, Count: n}
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
			if err := b.QueryRow(q.sql).Scan(q.dst); err != nil {
				return err
			}
		}
		if err := g.makeUsers(b); err != nil {
			return err
		}
		if err := g.makeProducts(b); err != nil {
			return err
		}
		plan = g.plan()
		g.customers = b.Table("customers", "id", "name", "company", "email", "phone", "address", "notes", "owner_id", "archived", "version", "created_at", "updated_at", "last_contact_at", "language")
		g.contacts = b.Table("contacts", "id", "customer_id", "user_id", "at", "channel", "direction", "summary", "notes", "commitment_id", "delay_notice", "product_id", "concern", "version", "created_at", "updated_at")
		// Most journal entries are plain: no promise, product, concern or
		// notes. Leaving those columns to their defaults makes the
		// statements shorter, and parsing them is most of the work.
		g.plainContacts = b.Table("contacts", "id", "customer_id", "user_id", "at", "channel", "direction", "summary", "created_at", "updated_at")
		g.commitments = b.Table("commitments", "id", "customer_id", "owner_id", "kind", "title", "details", "promised_at", "due_at", "due_date", "estimate_at", "status", "done_at", "uid", "sequence", "version", "scheduled_at", "told_at",
			"told_due_at", "told_due_date", "scheduled_ver", "told_ver", "about_at", "created_at", "updated_at")
		g.events = b.Table("commitment_events", "id", "commitment_id", "customer_id", "type", "at", "by_id", "old_due", "new_due", "old_due_date", "new_due_date", "reason", "told")
		g.purchases = b.Table("purchases", "id", "customer_id", "product_id", "date", "lot", "created_at")
		total = len(plan) + b.Indexes + 1
		step := len(plan)/200 + 1
		for i := range plan {
			if err := g.customer(&plan[i]); err != nil {
				return err
			}
			if (i+1)%step == 0 {
				progress(i+1, total)
			}
		}
		progress(len(plan), total)
		return nil
	}
	err := s.BulkLoad([]string{"contacts", "commitments", "commitment_events", "purchases"}, fill,
		func(done, _ int) { progress(len(plan)+done, total) })
	if err != nil {
		return err
	}
	progress(total, total)
	return nil
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

func (g *demoGen) makeUsers(b *data.Bulk) error {
	created := g.now.AddDate(-g.opt.Years, 0, -7)
	seen := map[string]bool{}
	var maxID uint
	if err := b.QueryRow(`SELECT COALESCE(MAX(id),0) FROM users`).Scan(&maxID); err != nil {
		return err
	}
	for i := 0; i < g.opt.Users; i++ {
		name := UserName
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
		if err := b.QueryRow(`SELECT count(*) FROM users WHERE email = ?`, email).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return &data.ValidationError{Field: "users", Code: data.CodeDuplicate, Value: email}
		}
		maxID++
		phone := fmt.Sprintf("+49 421 555-%04d", 101+i)
		if _, err := b.Exec(`INSERT INTO users (id, name, email, phone, archived, version, created_at, updated_at) VALUES (?,?,?,?,0,1,?,?)`,
			maxID, name, email, phone, created.Unix(), created.Unix()); err != nil {
			return err
		}
		g.users = append(g.users, demoUser{id: maxID, name: name, email: email})
	}
	g.res.Users = len(g.users)
	return nil
}

func (g *demoGen) makeProducts(b *data.Bulk) error {
	created := g.now.AddDate(-g.opt.Years, 0, -30).Unix()
	for _, p := range demoProducts {
		res, err := b.Exec(`INSERT INTO products (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING`, p, created)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			g.res.Products++
		}
		var id uint
		if err := b.QueryRow(`SELECT id FROM products WHERE name = ?`, p).Scan(&id); err != nil {
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
		for _, st := range []int{demoOnTrack, demoSoon, demoSlipped, demoSilent, demoAtRisk, demoNoNext, demoUntold} {
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
		if i < 7 {
			c.owner = 0
			c.state = []int{demoOnTrack, demoSoon, demoSlipped, demoSilent, demoAtRisk, demoNoNext, demoUntold}[i]
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
		if err := g.purchases.Add(g.nextPurchase, c.id, g.products[p], ld.Format("2006-01-02"),
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
	// English-speaking customers say so; the others follow the team's
	// default (German), as most customers of a German team would.
	language := ""
	if c.en {
		language = data.LangEN
	}
	return g.customers.Add(c.id, c.name, c.company, c.email, c.phone, c.addr, c.notes, g.users[c.owner].id, archived, 1,
		c.created.Unix(), c.created.Unix(), ux(c.lastContact), language)
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
		return g.plainContacts.Add(k.id, g.cu.id, g.users[k.user].id, k.at.Unix(), k.channel, k.dir, k.summary, k.at.Unix(), k.at.Unix())
	}
	return g.contacts.Add(k.id, g.cu.id, g.users[k.user].id, k.at.Unix(), k.channel, k.dir, k.summary, k.notes,
		about, delay, product, k.concern, 1, k.at.Unix(), k.at.Unix())
}

var demoChannelWeights = []int{38, 30, 8, 7, 3, 5, 6, 3} // order of Channels

func (g *demoGen) channel() string {
	x := g.r.IntN(100)
	for i, w := range demoChannelWeights {
		if x < w {
			return data.Channels[i]
		}
		x -= w
	}
	return data.Channels[0]
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
	k := demoContact{at: t, user: g.contactUser(), channel: g.channel(), dir: data.DirOut, product: -1}
	d := 1
	if g.chance(0.4) {
		k.dir, d = data.DirIn, 0
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
}{{data.KindCallback, 30}, {data.KindAnswer, 15}, {data.KindOffer, 15}, {data.KindDelivery, 15}, {data.KindDocument, 10}, {data.KindVisit, 7}, {data.KindInform, 3}, {data.KindOther, 5}}

func (g *demoGen) kind() string {
	x := g.r.IntN(100)
	for _, k := range demoKindWeights {
		if x < k.w {
			return k.kind
		}
		x -= k.w
	}
	return data.KindCallback
}

// dueAfter picks a deadline for a promise of kind made at t, the way
// salespeople promise: callbacks and visits at a time of day, deliveries
// and documents often for a whole day.
func (g *demoGen) dueAfter(kind string, t time.Time) (time.Time, string) {
	var lo, hi float64
	allDay := false
	switch kind {
	case data.KindCallback:
		lo, hi = 1, 3
	case data.KindAnswer, data.KindInform:
		lo, hi = 1, 7
	case data.KindOffer, data.KindOther:
		lo, hi = 3, 14
		allDay = g.chance(0.4)
	case data.KindDelivery:
		lo, hi = 7, 42
		allDay = g.chance(0.7)
	case data.KindDocument:
		lo, hi = 2, 10
		allDay = g.chance(0.5)
	case data.KindVisit:
		lo, hi = 7, 30
	}
	return g.deadline(t.Add(days(lo+g.r.Float64()*(hi-lo))), allDay)
}

// deadline turns a rough moment into a deadline: a full hour of the working
// day, or the end of that day for an all-day promise — on a weekday, as
// people promise.
func (g *demoGen) deadline(t time.Time, allDay bool) (time.Time, string) {
	lt := t.In(g.loc)
	switch lt.Weekday() {
	case time.Saturday:
		lt = lt.AddDate(0, 0, 2)
	case time.Sunday:
		lt = lt.AddDate(0, 0, 1)
	}
	y, m, d := lt.Date()
	if allDay {
		day := time.Date(y, m, d, 0, 0, 0, 0, g.loc)
		return data.Due{At: day, AllDay: true}.End(g.loc).UTC(), day.Format("2006-01-02")
	}
	return time.Date(y, m, d, []int{9, 10, 11, 14, 15, 16}[g.r.IntN(6)], 0, 0, 0, g.loc).UTC(), ""
}

// newPromise starts a promise made during contact k; its deadline is set
// before created.
func (g *demoGen) newPromise(k *demoContact, kind string) *demoPromise {
	g.nextCommitment++
	p := &demoPromise{id: g.nextCommitment, owner: g.cu.owner, kind: kind, title: g.title(kind), promised: k.at}
	k.commitment = p.id
	if g.lang == 1 {
		k.summary += " — promised: " + p.title
	} else {
		k.summary += " — zugesagt: " + p.title
	}
	return p
}

// step is a change made by salesperson user at moment at.
func (g *demoGen) step(user int, at time.Time) data.Step {
	return data.Step{By: g.users[user].id, At: at, Loc: g.loc}
}

// dueOf is the deadline the generator picked (a moment, or the end of an
// all-day deadline with its date) as the Store takes it.
func (g *demoGen) dueOf(t time.Time, date string) data.Due {
	if date != "" {
		day, err := time.ParseInLocation("2006-01-02", date, g.loc)
		if err == nil {
			return data.Due{At: day, AllDay: true}
		}
	}
	return data.Due{At: t}
}

// writeEvent writes one line of a promise's history.
func (g *demoGen) writeEvent(ev data.CommitmentEvent) error {
	g.nextEvent++
	return g.events.Add(g.nextEvent, ev.CommitmentID, ev.CustomerID, ev.Type, ev.At.Unix(), ev.ByID,
		ux(ev.OldDue.Time), ux(ev.NewDue.Time), ev.OldDueDate, ev.NewDueDate, ev.Reason, string(ev.Told))
}

// created makes the promise by the Store's rule (data.NewPromise) at the
// contact it was given in.
func (g *demoGen) created(p *demoPromise) error {
	n := data.NewCommitment{CustomerID: g.cu.id, OwnerID: g.users[p.owner].id, ByID: g.users[p.owner].id,
		Kind: p.kind, Title: p.title, Details: p.details}
	if p.kind != data.KindStanding {
		n.Due = g.dueOf(p.due, p.dueDate)
	}
	c, ev, err := data.NewPromise(n, g.step(p.owner, p.promised))
	if err != nil {
		return fmt.Errorf("demo promise %q: %w", p.title, err)
	}
	c.ID, c.UID = p.id, g.uid()
	c.ApplyContactAbout(p.promised)
	p.c = c
	ev.CommitmentID = p.id
	return g.writeEvent(ev)
}

func (g *demoGen) writePromise(p *demoPromise) error {
	g.res.Commitments++
	c := &p.c
	return g.commitments.Add(c.ID, c.CustomerID, c.OwnerID, c.Kind, c.Title, c.Details, c.PromisedAt.Unix(), ux(c.DueAt.Time), c.DueDate,
		ux(c.EstimateAt.Time), c.Status, ux(c.DoneAt.Time), c.UID, c.Sequence, c.Version, ux(c.ScheduledAt.Time), ux(c.ToldAt.Time),
		ux(c.ToldDueAt.Time), c.ToldDueDate, c.ScheduledVer, c.ToldVer, ux(c.AboutAt.Time), c.CreatedAt.Unix(), c.UpdatedAt.Unix())
}

// apply runs one of the Store's rule functions on p and writes its event.
func (g *demoGen) apply(p *demoPromise, rule func(c *data.Commitment) (data.CommitmentEvent, error)) error {
	ev, err := rule(&p.c)
	if err != nil {
		return fmt.Errorf("demo promise %q: %w", p.c.Title, err)
	}
	return g.writeEvent(ev)
}

// delayNotice tells the customer about p in a contact at at (lesson 4).
func (g *demoGen) delayNotice(p *demoPromise, at time.Time, summary string) error {
	k := demoContact{at: at, user: p.owner, channel: []string{"phone", "email", "phone"}[g.r.IntN(3)], dir: data.DirOut,
		commitment: p.id, delay: true, product: -1, summary: summary}
	g.cbuf = append(g.cbuf, k)
	p.c.ApplyContactAbout(at)
	return g.apply(p, func(c *data.Commitment) (data.CommitmentEvent, error) {
		return c.ApplyDelayNotice(g.step(p.owner, at), at, summary)
	})
}

// reschedule moves p at moment at; told says what the customer knows. With
// told = data.ToldCustomer the customer hears it in a delay notice in the
// same contact, which covers the new schedule.
func (g *demoGen) reschedule(p *demoPromise, at time.Time, newDue time.Time, newDate string, told data.Told, reason string) error {
	err := g.apply(p, func(c *data.Commitment) (data.CommitmentEvent, error) {
		return c.ApplyReschedule(g.step(p.owner, at), g.dueOf(newDue, newDate), told, reason)
	})
	if err != nil || told != data.ToldCustomer {
		return err
	}
	summary := "Verzögerung mitgeteilt: " + p.c.Title + " (" + reason + ")"
	if g.lang == 1 {
		summary = "Told the customer about the delay: " + p.c.Title + " (" + reason + ")"
	}
	return g.delayNotice(p, at, summary)
}

func (g *demoGen) reason() string {
	if g.lang == 1 {
		return g.pick(demoRescheduleEN)
	}
	return g.pick(demoRescheduleDE)
}

// keep marks p done at at, often with a contact that says so.
func (g *demoGen) keep(p *demoPromise, at time.Time) error {
	if p.c.Kind == data.KindInform || g.chance(0.6) {
		k := demoContact{at: at, user: p.owner, channel: g.channel(), dir: data.DirOut, commitment: p.id, product: -1}
		if g.lang == 1 {
			k.summary = "Done: " + p.c.Title
		} else {
			k.summary = "Erledigt: " + p.c.Title
		}
		g.cbuf = append(g.cbuf, k)
		p.c.ApplyContactAbout(at)
	}
	return g.apply(p, func(c *data.Commitment) (data.CommitmentEvent, error) {
		return c.ApplyComplete(g.step(p.owner, at), "")
	})
}

func (g *demoGen) cancel(p *demoPromise, at time.Time) error {
	reason := g.pick(demoCancelDE)
	if g.lang == 1 {
		reason = g.pick(demoCancelEN)
	}
	return g.apply(p, func(c *data.Commitment) (data.CommitmentEvent, error) {
		return c.ApplyCancel(g.step(p.owner, at), reason)
	})
}

// standing records a standing promise (lesson 7) at the first contact.
func (g *demoGen) standing(k *demoContact) error {
	p := g.newPromise(k, data.KindStanding)
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
		told, reason := data.ToldCustomer, g.reason()
		if x >= 76 {
			told, reason = data.ToldCustomerAsked, "Kunde bittet um Verschiebung"
			if g.lang == 1 {
				reason = "Customer asked to move it"
			}
		}
		if err := g.reschedule(p, r1, newDue, newDate, told, reason); err != nil {
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
			p.due, p.dueDate = g.deadline(now.Add(days(3+g.r.Float64()*42)), kind == data.KindDelivery && g.chance(0.6))
			if err := g.created(p); err != nil {
				return err
			}
			if g.chance(0.25) {
				// Moved once already, and the customer was told.
				nd, ndate := g.deadline(p.due.Add(days(2+g.r.Float64()*7)), p.dueDate != "")
				if err := g.reschedule(p, g.workTime(p.promised, now.Add(-time.Minute)), nd, ndate, data.ToldCustomer, g.reason()); err != nil {
					return err
				}
			}
			if err := g.writePromise(p); err != nil {
				return err
			}
		}
	case demoUntold:
		// Moved internally a few days ahead; the customer still expects
		// the old date, which has not come yet.
		kind := []string{data.KindAnswer, data.KindOffer, data.KindDelivery, data.KindCallback}[g.r.IntN(4)]
		p := g.newPromise(last(), kind)
		p.due, p.dueDate = g.deadline(now.Add(days(2+g.r.Float64()*8)), false)
		if err := g.created(p); err != nil {
			return err
		}
		nd, ndate := g.deadline(p.due.Add(days(3+g.r.Float64()*7)), false)
		if err := g.reschedule(p, g.between(c.end, now.Add(-time.Minute)), nd, ndate, data.ToldNotYet, g.reason()); err != nil {
			return err
		}
		return g.writePromise(p)
	case demoSoon:
		kind := []string{data.KindCallback, data.KindAnswer, data.KindOffer, data.KindDelivery, data.KindDocument, data.KindVisit}[g.r.IntN(6)]
		lead := data.DefaultSettings().LeadTime(kind)
		p := g.newPromise(last(), kind)
		p.due = now.Add(time.Duration((0.15 + 0.7*g.r.Float64()) * float64(lead))).Truncate(time.Minute)
		if err := g.created(p); err != nil {
			return err
		}
		return g.writePromise(p)
	case demoSlipped:
		kind := []string{data.KindAnswer, data.KindOffer, data.KindDelivery, data.KindDocument}[g.r.IntN(4)]
		due, _ := g.deadline(now.Add(-days(1+g.r.Float64()*9)), false)
		for !due.Before(now.Add(-2 * time.Hour)) {
			// A weekend moved it to Monday, which has not passed yet.
			due = due.AddDate(0, 0, -3)
		}
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
		summary := "Kunde informiert, dass es später wird: " + p.c.Title
		if g.lang == 1 {
			summary = "Told the customer it will be late: " + p.c.Title
		}
		if err := g.delayNotice(p, told, summary); err != nil {
			return err
		}
		return g.writePromise(p)
	case demoSilent:
		// Past due and nobody told the customer: every contact is older
		// than the deadline (lesson 4's worst state).
		kind := []string{data.KindCallback, data.KindAnswer, data.KindOffer, data.KindDelivery}[g.r.IntN(4)]
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
			// The first date was a deadline people say, a full hour on a
			// weekday, when one fits in between.
			if d, _ := g.deadline(p.due, false); d.After(c.end.Add(time.Hour)) && d.Before(due) {
				p.due = d
			}
		}
		if err := g.created(p); err != nil {
			return err
		}
		if moved {
			if err := g.reschedule(p, g.between(c.end, p.c.DueAt.Time.Add(-time.Minute)), due, "", data.ToldNotYet, g.reason()); err != nil {
				return err
			}
		}
		return g.writePromise(p)
	case demoAtRisk:
		kind := []string{data.KindDelivery, data.KindOffer, data.KindDocument}[g.r.IntN(3)]
		p := g.newPromise(last(), kind)
		p.due, p.dueDate = g.deadline(now.Add(days(5+g.r.Float64()*15)), false)
		if err := g.created(p); err != nil {
			return err
		}
		estimate := p.c.DueAt.Time.Add(days(2 + g.r.Float64()*5)).Truncate(time.Hour)
		est := g.between(p.promised, now.Add(-time.Minute))
		if err := g.apply(p, func(c *data.Commitment) (data.CommitmentEvent, error) {
			return c.ApplyEstimate(g.step(p.owner, est), data.Due{At: estimate})
		}); err != nil {
			return err
		}
		return g.writePromise(p)
	}
	return nil
}
