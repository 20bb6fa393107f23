package data

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
)

// The multi-process tests re-run this test binary as helper processes that
// open the same file, as the desktops of an office do.
const helperEnv = "ZUSAGE_TEST_HELPER"

var helperClock = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// TestHelperProcess is not a test: it is the body of a helper process.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		return
	}
	path := os.Getenv("ZUSAGE_TEST_DB")
	arg, _ := strconv.Atoi(os.Getenv("ZUSAGE_TEST_ARG"))
	s, err := OpenWith(path, Options{MustExist: true})
	if err != nil {
		fmt.Println("ERR open:", err)
		os.Exit(1)
	}
	s.Now = func() time.Time { return helperClock }
	switch role {
	case "writer":
		helperWriter(s, arg)
	case "bigwriter":
		helperBigWriter(s, arg)
	case "rights":
		helperRights(s)
	}
	s.Close()
	os.Exit(0)
}

const writesPerProcess = 30

// helperWriter logs writesPerProcess contacts and acknowledges each one
// only after LogContact returned.
func helperWriter(s *Store, worker int) {
	for i := 0; i < writesPerProcess; i++ {
		summary := fmt.Sprintf("w%d-%d", worker, i)
		c, err := s.LogContact(NewContact{CustomerID: 1, UserID: 1, At: helperClock.Add(-time.Hour), Channel: "phone", Summary: summary})
		if err != nil {
			fmt.Println("ERR", summary, err)
			os.Exit(1)
		}
		fmt.Println("ACK", c.ID, summary)
	}
}

const (
	bigRows  = 120
	bigNotes = 20 << 10
)

// helperBigWriter commits batch after batch, each one large transaction of
// bigRows contacts (more than the page cache, so pages spill to the file
// before COMMIT). It says MID halfway through each and COMMITTED after.
func helperBigWriter(s *Store, first int) {
	notes := strings.Repeat("Lieferschein und Reklamation. ", bigNotes/30)
	for batch := first; ; batch++ {
		err := s.write(func(tx *gorm.DB) error {
			// A small page cache makes SQLite write pages into the file
			// before COMMIT, so a kill leaves a hot journal to roll back.
			if s.Backend() == BackendSQLite {
				if err := tx.Exec("PRAGMA cache_size = -512").Error; err != nil {
					return err
				}
			}
			for r := 0; r < bigRows; r++ {
				if r == bigRows/2 {
					fmt.Println("MID", batch)
				}
				c := Contact{CustomerID: 1, UserID: 1, At: At(helperClock), Channel: "phone", Direction: DirOut,
					Summary: fmt.Sprintf("row %d", r), Notes: notes, Concern: fmt.Sprintf("batch-%d", batch), Version: 1}
				if err := tx.Create(&c).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			fmt.Println("ERR", batch, err)
			os.Exit(1)
		}
		fmt.Println("COMMITTED", batch)
	}
}

func helperCmd(t *testing.T, role, path string, arg int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+role, "ZUSAGE_TEST_DB="+path, "ZUSAGE_TEST_ARG="+strconv.Itoa(arg))
	cmd.Stderr = os.Stderr
	return cmd
}

// officeFile makes a database with salesperson #1 and customer #1.
func officeFile(t *testing.T) string {
	t.Helper()
	path := TestDB(t, "office.zusage")
	s, err := Create(path)
	require.NoError(t, err)
	s.Now = func() time.Time { return helperClock }
	u, err := s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	_, err = s.AddCustomer(NewCustomer{Name: "Müller GmbH", OwnerID: u.ID})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	return path
}

func integrity(t *testing.T, s *Store) string {
	t.Helper()
	r, err := s.Check()
	require.NoError(t, err)
	return r.Integrity
}

func TestEightProcessesWriteAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 8 processes")
	}
	path := officeFile(t)
	const procs = 8
	type result struct {
		out  string
		err  error
		code int
	}
	results := make([]result, procs)
	var wg sync.WaitGroup
	for w := 0; w < procs; w++ {
		cmd := helperCmd(t, "writer", path, w)
		var out strings.Builder
		cmd.Stdout = &out
		require.NoError(t, cmd.Start())
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			err := cmd.Wait()
			results[w] = result{out: out.String(), err: err, code: cmd.ProcessState.ExitCode()}
		}(w)
	}
	wg.Wait()

	acked := map[uint]string{}
	for w, r := range results {
		require.Equal(t, 0, r.code, "writer %d failed: %s", w, r.out)
		assert.NotContains(t, r.out, "ERR", "no write failed")
		lines := strings.Split(strings.TrimSpace(r.out), "\n")
		require.Len(t, lines, writesPerProcess, "writer %d acknowledged every write", w)
		for _, l := range lines {
			var id uint
			var summary string
			_, err := fmt.Sscanf(l, "ACK %d %s", &id, &summary)
			require.NoError(t, err, l)
			_, dup := acked[id]
			require.False(t, dup, "id %d acknowledged twice", id)
			acked[id] = summary
		}
	}
	s, err := OpenWith(path, Options{MustExist: true})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, "ok", integrity(t, s))
	var rows []Contact
	require.NoError(t, s.db.Find(&rows).Error)
	assert.Len(t, rows, procs*writesPerProcess)
	for _, c := range rows {
		assert.Equal(t, acked[c.ID], c.Summary, "contact #%d", c.ID)
	}
	for id, summary := range acked {
		c, err := s.Contact(id)
		require.NoError(t, err, "acknowledged write %s is missing", summary)
		assert.Equal(t, summary, c.Summary)
	}
}

