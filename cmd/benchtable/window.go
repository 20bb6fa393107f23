package main

import (
	"bufio"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zusage/zusage/data"
	"github.com/zusage/zusage/data/demo"
)

// The real window's memory (issue 15): the binary started under the X
// display in $DISPLAY (Xvfb in `make bench`), its resident memory read from
// /proc after it settled. What the data side costs is the difference to the
// same binary on a file with two customers, since most of the window's
// memory is the toolkit and the (software) OpenGL driver.

// window prints benchmark lines (as `go test -bench` does) for the table.
func window(args []string) error {
	fs := flag.NewFlagSet("window", flag.ExitOnError)
	bin := fs.String("bin", "build/zusage", "the zusage binary")
	db := fs.String("db", benchDB(), "full-scale database")
	settle := fs.Duration("settle", 20*time.Second, "how long the window runs before its memory is read")
	times := fs.Int("open", 20, "how often the longest customer is opened")
	fs.Parse(args)
	if os.Getenv("DISPLAY") == "" {
		return fmt.Errorf("no X display: run it with DISPLAY set (make bench starts Xvfb)")
	}
	dir, err := os.MkdirTemp("", "zusage-window-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	small := filepath.Join(dir, "small.zusage")
	if err := smallFile(small); err != nil {
		return err
	}
	full := filepath.Join(dir, "full.zusage")
	if err := demo.CopyFile(*db, full); err != nil {
		return err
	}
	// A plain connection: the file may be of an older schema, when the
	// window of an older build is measured.
	conn, err := sql.Open("sqlite", "file:"+filepath.ToSlash(full)+"?mode=ro")
	if err != nil {
		return err
	}
	var longest uint
	err = conn.QueryRow(`SELECT customer_id FROM contacts GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`).Scan(&longest)
	conn.Close()
	if err != nil {
		return err
	}
	// Today's automatic backup exists already: the first start of a day
	// copies the whole file, which is not what is measured here.
	for _, p := range []string{small, full} {
		if err := skipBackup(p); err != nil {
			return err
		}
	}

	mb, err := runWindow(*bin, small, dir, *settle, "")
	if err != nil {
		return err
	}
	fmt.Printf("BenchmarkWindowSmallFile 1 %d ns/op %.1f MB-rss\n", settle.Nanoseconds(), mb)
	mb2, err := runWindow(*bin, full, dir, *settle, "")
	if err != nil {
		return err
	}
	fmt.Printf("BenchmarkWindowStart 1 %d ns/op %.1f MB-rss %.1f MB-above-small\n", settle.Nanoseconds(), mb2, mb2-mb)
	mb3, err := runWindow(*bin, full, dir, *settle, fmt.Sprintf("%d:%d", longest, *times))
	if err != nil {
		return err
	}
	fmt.Printf("BenchmarkWindowOpenCustomer 1 %d ns/op %.1f MB-rss %.1f MB-above-small\n", settle.Nanoseconds(), mb3, mb3-mb)
	return nil
}

// smallFile is the baseline: one salesperson, two customers.
func smallFile(path string) error {
	s, err := data.Create(path)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.AddUser(data.NewUser{Name: demo.UserName, Email: demo.UserEmail})
	if err != nil {
		return err
	}
	for _, n := range []string{"Müller GmbH", "Bauer KG"} {
		if _, err := s.AddCustomer(data.NewCustomer{Name: n, OwnerID: u.ID}); err != nil {
			return err
		}
	}
	return nil
}

func skipBackup(path string) error {
	dir := data.BackupDir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	name := filepath.Join(dir, base+"-"+time.Now().Format(time.DateOnly)+".zusage")
	return os.WriteFile(name, nil, 0o644)
}

// runWindow starts the app on path as the first demo salesperson and
// returns its resident memory in MB after settle (with open: settle after
// the customer was opened that often).
func runWindow(bin, path, dir string, settle time.Duration, open string) (float64, error) {
	cmd := exec.Command(bin, "--db", path, "--as", demo.UserEmail)
	cmd.Env = append(os.Environ(), "HOME="+filepath.Join(dir, "home"), "LANG=en_US.UTF-8", "ZUSAGE_BENCH_OPEN="+open)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if open != "" && strings.HasPrefix(sc.Text(), "zusage: bench: opened") {
				close(done)
			}
		}
	}()
	if open != "" {
		select {
		case <-done:
		case <-time.After(5 * time.Minute):
			return 0, fmt.Errorf("the window did not open customer %s in 5 minutes", open)
		}
	}
	time.Sleep(settle)
	return residentMB(cmd.Process.Pid)
}

// residentMB is VmRSS of the process in MB.
func residentMB(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("the window ended early: %w", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb * 1024 / 1e6, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", pid)
}
