// Command benchtable makes the full-scale benchmark file and prints the
// performance table of `make bench`: each operation as Zusage does it (from
// `go test -bench` output), the same SQL through the sqlite3 command-line
// shell on the same file as the floor, the ratio, and the budget.
//
//	benchtable gen [--db PATH] [--cpuprofile FILE]
//	benchtable table [--db PATH] [--gen SECONDS] BENCH-OUTPUT...
//	benchtable server --file BENCH-OUTPUT --server BENCH-OUTPUT [--move SECONDS]
//	benchtable window [--bin build/zusage] [--db PATH] [--settle 20s] [--open 20]
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	// The driver Zusage uses, for the "same SQL in Go" column.
	_ "github.com/glebarez/go-sqlite"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "table":
		err = table(os.Args[2:], os.Stdout)
	case "server":
		err = serverTable(os.Args[2:], os.Stdout)
	case "window":
		err = window(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: benchtable gen [--db PATH] [--fresh] [--cpuprofile FILE]\n       benchtable table [--db PATH] [--gen SECONDS] BENCH-OUTPUT...\n       benchtable server --file BENCH-OUTPUT --server BENCH-OUTPUT [--move SECONDS]\n       benchtable window [--bin build/zusage] [--db PATH] [--settle 20s] [--open 20]")
	os.Exit(2)
}

// benchDB is the file the benchmarks use: $ZUSAGE_BENCH_DB or the cache.
func benchDB() string {
	if p := os.Getenv("ZUSAGE_BENCH_DB"); p != "" {
		return p
	}
	return demo.BenchFilePath()
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	db := fs.String("db", benchDB(), "benchmark database")
	fresh := fs.Bool("fresh", false, "generate into a new temporary file, print the seconds it took, delete it")
	prof := fs.String("cpuprofile", "", "write a CPU profile of the generation here")
	fs.Parse(args)
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var progress func(int, int)
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		progress = bar()
	}
	if *fresh {
		dir, err := os.MkdirTemp("", "zusage-gen-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		start := time.Now()
		s, err := data.Open(filepath.Join(dir, "demo.zusage"))
		if err != nil {
			return err
		}
		res, err := demo.Generate(s, demo.BenchOptions, progress)
		if err != nil {
			s.Close()
			return err
		}
		if err := s.Close(); err != nil {
			return err
		}
		fmt.Printf("%.1f s for %d customers, %d contacts, %d promises\n", time.Since(start).Seconds(), res.Customers, res.Contacts, res.Commitments)
		return nil
	}
	start := time.Now()
	if err := demo.EnsureBenchFile(*db, progress); err != nil {
		return err
	}
	fmt.Printf("%s ready (%s)\n", *db, time.Since(start).Round(time.Millisecond))
	return nil
}

func bar() func(done, total int) {
	last := -1
	return func(done, total int) {
		pct := done * 100 / total
		if pct != last {
			last = pct
			fmt.Fprintf(os.Stderr, "\rgenerating %3d%%", pct)
			if done == total {
				fmt.Fprintln(os.Stderr)
			}
		}
	}
}

// row is one line of the table.
type row struct {
	op     string
	bench  string        // benchmark name in the go test output
	budget time.Duration // mean per operation
	unit   string        // how the value is shown when not a duration
	floor  func(f *facts) (floors, error)
}

// floors are the same SQL run by the sqlite3 shell (native SQLite) and by
// the Go driver Zusage uses (SQLite translated to Go), without Zusage's code.
type floors struct{ shell, driver time.Duration }

