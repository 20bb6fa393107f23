package winetest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"debug/pe"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage"
)

// rig is what `make test-windows` hands over: Wine, the release zip, the
// Linux build; and where the zip was unpacked.
type rig struct {
	wine  string
	linux string
	zip   string
	// folder holds the unpacked Zusage folder, under a path with a space
	// as an installed program would have ("Program Files").
	folder string
	gui    string // Zusage.exe
	cli    string // zusage-cli.exe
}

var (
	theRig  *rig
	rigErr  error
	rigOnce sync.Once
	rigRoot string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	defer func() {
		if rigRoot != "" {
			os.RemoveAll(rigRoot)
		}
	}()
	wine := os.Getenv("ZUSAGE_WINE")
	if wine == "" {
		return m.Run()
	}
	// Every Wine process of the run sees the same X display: the first one
	// starts Wine's desktop process, which keeps the display it found, so
	// the window test's display must be there from the start.
	display, stop, err := xvfb()
	if err != nil {
		fmt.Fprintln(os.Stderr, "winetest:", err)
		return 1
	}
	defer stop()
	os.Setenv("DISPLAY", display)
	// One wineserver for the whole run, and Wine's services started once:
	// without it every Wine process that finds none starts them again,
	// seconds each. It serves only this test's prefix (WINEPREFIX); -k ends
	// it and the services.
	server := filepath.Join(filepath.Dir(wine), "wineserver")
	exec.Command(server, "-p60").Run()
	defer exec.Command(server, "-k").Run()
	exec.Command(wine, "cmd", "/c", "exit").Run()
	return m.Run()
}

// setup skips the test unless make test-windows runs it, and unpacks the
// release zip once.
func setup(t *testing.T) *rig {
	t.Helper()
	if os.Getenv("ZUSAGE_WINE") == "" {
		t.Skip("the Windows build is tested under Wine by make test-windows")
	}
	rigOnce.Do(func() {
		r := &rig{wine: os.Getenv("ZUSAGE_WINE"), linux: os.Getenv("ZUSAGE_LINUX"), zip: os.Getenv("ZUSAGE_WINDOWS_ZIP")}
		rigRoot, rigErr = os.MkdirTemp("", "zusage-wine-")
		if rigErr != nil {
			return
		}
		r.folder = filepath.Join(rigRoot, "Program Files")
		if rigErr = unzip(r.zip, r.folder); rigErr != nil {
			return
		}
		r.gui = filepath.Join(r.folder, "Zusage", "Zusage.exe")
		r.cli = filepath.Join(r.folder, "Zusage", "zusage-cli.exe")
		theRig = r
	})
	require.NoError(t, rigErr)
	return theRig
}

