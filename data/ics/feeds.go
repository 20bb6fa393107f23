package ics

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/zusage/zusage/data"
)

// FeedFileName is the file name of a salesperson's feed: the e-mail address
// in lower case with every character that is not safe in a file name on
// Windows, macOS or Linux replaced by "_", plus ".ics".
func FeedFileName(email string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '@', r == '+', r == '-', r == '_':
			return r
		}
		return '_'
	}, strings.ToLower(strings.TrimSpace(email)))
	if name == "" || strings.HasPrefix(name, ".") {
		name = "_" + name
	}
	return name + ".ics"
}

// WriteFeeds writes one feed per active salesperson into dir, named by
// FeedFileName, each replaced atomically so that a calendar that follows the
// file never reads half of it. Cancelled promises stay in the feed as
// cancelled for CancelledKeep. The feed of a salesperson who has left is
// kept current while its file is there (their promises were handed over and
// must vanish from it), but never created anew. A failure for one
// salesperson does not stop the others; all failures are returned together.
func (e Exporter) WriteFeeds(dir string, s *data.Store, now time.Time) error {
	if _, _, err := e.words(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the feed folder: %w", err)
	}
	users, err := s.CalendarOwners()
	if err != nil {
		return err
	}
	// Active salespeople first: should two addresses map to one file name,
	// the one still on the team gets it.
	sort.SliceStable(users, func(i, j int) bool { return !users[i].Archived && users[j].Archived })
	var errs []error
	seen := map[string]string{}
	for _, u := range users {
		name := FeedFileName(u.Email)
		if u.Archived {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				continue
			}
		}
		if other, ok := seen[name]; ok {
			errs = append(errs, fmt.Errorf("%s and %s would share the feed file %s; %s was not written", other, u.Email, name, u.Email))
			continue
		}
		seen[name] = u.Email
		err := WriteFileAtomic(filepath.Join(dir, name), func(w io.Writer) error {
			_, err := e.Feed(w, s, FeedFilter{OwnerID: u.ID}, now)
			return err
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("feed of %s: %w", u.Email, err))
		}
	}
	return errors.Join(errs...)
}

// renameTries and renameWait: on Windows a rename over a file that a
// calendar client holds open fails for a moment; try again briefly.
const (
	renameTries = 10
	renameWait  = 50 * time.Millisecond
)

// WriteFileAtomic writes a file through fn so that readers see either the old
// or the new content, never a part: fn writes to a temporary file in the same
// folder, which is synced and then renamed over path. When fn or any step
// fails, the temporary file is removed and path is left as it was.
func WriteFileAtomic(path string, fn func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return fmt.Errorf("%q is a folder, not a file name", path)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = fn(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	// The data must be on disk before the rename makes it the file, or a
	// crash could leave an empty file under the real name.
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// Others on the share subscribe to the file; CreateTemp made it private.
	if err = os.Chmod(name, 0o644); err != nil {
		return err
	}
	for i := 0; ; i++ {
		err = os.Rename(name, path)
		if err == nil || i == renameTries-1 {
			break
		}
		time.Sleep(renameWait)
	}
	return err
}