func TestKilledWriterLosesNothingCommitted(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 processes")
	}
	path := officeFile(t)
	delays := []time.Duration{0, 0, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond, 25 * time.Millisecond, 60 * time.Millisecond}
	committed := map[int]bool{}
	next := 1
	absentKilled, hotJournals := 0, 0
	for i := 0; i < 20; i++ {
		target := next + i%2 // every other run commits a batch before the kill
		cmd := helperCmd(t, "bigwriter", path, next)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		lines := make(chan string, 64)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		var seen []string
		waitFor := fmt.Sprintf("MID %d", target)
		timeout := time.After(60 * time.Second)
	wait:
		for {
			select {
			case l, ok := <-lines:
				require.True(t, ok, "the writer ended early: %v", seen)
				seen = append(seen, l)
				if l == waitFor {
					break wait
				}
			case <-timeout:
				cmd.Process.Kill()
				t.Fatalf("no %q from the writer: %v", waitFor, seen)
			}
		}
		time.Sleep(delays[i%len(delays)])
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		cmd.Wait()
		for l := range lines {
			seen = append(seen, l)
		}
		for _, l := range seen {
			var b int
			if _, err := fmt.Sscanf(l, "COMMITTED %d", &b); err == nil {
				committed[b] = true
			}
			require.False(t, strings.HasPrefix(l, "ERR"), l)
		}
		if st, err := os.Stat(path + "-journal"); err == nil && st.Size() > 0 {
			hotJournals++
			if hotJournals == 1 {
				// check only reads: it reports the interrupted write and
				// leaves the recovery to the next desktop that writes.
				before := fileSum(t, path)
				journal := fileSum(t, path+"-journal")
				r, err := CheckFile(path)
				require.NoError(t, err)
				assert.False(t, r.Healthy())
				assert.Equal(t, CheckHotJournal, r.Unchecked)
				assert.Equal(t, before, fileSum(t, path))
				assert.Equal(t, journal, fileSum(t, path+"-journal"))
			}
		}

		// The next desktop to open the file rolls the hot journal back.
		s, err := OpenWith(path, Options{MustExist: true})
		require.NoError(t, err, "run %d", i)
		assert.Equal(t, "ok", integrity(t, s), "run %d", i)
		type count struct {
			Concern string
			N       int
		}
		var counts []count
		require.NoError(t, s.db.Raw("SELECT concern, count(*) AS n FROM contacts GROUP BY concern").Scan(&counts).Error)
		present := map[int]int{}
		for _, c := range counts {
			var b int
			_, err := fmt.Sscanf(c.Concern, "batch-%d", &b)
			require.NoError(t, err, c.Concern)
			present[b] = c.N
		}
		require.NoError(t, s.Close())
		for b := range committed {
			assert.Equal(t, bigRows, present[b], "run %d: committed batch %d must be complete", i, b)
		}
		switch present[target] {
		case 0:
			absentKilled++
		case bigRows:
			committed[target] = true // the kill came after its COMMIT
		default:
			t.Fatalf("run %d: the killed transaction left %d of %d rows", i, present[target], bigRows)
		}
		// A late kill may land after the writer committed further batches;
		// those must be whole, and at most the killed one may be missing.
		next = target + 1
		for b, n := range present {
			if b > target {
				require.Equal(t, bigRows, n, "run %d: batch %d after the target must be whole or absent", i, b)
				if b >= next {
					next = b + 1
				}
			}
		}
	}
	t.Logf("20 kills: %d in the middle of the transaction, %d after its commit; %d journals left beside the file and rolled back on open", absentKilled, 20-absentKilled, hotJournals)
	assert.Greater(t, absentKilled, 0, "at least some kills must land inside the transaction")
}

// helperRights writes once, waits for the test to change something about
// the file ("go" beside it), writes again and says how that went.
func helperRights(s *Store) {
	_, err := s.AddCustomer(NewCustomer{Name: "vorher", OwnerID: 1})
	fmt.Println("FIRST", errClass(err))
	dir := os.Getenv("ZUSAGE_TEST_SIGNAL")
	for i := 0; i < 500; i++ {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, err = s.AddCustomer(NewCustomer{Name: "nachher", OwnerID: 1})
	fmt.Println("RESULT", errClass(err))
}

func errClass(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrReadOnly):
		return "read_only"
	case errors.Is(err, ErrUnreachable):
		return "unreachable"
	case errors.Is(err, ErrFileGone):
		return "gone"
	}
	return "other: " + err.Error()
}