func unzip(zipPath, dir string) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if f.FileInfo().IsDir() {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		src, err := f.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(src)
		src.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// winPath is how a Windows program under Wine names a file of this
// machine: Wine's drive Z: is the root of the Linux file system.
func winPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return `Z:` + strings.ReplaceAll(abs, "/", `\`)
}

// office makes the team's folder with a space and umlauts in every part:
// ".../Büro Ablage/Kunden Übersicht".
func office(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "Büro Ablage", "Kunden Übersicht")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

type result struct {
	code     int
	out, err string
}

// env is the environment of every program the tests start: a German
// office's time zone on both sides, UTF-8 so that Wine hands umlauts in
// arguments over unchanged.
func env(extra ...string) []string {
	return append(os.Environ(), append([]string{"TZ=Europe/Berlin", "LANG=C.UTF-8"}, extra...)...)
}

// capture runs c with its output going to files, not pipes: Wine's
// services inherit the first Wine process's handles and live on, and a
// pipe would keep c.Wait waiting for them.
func capture(c *exec.Cmd) (stdout, stderr string, err error) {
	dir, err := os.MkdirTemp("", "zusage-out-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(dir)
	o, err := os.Create(filepath.Join(dir, "out"))
	if err != nil {
		return "", "", err
	}
	defer o.Close()
	e, err := os.Create(filepath.Join(dir, "err"))
	if err != nil {
		return "", "", err
	}
	defer e.Close()
	c.Stdout, c.Stderr = o, e
	runErr := c.Run()
	ob, _ := os.ReadFile(o.Name())
	eb, _ := os.ReadFile(e.Name())
	return string(ob), string(eb), runErr
}

// exe runs a program (a Windows one through Wine) and returns what it did.
func exe(t *testing.T, dir string, extraEnv []string, argv ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Dir = dir
	c.Env = env(extraEnv...)
	out, errs, err := capture(c)
	r := result{out: out, err: errs}
	if err != nil {
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, "%v: %s", argv, errs)
		r.code = ee.ExitCode()
	}
	require.NoError(t, ctx.Err(), "%v did not finish in time", argv)
	return r
}

// win runs a Zusage command with zusage-cli.exe under Wine.
func (r *rig) win(t *testing.T, args ...string) result {
	t.Helper()
	return exe(t, "", nil, append([]string{r.wine, r.cli}, args...)...)
}

// lin runs a Zusage command with the Linux build.
func (r *rig) lin(t *testing.T, args ...string) result {
	t.Helper()
	return exe(t, "", nil, append([]string{r.linux}, args...)...)
}

// ok requires success and returns stdout without the final newline.
func ok(t *testing.T, res result, what string) string {
	t.Helper()
	require.Equal(t, 0, res.code, "%s: %s%s", what, res.out, res.err)
	return strings.TrimSpace(res.out)
}

// seed is the team of the scenario: Anna and her customer Müller.
func (r *rig) seed(t *testing.T, run func(*testing.T, ...string) result, db string) {
	t.Helper()
	assert.Equal(t, "1", ok(t, run(t, "user", "add", "--db", db, "--name", "Anna Bäcker", "--email", "anna@example.de", "--phone", "+49 30 1234-56"), "user add"))
	assert.Equal(t, "1", ok(t, run(t, "customer", "add", "--db", db, "--name", "Müller Haustechnik GmbH", "--owner", "anna@example.de", "--phone", "+49 421 777"), "customer add"))
}

func TestZipHoldsTheAppTheToolAndAReadMe(t *testing.T) {
	r := setup(t)
	zr, err := zip.OpenReader(r.zip)
	require.NoError(t, err)
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			names = append(names, f.Name)
		}
	}
	assert.ElementsMatch(t, []string{"Zusage/Zusage.exe", "Zusage/zusage-cli.exe", "Zusage/README-FIRST.txt"}, names,
		"the test-only ProcessPrng stand-in must never be shipped")

	readme, err := os.ReadFile(filepath.Join(r.folder, "Zusage", "README-FIRST.txt"))
	require.NoError(t, err)
	text := string(readme)
	assert.Contains(t, text, "Zusage "+zusage.About().Version+" for Windows")
	assert.Contains(t, text, "\r\n", "Notepad of older Windows 10 needs CRLF")
	assert.NotContains(t, strings.ReplaceAll(text, "\r\n", ""), "\n")
	for _, topic := range []string{`%APPDATA%\fyne\org.zusage.app`, "office share", "Calendar subscription", "zusage-cli.exe"} {
		assert.Contains(t, text, topic)
	}
}

// resourceTypes lists the resource type IDs at the root of the .rsrc section.
func resourceTypes(t *testing.T, f *pe.File) []uint32 {
	t.Helper()
	s := f.Section(".rsrc")
	require.NotNil(t, s, "no resources")
	b, err := s.Data()
	require.NoError(t, err)
	require.Greater(t, len(b), 16)
	n := int(binary.LittleEndian.Uint16(b[12:])) + int(binary.LittleEndian.Uint16(b[14:]))
	var ids []uint32
	for i := 0; i < n; i++ {
		ids = append(ids, binary.LittleEndian.Uint32(b[16+8*i:]))
	}
	return ids
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

func TestExesAreGUIAndConsoleWithIconAndVersion(t *testing.T) {
	r := setup(t)
	const rtIcon, rtGroupIcon, rtVersion, rtManifest = 3, 14, 16, 24
	about := zusage.About()
	fileVersion := fmt.Sprintf("%s.%d", about.Version, about.Build)
	for exePath, subsystem := range map[string]uint16{r.gui: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, r.cli: pe.IMAGE_SUBSYSTEM_WINDOWS_CUI} {
		f, err := pe.Open(exePath)
		require.NoError(t, err)
		h, okh := f.OptionalHeader.(*pe.OptionalHeader64)
		require.True(t, okh, "a 64-bit executable")
		assert.Equal(t, subsystem, h.Subsystem, exePath)
		assert.Subset(t, resourceTypes(t, f), []uint32{rtIcon, rtGroupIcon, rtVersion, rtManifest}, exePath)
		f.Close()
		b, err := os.ReadFile(exePath)
		require.NoError(t, err)
		assert.True(t, bytes.Contains(b, utf16le(fileVersion)), "version resource says %s", fileVersion)
	}
}

func TestVersionFromFyneAppTOML(t *testing.T) {
	r := setup(t)
	about := zusage.About()
	want := regexp.MustCompile(`^Zusage ` + regexp.QuoteMeta(about.Version) + ` \(build \d+, commit [0-9a-f]{7,}(-dirty)?, go[0-9.]+ windows/amd64\)$`)
	assert.Regexp(t, want, ok(t, r.win(t, "version"), "version"))
	assert.Regexp(t, want, ok(t, r.win(t, "--version"), "--version"))
	// The GUI exe prints where its output goes to a file (a scheduled task,
	// `Zusage.exe version > v.txt`): cmd.exe hands it the file.
	dir := t.TempDir()
	res := exe(t, dir, []string{"WINEPATH=" + winPath(filepath.Dir(r.gui))}, r.wine, "cmd", "/c", "Zusage", "version", ">", "v.txt")
	require.Equal(t, 0, res.code, res.err)
	v, err := os.ReadFile(filepath.Join(dir, "v.txt"))
	require.NoError(t, err)
	assert.Regexp(t, want, strings.TrimSpace(string(v)))
}

// same runs `zusage CMD --db FILE ARGS…` with both builds, each naming the
// file its own way, and asserts that they say the same, byte for byte (both
// run in the same time zone). It returns what they said.
func same(t *testing.T, r *rig, cmd, db string, args ...string) string {
	t.Helper()
	argv := func(path string) []string {
		return append(append(strings.Fields(cmd), "--db", path), args...)
	}
	w := ok(t, r.win(t, argv(winPath(db))...), "windows "+cmd)
	l := ok(t, r.lin(t, argv(db)...), "linux "+cmd)
	assert.Equal(t, l, w, "zusage %s on Windows and Linux", cmd)
	return w
}

func TestHeadlessScenarioOnAPathWithSpacesAndUmlauts(t *testing.T) {
	r := setup(t)
	dir := office(t)
	db := filepath.Join(dir, "zusage täglich.zusage")
	wdb := winPath(db)
	r.seed(t, r.win, wdb)
	now := time.Now()
	due := now.Add(3 * time.Hour).UTC().Format(time.RFC3339)
	newDue := now.Add(27 * time.Hour).UTC().Format(time.RFC3339)
	at := now.Add(30 * time.Hour).UTC().Format(time.RFC3339)

	assert.Equal(t, "1", ok(t, r.win(t, "log", "--db", wdb, "--customer", "1", "--by", "anna@example.de",
		"--channel", "phone", "--summary", "Rückruf zur Preisfrage vereinbart"), "log"))
	assert.Equal(t, "1", ok(t, r.win(t, "promise", "--db", wdb, "--customer", "1", "--by", "anna@example.de",
		"--kind", "callback", "--title", "Preisfrage Wärmepumpe", "--due", due), "promise"))
	assert.Contains(t, ok(t, r.win(t, "reschedule", "--db", wdb, "--commitment", "1", "--by", "anna@example.de",
		"--due", newDue, "--reason", "Kunde erst morgen erreichbar"), "reschedule"), "(sequence 1)")

	// Past the new deadline without a word to Müller: a warning, the same
	// on both systems.
	var warnings []struct {
		Level        string `json:"level"`
		CommitmentID *uint  `json:"commitment_id"`
		Customer     string `json:"customer"`
	}
	require.NoError(t, json.Unmarshal([]byte(same(t, r, "warnings", db, "--at", at, "--json")), &warnings))
	require.Len(t, warnings, 1)
	assert.Equal(t, "Müller Haustechnik GmbH", warnings[0].Customer)
	require.NotNil(t, warnings[0].CommitmentID)
	assert.Equal(t, uint(1), *warnings[0].CommitmentID)
	assert.Contains(t, []string{"silent", "untold", "slipped"}, warnings[0].Level)

	var timeline []struct {
		Type    string `json:"type"`
		Summary string `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(ok(t, r.win(t, "timeline", "--db", wdb, "--customer", "1", "--json"), "timeline")), &timeline))
	require.NotEmpty(t, timeline)
	assert.Equal(t, "commitment", timeline[0].Type, "the open promise is pinned on top")
	types := map[string]bool{}
	for _, e := range timeline {
		types[e.Type] = true
	}
	assert.True(t, types["contact"] && types["event"], "contact and reschedule event on the timeline: %v", timeline)

	ics := filepath.Join(dir, "Rückruf Müller.ics")
	assert.Contains(t, ok(t, r.win(t, "ics", "--db", wdb, "--commitment", "1", "--out", winPath(ics)), "ics"), "Rückruf Müller.ics")
	cal, err := os.ReadFile(ics)
	require.NoError(t, err)
	assert.Contains(t, string(cal), "BEGIN:VCALENDAR")
	assert.Contains(t, string(cal), "METHOD:REQUEST")
	assert.Contains(t, string(cal), "SEQUENCE:1", "the reschedule raised the sequence")

	csv := filepath.Join(dir, "Kontakte März.csv")
	assert.Contains(t, ok(t, r.win(t, "export", "--db", wdb, "--contacts", winPath(csv)), "export"), "exported 1 contacts")
	b, err := os.ReadFile(csv)
	require.NoError(t, err)
	assert.Contains(t, string(b), "Rückruf zur Preisfrage vereinbart")

	backup := filepath.Join(dir, "Sicherung vor der Änderung.zusage")
	ok(t, r.win(t, "backup", "--db", wdb, "--out", winPath(backup)), "backup")
	check := ok(t, r.win(t, "check", "--db", winPath(backup)), "check of the backup")
	assert.Contains(t, check, "status: healthy")

	check = ok(t, r.win(t, "check", "--db", wdb), "check")
	for _, line := range []string{"integrity: ok", "customers: 1", "contacts: 1", "commitments: 1", "open: 1", "status: healthy"} {
		assert.Contains(t, check, line)
	}
}

