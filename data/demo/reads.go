package demo

import (
	"github.com/zusage/zusage/data"

	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"syscall"
)

// On the office share every page SQLite reads that is not in its own page
// cache is a network round trip (the client's caching is off while SQLite
// holds file locks). The round-trip benchmarks count those reads: the
// read(2) and pread64(2) calls of this process, from the kernel's own
// counter (syscr in /proc/self/io, which covers every thread). While a
// benchmark runs nothing else in the process reads, so the difference
// around an operation is the number of reads of the database file; the
// probe's own read is subtracted (TestReadCountMatchesStrace checks the
// count against strace's list of reads that name the file).

// ReadsPerOp is the benchmark metric unit of the round-trip benchmarks.
const ReadsPerOp = "reads/op"

var (
	probeOnce sync.Once
	probeCost int64
	probeErr  error
)

// ioStats are the counters of /proc/self/io the benchmarks use.
type ioStats struct{ reads, writes, readBytes, writeBytes int64 }

// syscr reads the process's count of read system calls with one read call.
func syscr() (int64, error) {
	st, err := procIO()
	return st.reads, err
}

// procIO reads the process's I/O counters with one read call.
func procIO() (ioStats, error) {
	var st ioStats
	fd, err := syscall.Open("/proc/self/io", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return st, err
	}
	defer syscall.Close(fd)
	var buf [512]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil {
		return st, err
	}
	found := 0
	for _, line := range bytes.Split(buf[:n], []byte("\n")) {
		name, v, ok := bytes.Cut(line, []byte(": "))
		if !ok {
			continue
		}
		var dst *int64
		switch string(name) {
		case "syscr":
			dst = &st.reads
		case "syscw":
			dst = &st.writes
		case "rchar":
			dst = &st.readBytes
		case "wchar":
			dst = &st.writeBytes
		default:
			continue
		}
		if *dst, err = strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64); err != nil {
			return st, err
		}
		found++
	}
	if found < 4 {
		return st, errors.New("/proc/self/io lacks syscr, syscw, rchar or wchar")
	}
	return st, nil
}

// ReadCounter counts the read calls of the process since it was started.
type ReadCounter struct{ start ioStats }

// CountReads starts counting. It fails where the kernel keeps no such
// count (not Linux, or /proc not mounted).
func CountReads() (*ReadCounter, error) {
	probeOnce.Do(func() {
		// What one probe costs: two probes in a row differ by the reads
		// of the first one.
		a, err := syscr()
		if err != nil {
			probeErr = err
			return
		}
		b, err := syscr()
		probeCost, probeErr = b-a, err
	})
	if probeErr != nil {
		return nil, probeErr
	}
	v, err := procIO()
	if err != nil {
		return nil, err
	}
	return &ReadCounter{start: v}, nil
}

// Reads is the number of read calls since CountReads, without the
// counter's own.
func (c *ReadCounter) Reads() int64 {
	v, err := syscr()
	if err != nil {
		return -1
	}
	return v - c.start.reads - probeCost
}

// Bytes are the bytes read and written since CountReads (the counter's own
// reads of /proc/self/io, a few hundred bytes, included): what crosses the
// network on the share besides the round trips.
func (c *ReadCounter) Bytes() (read, written int64) {
	v, err := procIO()
	if err != nil {
		return -1, -1
	}
	return v.readBytes - c.start.readBytes, v.writeBytes - c.start.writeBytes
}

// Writes is the number of write calls since CountReads.
func (c *ReadCounter) Writes() int64 {
	v, err := procIO()
	if err != nil {
		return -1
	}
	return v.writes - c.start.writes
}

// WritesPerOp is the metric unit of the write calls.
const WritesPerOp = "writes/op"

// KiBReadPerOp and KiBWrittenPerOp are the metric units of the bytes.
const (
	KiBReadPerOp    = "KiB-read/op"
	KiBWrittenPerOp = "KiB-written/op"
)

// ReadsAvailable reports whether this system counts read calls.
func ReadsAvailable() bool {
	_, err := os.Stat("/proc/self/io")
	return err == nil
}

// MakeStale makes the page caches of every other connection to the file of
// other stale, the way another desktop's commit does, without changing what
// any operation reads: it writes the schema version back unchanged, which
// bumps the file's change counter.
func MakeStale(other *data.Store) error {
	var v int
	if err := other.DB().Raw("PRAGMA user_version").Scan(&v).Error; err != nil {
		return err
	}
	return other.DB().Exec(fmt.Sprintf("PRAGMA user_version = %d", v)).Error
}

// CopyFile copies the database file src to dst, for benchmarks that write
// or make caches stale and must not disturb the shared cached file.
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
