package data

import (
	"os"
	"path/filepath"
	"time"
)

// Desktops' clocks differ, sometimes by hours. Whether a call came before
// or after a deadline, or a promise was kept on time, needs one clock that
// every desktop shares: the file server's, which stamps the modification
// time of every file written on the share. Each Store measures how far its
// own clock is from it, by writing a tiny probe file beside the database,
// and corrects every stamp it writes by that much (docs/design.md, "Order,
// not clocks").

// ClockTolerance is how far a desktop's clock may be off the shared clock
// before the app says so in a banner.
const ClockTolerance = 2 * time.Minute

// clockNoise is the smallest offset that is corrected: below it, the probe's
// own timing and the file system's time resolution (2 s on FAT) dominate.
const clockNoise = 3 * time.Second

// clockRemeasure is how often a writing Store measures again; clocks drift
// and get set, but not by much in ten minutes.
const clockRemeasure = 10 * time.Minute

// ClockStatus is what a Store knows of its clock.
type ClockStatus struct {
	// Offset is the shared clock minus this desktop's clock; zero when
	// within the noise.
	Offset time.Duration
	// Measured is false when no probe could be written (read-only file).
	Measured bool
}

// Off reports whether this desktop's clock is off by more than
// ClockTolerance; its stamps are corrected either way.
func (c ClockStatus) Off() bool {
	return c.Measured && (c.Offset > ClockTolerance || c.Offset < -ClockTolerance)
}

// SharedNow is now by the shared clock: the desktop's clock (Now) corrected
// by the measured offset. Every stamp the Store writes uses it, and the UI
// and the commands judge deadlines by it.
func (s *Store) SharedNow() time.Time {
	s.clockMu.Lock()
	off := s.clock.Offset
	s.clockMu.Unlock()
	return s.Now().Add(off).UTC()
}

// Clock reports the last measurement.
func (s *Store) Clock() ClockStatus {
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	return s.clock
}

// MeasureClock compares this desktop's clock with the shared clock and
// keeps the offset for SharedNow. On a file it writes and removes a probe
// file beside the database, so it needs write access to the folder;
// without, the offset stays as it was. On a PostgreSQL server the shared
// clock is the server's own.
func (s *Store) MeasureClock() (ClockStatus, error) {
	s.clockMu.Lock()
	s.clockAt = time.Now()
	s.clockMu.Unlock()
	off, err := s.d.measureClock(s)
	if err != nil {
		return s.Clock(), err
	}
	if off < clockNoise && off > -clockNoise {
		off = 0
	}
	s.clockMu.Lock()
	s.clock = ClockStatus{Offset: off.Round(time.Second), Measured: true}
	c := s.clock
	s.clockMu.Unlock()
	return c, nil
}

// probeClock measures the file server's clock: it writes and removes a
// probe file beside the database and reads back the modification time the
// server gave it.
func (s *Store) probeClock() (time.Duration, error) {
	if s.readOnly {
		return 0, ErrReadOnly
	}
	before := s.Now()
	f, err := os.CreateTemp(filepath.Dir(s.path), ".zusage-clock-*")
	if err != nil {
		return 0, &FileError{Op: OpCreateFile, Path: filepath.Dir(s.path), Err: err}
	}
	name := f.Name()
	defer os.Remove(name)
	// Writing content makes the server set the modification time now.
	_, werr := f.Write([]byte{0})
	cerr := f.Close()
	st, serr := os.Stat(name)
	after := s.Now()
	for _, err := range []error{werr, cerr, serr} {
		if err != nil {
			return 0, &FileError{Op: OpWriteFile, Path: name, Err: err}
		}
	}
	local := before.Add(after.Sub(before) / 2)
	return st.ModTime().Sub(local), nil
}

// remeasureClock measures again when the last measurement is old; it runs
// before a write transaction, never inside one.
func (s *Store) remeasureClock() {
	s.clockMu.Lock()
	stale := time.Since(s.clockAt) > clockRemeasure
	s.clockMu.Unlock()
	if stale {
		s.MeasureClock()
	}
}
