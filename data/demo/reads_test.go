package demo

import (
	"github.com/zusage/zusage/data"

	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readsHelperEnv makes the test binary, started again under strace, run
// one measured operation instead of the tests.
const readsHelperEnv = "ZUSAGE_READS_HELPER"

// TestReadCountMatchesStrace checks the round-trip counter against strace:
// the reads the counter reports for an operation are exactly the read and
// pread64 calls strace lists between its two probes, and every one of them
// names the database file.
func TestReadCountMatchesStrace(t *testing.T) {
	if path := os.Getenv(readsHelperEnv); path != "" {
		readsHelper(t, path)
		return
	}
	strace, err := exec.LookPath("strace")
	if err != nil || !ReadsAvailable() {
		t.Skip("needs strace and /proc/self/io (Linux)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "reads.zusage")
	s, err := data.Open(path)
	require.NoError(t, err)
	_, err = Generate(s, Options{Customers: 300, Users: 4, Years: 2, Seed: 3, Now: demoNow}, nil)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	trace := filepath.Join(dir, "trace.txt")
	cmd := exec.Command(strace, "-f", "-y", "-e", "trace=read,pread64", "-o", trace,
		os.Args[0], "-test.run", "^TestReadCountMatchesStrace$", "-test.count", "1")
	cmd.Env = append(os.Environ(), readsHelperEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(string(out), "ptrace") {
		t.Skipf("strace may not trace here: %s", out)
	}
	require.NoError(t, err, "%s", out)
	m := regexp.MustCompile(`counted (\d+) reads`).FindSubmatch(out)
	require.NotNil(t, m, "%s", out)
	counted, _ := strconv.Atoi(string(m[1]))

	f, err := os.Open(trace)
	require.NoError(t, err)
	defer f.Close()
	var probes, between, ofFile int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if !strings.Contains(l, "read(") && !strings.Contains(l, "pread64(") {
			continue
		}
		// The counter's probes read /proc/<pid>/io; the helper marks its
		// window with a probe pair before and after.
		if strings.Contains(l, "/io>") {
			probes++
			continue
		}
		if probes == 3 { // the calibration pair, then the start probe
			between++
			if strings.Contains(l, "reads.zusage>") {
				ofFile++
			}
		}
	}
	require.NoError(t, sc.Err())
	require.GreaterOrEqual(t, probes, 4, "strace saw the counter's probes")
	assert.Greater(t, counted, 10, "the operation read the file")
	assert.Equal(t, between, counted, "the counter equals strace's count of reads in the window")
	assert.Equal(t, between, ofFile, "every read in the window names the database file")
}

// readsHelper is the traced process: it opens the file, then counts the
// reads of a cold warnings computation and the first timeline page.
func readsHelper(t *testing.T, path string) {
	s, err := data.OpenWith(path, data.Options{MustExist: true, ReadOnly: true})
	require.NoError(t, err)
	defer s.Close()
	var cid uint
	require.NoError(t, s.DB().Raw("SELECT id FROM customers ORDER BY id LIMIT 1").Row().Scan(&cid))
	// The time zone is loaded on first use; not a read of the file.
	_ = time.Now().In(time.Local).String()
	c, err := CountReads()
	require.NoError(t, err)
	_, err = s.Warnings(demoNow.Add(time.Hour), data.WarningFilter{})
	require.NoError(t, err)
	_, _, err = s.Timeline(cid, "", 50)
	require.NoError(t, err)
	fmt.Printf("counted %d reads\n", c.Reads())
}