var rows = []row{
	{op: "Open the file", bench: "BenchmarkOpen", budget: 300 * time.Millisecond, floor: floorOpen},
	{op: "Warnings, whole team", bench: "BenchmarkWarnings", budget: 20 * time.Millisecond, floor: floorWarnings},
	{op: "Timeline first page (longest history)", bench: "BenchmarkTimelineFirstPage", budget: 10 * time.Millisecond, floor: floorTimeline},
	{op: "Customer search, 3-letter infix", bench: "BenchmarkCustomerSearch", budget: 30 * time.Millisecond, floor: floorSearch},
	{op: "Log a contact", bench: "BenchmarkLogContact", budget: 20 * time.Millisecond, floor: floorLogContact},
	{op: "Reschedule a promise", bench: "BenchmarkReschedule", budget: 20 * time.Millisecond, floor: floorReschedule},
	{op: "Calendar feed, one salesperson, one year", bench: "BenchmarkICSFeed", budget: 200 * time.Millisecond, floor: floorICS},
	{op: "UI: open the customer view (longest history), Fyne test driver", bench: "BenchmarkCustomerView", budget: 100 * time.Millisecond},
	{op: "UI: open the customer view with the longest allowed notes (20,000 characters) and a page of long contacts, Fyne test driver", bench: "BenchmarkCustomerViewLongNotes", budget: 100 * time.Millisecond},
	{op: "UI: start the whole app (open the file, every screen loaded)", bench: "BenchmarkAppStart"},
	{op: "`zusage import` of 200,000 customers into a new file, in batches", bench: "BenchmarkImport200kWhileLogging"},
}

// msRow is a line of the table from a metric in milliseconds.
type msRow struct {
	op, bench, metric string
	budget            time.Duration
}

var msRows = []msRow{
	{"`zusage log` started during that import (every 0.25 s), the slowest", "BenchmarkImport200kWhileLogging", "ms-slowest-log", 2 * time.Second},
}

// memRow is a memory line of the table, from a metric of a benchmark.
type memRow struct {
	op, bench, metric string
	budgetMB          float64
}

var memRows = []memRow{
	{"UI: memory (resident), whole app started and that customer open", "BenchmarkCustomerView", "MiB-rss", 200},
	{"UI: memory (resident), whole app started once", "BenchmarkAppStart", "MiB-rss", 200},
}

// readRow is a line of the round-trip table: the reads of the database file
// an operation makes from a cold cache (issue 15), from the reads/op metric.
type readRow struct {
	op, bench string
	// target is the most reads the operation may make (0: none set).
	target float64
}

var readRows = []readRow{
	{op: "Open the file to Today on screen (app start, cold)", bench: "BenchmarkReadsAppOpenToday", target: 300},
	{op: "Refresh after another desktop's single change: Today and the customer view on screen (app)", bench: "BenchmarkReadsAppRefreshAfterChange", target: 50},
	{op: "Refresh after another desktop's change about the customer on screen: Today and that customer's view (app)", bench: "BenchmarkReadsAppRefreshOpenCustomerChanged", target: 50},
	{op: "Open the file and load Today (data only)", bench: "BenchmarkReadsOpenToday"},
	{op: "Bring Today up to date after another desktop's change (data only: change log, the changed customer, today's callbacks)", bench: "BenchmarkReadsTodayAfterChange"},
	{op: "Warnings, whole team (cold)", bench: "BenchmarkReadsTeamWarnings", target: 400},
	{op: "Customer search, 3-letter infix (cold)", bench: "BenchmarkReadsCustomerSearch", target: 60},
	{op: "Timeline, first page of the longest history (cold)", bench: "BenchmarkReadsTimelinePage"},
	{op: "Customer view of the longest history: card, timeline, titles (cold)", bench: "BenchmarkReadsCustomerView"},
	{op: "Calendar feed, one salesperson, one year (cold)", bench: "BenchmarkReadsICSFeed"},
	{op: "Log a contact (cold; also writes — see below)", bench: "BenchmarkReadsLogContact"},
	{op: "Idle poll for other desktops' changes (one per 2 s interval)", bench: "BenchmarkReadsIdlePoll", target: 2},
}

// Round-trip costs of one read of the file on the office share.
const (
	lanRead = 500 * time.Microsecond
	vpnRead = 20 * time.Millisecond
)

var benchLine = regexp.MustCompile(`^(Benchmark\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op(.*)$`)
var metric = regexp.MustCompile(`([\d.]+) ([\w/-]+)`)

// readBench collects the times and metrics of go test -bench outputs.
func readBench(names []string) (map[string]time.Duration, map[string]float64, error) {
	measured := map[string]time.Duration{}
	metrics := map[string]float64{}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
			if m == nil {
				continue
			}
			ns, _ := strconv.ParseFloat(m[3], 64)
			measured[m[1]] = time.Duration(ns)
			for _, mm := range metric.FindAllStringSubmatch(m[4], -1) {
				v, _ := strconv.ParseFloat(mm[1], 64)
				metrics[m[1]+" "+mm[2]] = v
			}
		}
		f.Close()
	}
	return measured, metrics, nil
}

