//go:build unix

package data

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asNobody runs the rights helper as an unprivileged user (root may write
// any file, so rights can only be tested without it) on a copy of the test
// binary it may execute, and returns its FIRST and RESULT lines after
// change ran between them.
func asNobody(t *testing.T, change func(dir, path string)) (first, result string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a helper as another user")
	}
	base, err := os.MkdirTemp("", "zusage-rights-")
	require.NoError(t, err)
	t.Cleanup(func() { os.Chmod(base, 0o755); os.RemoveAll(base) })
	require.NoError(t, os.Chmod(base, 0o755))
	bin := filepath.Join(base, "data.test")
	src, err := os.Open(os.Args[0])
	require.NoError(t, err)
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(dst, src)
	require.NoError(t, err)
	src.Close()
	require.NoError(t, dst.Close())
	dir := filepath.Join(base, "share")
	require.NoError(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "office.zusage")
	s, err := Create(path)
	require.NoError(t, err)
	_, err = s.AddUser(NewUser{Name: "Anna Berg", Email: "anna@example.de"})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	signal := filepath.Join(base, "signal")
	require.NoError(t, os.Mkdir(signal, 0o777))
	for _, p := range []string{dir, path} {
		require.NoError(t, os.Chown(p, 65534, 65534))
	}

	cmd := exec.Command(bin, "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"=rights", "ZUSAGE_TEST_DB="+path, "ZUSAGE_TEST_SIGNAL="+signal, "HOME="+base)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Wait()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "FIRST "):
			first = strings.TrimPrefix(l, "FIRST ")
			change(dir, path)
			require.NoError(t, os.WriteFile(filepath.Join(signal, "go"), nil, 0o644))
		case strings.HasPrefix(l, "RESULT "):
			result = strings.TrimPrefix(l, "RESULT ")
		case strings.HasPrefix(l, "ERR"):
			t.Fatal(l)
		}
	}
	return first, result
}

// Issue 12: a file made read-only while the app runs said "is the office
// share still connected?". Read-only is read-only; not connected is only
// a share (a folder) that is not there.
func TestAFileThatBecameReadOnlySaysReadOnly(t *testing.T) {
	first, result := asNobody(t, func(dir, path string) {
		require.NoError(t, os.Chmod(dir, 0o555))
		require.NoError(t, os.Chmod(path, 0o444))
	})
	assert.Equal(t, "ok", first)
	assert.Equal(t, "read_only", result)
}

func TestAShareThatIsAwaySaysNotConnected(t *testing.T) {
	first, result := asNobody(t, func(dir, path string) {
		require.NoError(t, os.Rename(dir, dir+"-unmounted"))
	})
	assert.Equal(t, "ok", first)
	assert.Equal(t, "unreachable", result)
}