func TestExitStatusAndOutputInCmd(t *testing.T) {
	r := setup(t)
	dir := office(t)
	db := filepath.Join(dir, "zusage.zusage")
	r.seed(t, r.win, winPath(db))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Notizen.zusage"), []byte("not a database\r\n"), 0o644))
	// As a salesperson types it in cmd.exe, in the office folder, with the
	// Zusage folder on PATH.
	cmd := func(args ...string) result {
		return exe(t, dir, []string{"WINEPATH=" + winPath(filepath.Dir(r.cli))}, append([]string{r.wine, "cmd", "/c", "zusage-cli"}, args...)...)
	}
	res := cmd("check", "--db", "zusage.zusage")
	assert.Equal(t, 0, res.code, res.err)
	assert.Contains(t, res.out, "status: healthy")

	res = cmd("check", "--db", "Notizen.zusage")
	assert.Equal(t, 1, res.code, "a file that is not a Zusage database")
	assert.Contains(t, res.out, "refused: ")
	assert.Equal(t, 1, strings.Count(strings.TrimSpace(res.err), "\n")+1, "one line on stderr: %q", res.err)

	res = cmd("promise", "--db", "zusage.zusage", "--customer", "1")
	assert.Equal(t, 2, res.code, "a usage error")
	assert.Contains(t, res.err, "usage: zusage promise")

	res = cmd("customers", "--db", "zusage.zusage", "--search", "Müller")
	assert.Equal(t, 0, res.code, res.err)
	assert.Contains(t, res.out, "Müller Haustechnik GmbH")
}