// serverTable prints the same benchmarks on the SQLite file and on the
// PostgreSQL server that make bench moved the file to.
func serverTable(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ExitOnError)
	fileOut := fs.String("file", "", "go test -bench output on the file")
	serverOut := fs.String("server", "", "go test -bench output on the server")
	moveSecs := fs.Float64("move", 0, "seconds zusage move took from the file to the server (0: not measured)")
	fs.Parse(args)
	onFile, _, err := readBench([]string{*fileOut})
	if err != nil {
		return err
	}
	onServer, _, err := readBench([]string{*serverOut})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "| Operation | SQLite file | PostgreSQL server | Budget |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	if *moveSecs > 0 {
		fmt.Fprintf(w, "| Move the file to the server (`zusage move`, verified) | — | %.1f s | — |\n", *moveSecs)
	}
	for _, r := range rows {
		f, okF := onFile[r.bench]
		p, okP := onServer[r.bench]
		if !okF && !okP {
			continue
		}
		show := func(d time.Duration, ok bool) string {
			if !ok {
				return "not run"
			}
			s := ms(d)
			if r.budget > 0 && d > r.budget {
				s += " (over)"
			}
			return s
		}
		budget := "—"
		if r.budget > 0 {
			budget = ms(r.budget)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.op, show(f, okF), show(p, okP), budget)
	}
	return nil
}

func table(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("table", flag.ExitOnError)
	db := fs.String("db", benchDB(), "benchmark database")
	genSecs := fs.Float64("gen", 0, "seconds the full-scale demo generation took (0: not measured)")
	fs.Parse(args)
	measured, metrics, err := readBench(fs.Args())
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return fmt.Errorf("the sqlite3 shell is needed for the floor column (apt-get install sqlite3): %w", err)
	}
	fa, err := learn(*db)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "File: %s — %d customers, %d contacts, %d promises, %d open\n\n", filepath.Base(*db), fa.customers, fa.contacts, fa.commitments, fa.open)
	fmt.Fprintln(w, "| Operation | Zusage | sqlite3 floor | Ratio | Same SQL, Go driver | Budget | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---|")
	if *genSecs > 0 {
		fmt.Fprintf(w, "| Generate the demo (`zusage demo --customers 20000 --users 20 --years 10`) | %.1f s | — | — | — | 60 s | %s |\n", *genSecs, verdict(*genSecs <= 60))
	}
	for _, r := range rows {
		got, ok := measured[r.bench]
		if !ok {
			fmt.Fprintf(w, "| %s | not run | | | | %s | |\n", r.op, ms(r.budget))
			continue
		}
		floorText, ratioText, driverText := "—", "—", "—"
		if r.floor != nil {
			fl, err := r.floor(fa)
			if err != nil {
				return fmt.Errorf("%s floor: %w", r.op, err)
			}
			floorText, driverText = ms(fl.shell), ms(fl.driver)
			ratioText = fmt.Sprintf("%.1f×", float64(got)/float64(fl.shell))
		}
		if r.budget == 0 {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | — | |\n", r.op, ms(got), floorText, ratioText, driverText)
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", r.op, ms(got), floorText, ratioText, driverText, ms(r.budget), verdict(got <= r.budget))
	}
	for _, r := range msRows {
		if v, ok := metrics[r.bench+" "+r.metric]; ok {
			d := time.Duration(v * float64(time.Millisecond))
			fmt.Fprintf(w, "| %s | %s | — | — | — | %s | %s |\n", r.op, ms(d), ms(r.budget), verdict(d <= r.budget))
		}
	}
	for _, r := range memRows {
		if v, ok := metrics[r.bench+" "+r.metric]; ok {
			// MiB as the benchmark reports it; the budget is in MB.
			mb := v * (1 << 20) / 1e6
			fmt.Fprintf(w, "| %s | %.0f MB | — | — | — | %.0f MB | %s |\n", r.op, mb, r.budgetMB, verdict(mb < r.budgetMB))
		}
	}
	windowTable(w, metrics)
	readTable(w, measured, metrics)
	return nil
}

// windowTable prints the real window's memory (benchtable window).
func windowTable(w io.Writer, metrics map[string]float64) {
	small, ok := metrics["BenchmarkWindowSmallFile MB-rss"]
	if !ok {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Real window under Xvfb (resident memory 20 s after start; the data side is what the full-scale file adds to the two-customer file):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Window | Resident | Above the small file | Budget | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|")
	fmt.Fprintf(w, "| Two customers (baseline: toolkit, fonts, software OpenGL) | %.0f MB | — | — | |\n", small)
	for _, r := range []struct{ op, bench string }{
		{"Full-scale file, after start (Today on screen)", "BenchmarkWindowStart"},
		{"Full-scale file, the longest customer opened 20 times", "BenchmarkWindowOpenCustomer"},
	} {
		rss, ok := metrics[r.bench+" MB-rss"]
		if !ok {
			continue
		}
		above := metrics[r.bench+" MB-above-small"]
		fmt.Fprintf(w, "| %s | %.0f MB | %.0f MB | 60 MB | %s |\n", r.op, rss, above, verdict(above <= 60))
	}
}

// readTable prints the round trips: reads of the file per operation, the
// time of the cold run on this machine, and that time with every read a
// round trip on a LAN share (0.5 ms) and over a VPN (20 ms).
func readTable(w io.Writer, measured map[string]time.Duration, metrics map[string]float64) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Round trips (reads of the database file, cold cache):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Operation | Reads of the file | Bytes read | Local disk | At 0.5 ms per read | At 20 ms per read | Target | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---|")
	defer func() {
		if wr, ok := metrics["BenchmarkReadsLogContact "+demo.WritesPerOp]; ok {
			fmt.Fprintf(w, "\nA logged contact also makes %s write calls (%s KiB: every changed page into the journal and the file, synchronous FULL).\n",
				count(wr), count(metrics["BenchmarkReadsLogContact "+demo.KiBWrittenPerOp]))
		}
		if n, ok := metrics["BenchmarkReadsIdlePoll reads-after-change/op"]; ok {
			fmt.Fprintf(w, "The poll that notices another desktop's change reads the file %s times.\n", count(n))
		}
	}()
	for _, r := range readRows {
		n, ok := metrics[r.bench+" "+demo.ReadsPerOp]
		if !ok {
			fmt.Fprintf(w, "| %s | not run | | | | | %s | |\n", r.op, target(r.target))
			continue
		}
		local := measured[r.bench]
		localText := ms(local)
		at := func(per time.Duration) string { return ms(local + time.Duration(n*float64(per))) }
		v := ""
		if r.target > 0 {
			v = verdict(n <= r.target)
		}
		bytes := "—"
		if kib, ok := metrics[r.bench+" "+demo.KiBReadPerOp]; ok {
			bytes = fmt.Sprintf("%s KiB", count(kib))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.op, count(n), bytes, localText, at(lanRead), at(vpnRead), target(r.target), v)
	}
}

func target(n float64) string {
	if n == 0 {
		return "—"
	}
	return count(n)
}