func TestFourWindowsProcessesWriteOneFileAndNothingIsLost(t *testing.T) {
	r := setup(t)
	db := winPath(filepath.Join(office(t), "geteilt.zusage"))
	r.seed(t, r.win, db)
	const writers, each = 4, 10
	var wg sync.WaitGroup
	failures := make(chan string, writers*each)
	for w := 1; w <= writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 1; i <= each; i++ {
				// Not r.win: require must not run outside the test's goroutine.
				c := exec.Command(r.wine, r.cli, "log", "--db", db, "--customer", "1", "--by", "anna@example.de",
					"--channel", "phone", "--summary", fmt.Sprintf("Anruf %d/%d", w, i))
				c.Env = env()
				if _, errs, err := capture(c); err != nil {
					failures <- fmt.Sprintf("writer %d, contact %d: %v: %s", w, i, err, errs)
				}
			}
		}(w)
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	check := ok(t, r.win(t, "check", "--db", db), "check")
	assert.Contains(t, check, fmt.Sprintf("contacts: %d", writers*each))
	assert.Contains(t, check, "status: healthy")
	var timeline []struct {
		Summary string `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(ok(t, r.win(t, "timeline", "--db", db, "--customer", "1", "--limit", "100", "--json"), "timeline")), &timeline))
	seen := map[string]bool{}
	for _, e := range timeline {
		seen[e.Summary] = true
	}
	for w := 1; w <= writers; w++ {
		for i := 1; i <= each; i++ {
			assert.True(t, seen[fmt.Sprintf("Anruf %d/%d", w, i)], "Anruf %d/%d is in the journal", w, i)
		}
	}
}

func TestFilesMoveBetweenWindowsAndLinux(t *testing.T) {
	r := setup(t)
	require.NotEmpty(t, r.linux, "ZUSAGE_LINUX names the Linux build")
	dir := office(t)
	due := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)

	// Made on Windows, checked and written on Linux, read again on Windows.
	fromWin := filepath.Join(dir, "von Windows.zusage")
	r.seed(t, r.win, winPath(fromWin))
	same(t, r, "customers", fromWin, "--json")
	assert.Contains(t, ok(t, r.lin(t, "check", "--db", fromWin), "linux check"), "status: healthy")
	assert.Equal(t, "1", ok(t, r.lin(t, "promise", "--db", fromWin, "--customer", "1", "--by", "anna@example.de",
		"--kind", "offer", "--title", "Angebot Fußbodenheizung", "--due", due), "linux promise"))
	assert.Contains(t, ok(t, r.win(t, "check", "--db", winPath(fromWin)), "windows check"), "open: 1")

	// Made on Linux, checked and written on Windows, read again on Linux.
	fromLin := filepath.Join(dir, "von Linux.zusage")
	r.seed(t, r.lin, fromLin)
	assert.Contains(t, ok(t, r.win(t, "check", "--db", winPath(fromLin)), "windows check"), "status: healthy")
	assert.Equal(t, "1", ok(t, r.win(t, "promise", "--db", winPath(fromLin), "--customer", "1", "--by", "anna@example.de",
		"--kind", "delivery", "--title", "Lieferung Heizkörper", "--due", due), "windows promise"))
	check := ok(t, r.lin(t, "check", "--db", fromLin), "linux check")
	assert.Contains(t, check, "open: 1")
	assert.Contains(t, check, "status: healthy")
	same(t, r, "timeline", fromLin, "--customer", "1", "--json")
}

// xvfb starts a virtual X display on a free number and returns it, with
// the function that stops it again.
func xvfb() (string, func(), error) {
	rd, wr, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer rd.Close()
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{wr}
	if err := x.Start(); err != nil {
		wr.Close()
		return "", nil, fmt.Errorf("Xvfb (make test-windows installs it): %w", err)
	}
	wr.Close()
	stop := func() { x.Process.Kill(); x.Wait() }
	line := make(chan string, 1)
	go func() {
		// Xvfb writes the number and the newline separately: read the line.
		n, _ := bufio.NewReader(rd).ReadString('\n')
		line <- strings.TrimSpace(n)
	}()
	select {
	case n := <-line:
		if n == "" {
			stop()
			return "", nil, fmt.Errorf("Xvfb gave no display number")
		}
		return ":" + n, stop, nil
	case <-time.After(20 * time.Second):
		stop()
		return "", nil, fmt.Errorf("Xvfb did not start within 20 s")
	}
}

func TestWindowStarts(t *testing.T) {
	r := setup(t)
	display := os.Getenv("DISPLAY")
	db := filepath.Join(office(t), "zusage.zusage")
	r.seed(t, r.win, winPath(db))
	ok(t, r.win(t, "promise", "--db", winPath(db), "--customer", "1", "--by", "anna@example.de", "--kind", "callback",
		"--title", "Rückruf wegen Wartung", "--due", time.Now().Add(time.Hour).UTC().Format(time.RFC3339)), "promise")

	app := exec.Command(r.wine, r.gui, "--db", winPath(db), "--as", "anna@example.de")
	app.Env = env("DISPLAY=" + display)
	logFile, err := os.Create(filepath.Join(t.TempDir(), "app.log"))
	require.NoError(t, err)
	defer logFile.Close()
	app.Stdout, app.Stderr = logFile, logFile // not a pipe: see capture
	appOut := func() string { b, _ := os.ReadFile(logFile.Name()); return string(b) }
	require.NoError(t, app.Start())
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			app.Process.Kill()
			<-done
		}
	})

	// The main window's title names who works: "Zusage — Anna Bäcker".
	title := regexp.MustCompile(`"Zusage — Anna Bäcker"`)
	deadline := time.Now().Add(60 * time.Second)
	found := false
	for !found && time.Now().Before(deadline) {
		select {
		case err := <-done:
			stopped = true
			require.FailNow(t, "Zusage.exe ended before its window showed", "%v: %s", err, appOut())
		case <-time.After(500 * time.Millisecond):
		}
		c := exec.Command("xwininfo", "-root", "-tree")
		c.Env = env("DISPLAY=" + display)
		tree, _ := c.Output()
		found = title.Match(tree)
	}
	require.True(t, found, "no window titled Zusage — Anna Bäcker within a minute: %s", appOut())
	time.Sleep(3 * time.Second) // let the Today board fill in

	shot := filepath.Join(t.TempDir(), "window.png")
	c := exec.Command("import", "-window", "root", shot)
	c.Env = env("DISPLAY=" + display)
	out, err := c.CombinedOutput()
	require.NoError(t, err, "ImageMagick import: %s", out)
	f, err := os.Open(shot)
	require.NoError(t, err)
	img, err := png.Decode(f)
	f.Close()
	require.NoError(t, err)
	assert.Greater(t, colours(img), 50, "the window shows more than a blank area")
	if keep := os.Getenv("ZUSAGE_WINE_SHOT"); keep != "" {
		b, err := os.ReadFile(shot)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(keep, b, 0o644))
		t.Logf("screenshot of the window: %s", keep)
	}
	require.NoError(t, app.Process.Kill())
	<-done
	stopped = true
}

// colours counts the distinct colours of img, sampled every third pixel.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r, g, bl}] = true
		}
	}
	return len(seen)
}