// count formats a number of reads: whole numbers with a thousands comma.
func count(n float64) string {
	if n != float64(int64(n)) && n < 100 {
		return strconv.FormatFloat(n, 'f', 1, 64)
	}
	s := strconv.FormatInt(int64(n+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "**over budget**"
}

func ms(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.2f ms", float64(d)/1e6)
}

// facts are what the floor queries need, found the way the benchmarks in
// data/ find them.
type facts struct {
	path                                   string
	now                                    int64
	longest, owner, promise, promiseOwner  uint
	customers, contacts, commitments, open int64
	noNextStepDays                         int
	horizon                                int64
	// searchCounts are the matches of each search benchmark query, capped.
	searchCounts []int
}

func learn(path string) (*facts, error) {
	s, err := data.OpenWith(path, data.Options{MustExist: true, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	f := &facts{path: path}
	db := s.DB()
	var last int64
	for _, q := range []struct {
		sql  string
		dest []any
	}{
		{"SELECT max(at) FROM contacts", []any{&last}},
		{"SELECT customer_id FROM contacts GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1", []any{&f.longest}},
		{"SELECT owner_id FROM commitments GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1", []any{&f.owner}},
		{"SELECT id, owner_id FROM commitments WHERE status = 'open' AND kind <> 'standing' ORDER BY id LIMIT 1", []any{&f.promise, &f.promiseOwner}},
		{"SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM contacts), (SELECT count(*) FROM commitments), (SELECT count(*) FROM commitments WHERE status = 'open')",
			[]any{&f.customers, &f.contacts, &f.commitments, &f.open}},
	} {
		if err := db.Raw(q.sql).Row().Scan(q.dest...); err != nil {
			return nil, fmt.Errorf("%s: %w", q.sql, err)
		}
	}
	f.now = last + 60
	for _, q := range demo.BenchSearchQueries {
		var n int
		if err := db.Raw(data.SearchManyMatchesQuery, `"`+q+`"`, data.SearchManyCap(100, 0)).Row().Scan(&n); err != nil {
			return nil, err
		}
		f.searchCounts = append(f.searchCounts, n)
	}
	set, err := s.Settings()
	if err != nil {
		return nil, err
	}
	var maxLead time.Duration
	for _, d := range set.LeadTimes {
		maxLead = max(maxLead, d)
	}
	f.horizon = f.now + int64(maxLead/time.Second)
	f.noNextStepDays = set.NoNextStepDays
	return f, nil
}

// measure runs script through the sqlite3 shell and through the Go driver.
func measure(path, setup, script string, n int) (floors, error) {
	sh, err := shell(path, setup, script, n)
	if err != nil {
		return floors{}, err
	}
	dr, err := driver(path, setup, script, n)
	return floors{sh, dr}, err
}

// driver runs the statements of script n times (after one warm-up) on one
// connection of the Go driver and returns the time of one repetition.
func driver(path, setup, script string, n int) (time.Duration, error) {
	ctx := context.Background()
	open := func() (*sql.DB, *sql.Conn, error) {
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			return nil, nil, err
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		return db, conn, nil
	}
	db, conn, err := open()
	if err != nil {
		return 0, err
	}
	defer func() { conn.Close(); db.Close() }()
	run := func(text string) error {
		for _, q := range strings.Split(text, ";\n") {
			q = strings.TrimSpace(q)
			switch {
			case q == "":
			case strings.HasPrefix(q, ".open "):
				conn.Close()
				db.Close()
				if db, conn, err = open(); err != nil {
					return err
				}
			case strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "PRAGMA") && !strings.Contains(q, "="):
				rows, err := conn.QueryContext(ctx, q)
				if err != nil {
					return fmt.Errorf("%w in %q", err, q)
				}
				cols, _ := rows.Columns()
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				for rows.Next() {
					if err := rows.Scan(ptrs...); err != nil {
						rows.Close()
						return err
					}
				}
				if err := rows.Close(); err != nil {
					return err
				}
			default:
				if _, err := conn.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("%w in %q", err, q)
				}
			}
		}
		return nil
	}
	if err := run("PRAGMA cache_size = -4096;\nPRAGMA foreign_keys = 1;\nPRAGMA busy_timeout = 10000;\n" + setup); err != nil {
		return 0, err
	}
	if err := run(script); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := run(script); err != nil {
			return 0, err
		}
	}
	return time.Since(start) / time.Duration(n), nil
}

// shell runs script n times through the sqlite3 shell on path and returns
// the time of one repetition: the wall time of n repetitions less that of
// none (starting the shell, opening the file), divided by n.
func shell(path, setup, script string, n int) (time.Duration, error) {
	run := func(reps int) (time.Duration, error) {
		var b strings.Builder
		b.WriteString(".output /dev/null\n")
		// The page cache Zusage's connections use.
		b.WriteString("PRAGMA cache_size = -4096;\nPRAGMA foreign_keys = 1;\nPRAGMA busy_timeout = 10000;\n")
		b.WriteString(setup)
		// One untimed warm-up, as the Go benchmarks have theirs.
		if reps > 0 {
			b.WriteString(script)
		}
		for i := 0; i < reps; i++ {
			b.WriteString(script)
		}
		cmd := exec.Command("sqlite3", "-batch", path)
		cmd.Stdin = strings.NewReader(b.String())
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		if err != nil || stderr.Len() > 0 {
			return 0, fmt.Errorf("sqlite3: %v %s", err, strings.TrimSpace(stderr.String()))
		}
		return d, nil
	}
	best := func(reps int) (time.Duration, error) {
		var m time.Duration
		for i := 0; i < 3; i++ {
			d, err := run(reps)
			if err != nil {
				return 0, err
			}
			if i == 0 || d < m {
				m = d
			}
		}
		return m, nil
	}
	base, err := best(0)
	if err != nil {
		return 0, err
	}
	all, err := best(n)
	if err != nil {
		return 0, err
	}
	// The warm-up repetition ran too; it is not counted.
	one := (all - base) / time.Duration(n+1)
	if one <= 0 {
		one = time.Microsecond
	}
	return one, nil
}

func floorOpen(f *facts) (floors, error) {
	script := fmt.Sprintf(".open %s\nPRAGMA cache_size = -4096;\nPRAGMA busy_timeout = 10000;\nPRAGMA foreign_keys = 1;\nPRAGMA synchronous = FULL;\nPRAGMA journal_mode;\nPRAGMA user_version;\nSELECT * FROM settings;\n", f.path)
	return measure(f.path, "", script, 20)
}

func floorWarnings(f *facts) (floors, error) {
	// The promise half is the Store's own SQL (data.WarningsQuery) with its
	// arguments written in, so the floor cannot drift from what Zusage runs.
	q, args := data.WarningsQuery(time.Unix(f.horizon, 0), 0)
	for _, a := range args {
		q = strings.Replace(q, "?", fmt.Sprint(a), 1)
	}
	script := "SELECT * FROM settings;\n" + q + fmt.Sprintf(`;
		SELECT cu.id, cu.name, cu.company, cu.owner_id, u.email AS owner, u.name AS owner_name, cu.last_contact_at, cu.created_at
		FROM customers cu JOIN users u ON u.id = cu.owner_id
		WHERE cu.archived = 0 AND COALESCE(cu.last_contact_at, cu.created_at, 0) < %d
		AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.customer_id = cu.id AND c.status = 'open' AND c.kind <> 'standing');
`, f.now-int64(f.noNextStepDays)*86400)
	return measure(f.path, "", script, 20)
}

func floorTimeline(f *facts) (floors, error) {
	big := int64(1<<62 - 1)
	script := fmt.Sprintf(`SELECT c.*, u.name AS owner_name, u.email AS owner FROM commitments c JOIN users u ON u.id = c.owner_id
		WHERE c.customer_id = %[1]d AND c.status = 'open' ORDER BY c.due_at IS NULL, c.due_at, c.id;
	SELECT k.id, k.at, k.channel, k.direction, k.summary, k.notes, k.delay_notice, k.concern, k.commitment_id, u.name, u.email
		FROM contacts k JOIN users u ON u.id = k.user_id WHERE k.customer_id = %[1]d AND k.at < %[2]d ORDER BY k.at DESC, k.id DESC LIMIT 51;
	SELECT e.id, e.at, e.commitment_id, e.type, e.old_due, e.new_due, e.old_due_date, e.new_due_date, e.reason, c.title, c.kind, u.name, u.email
		FROM commitment_events e JOIN commitments c ON c.id = e.commitment_id JOIN users u ON u.id = e.by_id
		WHERE e.customer_id = %[1]d AND e.at < %[2]d ORDER BY e.at DESC, e.id DESC LIMIT 51;
`, f.longest, big)
	return measure(f.path, "", script, 50)
}

func floorSearch(f *facts) (floors, error) {
	// The statements SearchCustomers runs: count the matches up to a cap,
	// then the plan that count chose.
	var b strings.Builder
	cap := data.SearchManyCap(100, 0)
	for i, q := range demo.BenchSearchQueries {
		phrase := "'\"" + strings.ReplaceAll(q, "'", "''") + "\"'"
		count := strings.Replace(strings.Replace(data.SearchManyMatchesQuery, "?", phrase, 1), "?", strconv.Itoa(cap), 1)
		b.WriteString(count + ";\n")
		many := f.searchCounts[i] >= cap
		query := data.SearchCustomersQuery(many)
		for _, v := range []string{phrase, "100", "0"} {
			query = strings.Replace(query, "?", v, 1)
		}
		b.WriteString(query + ";\n")
	}
	d, err := measure(f.path, "", b.String(), 10)
	k := time.Duration(len(demo.BenchSearchQueries))
	return floors{d.shell / k, d.driver / k}, err
}

// copyFile makes a scratch copy for the writing floors.
func copyFile(src string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "zusage-floor-")
	if err != nil {
		return "", nil, err
	}
	dst := filepath.Join(dir, "copy.zusage")
	in, err := os.Open(src)
	if err != nil {
		return "", nil, err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return "", nil, err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return "", nil, err
	}
	return dst, func() { os.RemoveAll(dir) }, out.Close()
}

// The writing floors do what the Store's operation does in one
// transaction, with the same durability: rollback journal, synchronous FULL.
const writeSetup = "PRAGMA journal_mode = DELETE;\nPRAGMA synchronous = FULL;\n"

func floorLogContact(f *facts) (floors, error) {
	path, done, err := copyFile(f.path)
	if err != nil {
		return floors{}, err
	}
	defer done()
	script := fmt.Sprintf(`BEGIN IMMEDIATE;
SELECT * FROM customers WHERE id = %[1]d;
SELECT count(*) FROM users WHERE id = (SELECT owner_id FROM customers WHERE id = %[1]d);
INSERT INTO contacts (customer_id, user_id, at, channel, direction, summary, notes, delay_notice, concern, version, created_at, updated_at)
	VALUES (%[1]d, (SELECT owner_id FROM customers WHERE id = %[1]d), %[2]d, 'phone', 'out', 'Kunde fragt nach Lieferzeit für Kreiselpumpe KP 40', '', 0, '', 1, %[2]d, %[2]d);
UPDATE customers SET last_contact_at = %[2]d WHERE id = %[1]d AND (last_contact_at IS NULL OR last_contact_at < %[2]d);
COMMIT;
`, f.longest, f.now)
	return measure(path, writeSetup, script, 20)
}

func floorReschedule(f *facts) (floors, error) {
	path, done, err := copyFile(f.path)
	if err != nil {
		return floors{}, err
	}
	defer done()
	script := fmt.Sprintf(`BEGIN IMMEDIATE;
SELECT * FROM commitments WHERE id = %[1]d;
SELECT count(*) FROM users WHERE id = %[2]d;
INSERT INTO commitment_events (commitment_id, customer_id, type, at, by_id, old_due, new_due, reason)
	SELECT id, customer_id, 'rescheduled', %[3]d, %[2]d, due_at, due_at + 86400, 'Lieferant verspätet sich' FROM commitments WHERE id = %[1]d;
UPDATE commitments SET due_at = due_at + 86400, due_date = '', sequence = sequence + 1, scheduled_at = %[3]d, scheduled_ver = version + 1,
	updated_at = %[3]d, version = version + 1 WHERE id = %[1]d AND version = (SELECT version FROM commitments WHERE id = %[1]d);
SELECT * FROM commitments WHERE id = %[1]d;
COMMIT;
`, f.promise, f.promiseOwner, f.now)
	return measure(path, writeSetup, script, 20)
}

func floorICS(f *facts) (floors, error) {
	from, to := f.now, time.Unix(f.now, 0).AddDate(1, 0, 0).Unix()
	slack := int64(48 * 3600)
	script := fmt.Sprintf(`SELECT * FROM users WHERE id = %[1]d;
%[5]s
WHERE c.id IN (SELECT id FROM commitments WHERE owner_id = %[1]d AND status = 'open' AND due_at >= %[2]d AND due_at < %[3]d
	UNION ALL SELECT id FROM commitments WHERE owner_id = %[1]d AND status = 'cancelled' AND due_at < %[3]d AND done_at >= %[4]d)
ORDER BY c.due_at, c.id;
`, f.owner, from, to+slack, f.now-30*86400, data.CalendarSelect)
	return measure(f.path, "", script, 20)
}
