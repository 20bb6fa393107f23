package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name: "check",
		usage: "--db PATH [--repair]\n" +
			"  Only reads. After a crash it reports an interrupted write, which the next open with\n" +
			"  write access rolls back; --repair does that now (and switches a WAL file back).",
		run: func(c *cmdCtx) error {
			repair := c.fs.Bool("repair", false, "roll back an interrupted write (and undo WAL mode); nothing else")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			// CheckFile only reads: a refused or damaged file is reported on,
			// never repaired, migrated or given a journal.
			var r data.CheckReport
			var done []string
			var err error
			if *repair {
				r, done, err = data.RepairFile(*c.dbPath)
			} else {
				r, err = data.CheckFile(*c.dbPath)
			}
			if err != nil {
				return err
			}
			for _, d := range done {
				switch d {
				case data.RepairRolledBack:
					fmt.Fprintln(c.stdout, "repaired: rolled back the write that was interrupted; everything committed before it is kept")
				case data.RepairJournalMode:
					fmt.Fprintln(c.stdout, "repaired: switched the file back from WAL to the rollback journal")
				}
			}
			printCheck(c.stdout, r)
			if !r.Healthy() {
				return errors.New(checkProblem(r))
			}
			return nil
		},
	})
}

// printCheck writes the report as `name: value` lines.
func printCheck(w io.Writer, r data.CheckReport) {
	count := func(n int64) string {
		if n < 0 {
			return "unknown"
		}
		return fmt.Sprint(n)
	}
	line := func(name, value string) { fmt.Fprintf(w, "%s: %s\n", name, oneLine(value)) }
	if data.IsServer(r.Path) {
		line("server", r.Path)
		if r.ServerVersion != "" {
			line("server_version", r.ServerVersion)
		}
	} else {
		line("file", r.Path)
	}
	line("size", fmt.Sprintf("%d bytes", r.Size))
	if r.Refused != nil {
		line("refused", refusedLine(r.Refused))
	}
	if r.Unchecked == data.CheckHotJournal {
		line("journal", "a write was interrupted (a desktop stopped in the middle of saving; the -journal file beside it holds what it changed): the next open with write access rolls it back, and nothing saved before it is lost; `zusage check --repair` does it now")
	}
	line("schema", count(int64(r.Schema)))
	if r.JournalMode != "" {
		line("journal_mode", r.JournalMode)
	}
	switch {
	case r.PageSize == 0:
	case r.PageSize < data.PageSize:
		// Still healthy: only slower on a share. The figures are in the
		// README (Performance, round trips).
		line("page_size", fmt.Sprintf("%d (older layout: more round trips on a share; zusage backup writes %d)", r.PageSize, data.PageSize))
	default:
		line("page_size", fmt.Sprint(r.PageSize))
	}
	line("integrity", integrityText(r))
	switch {
	case r.ForeignKeyProblems < 0:
		line("foreign_keys", "not checked")
	case r.ForeignKeyProblems == 0:
		line("foreign_keys", "ok")
	default:
		line("foreign_keys", fmt.Sprintf("%d rows point to missing records (first: %s)", r.ForeignKeyProblems, r.ForeignKeyFirst))
	}
	line("users", count(r.Users))
	line("customers", count(r.Customers))
	line("contacts", count(r.Contacts))
	line("commitments", count(r.Commitments))
	line("open", count(r.Open))
	if r.ServerChecks != "" {
		line("checks", r.ServerChecks)
	}
	if data.IsServer(r.Path) {
		line("backups", "the server's (zusage backup writes a pg_dump; README: Outgrowing one office)")
	} else if len(r.Backups) == 0 {
		line("backups", "none")
	} else {
		line("backups", fmt.Sprintf("%d, newest %s", len(r.Backups), r.Backups[0]))
	}
	switch {
	case r.Healthy():
		line("status", "healthy")
	case r.Unchecked == data.CheckHotJournal && r.Refused == nil:
		line("status", "interrupted write, to be rolled back (zusage check --repair)")
	default:
		line("status", "NOT HEALTHY")
	}
}

// refusedLine says why the file would be refused, without its path (the
// report's first line names the file).
func refusedLine(err error) string {
	var re *data.RefusedError
	if errors.As(err, &re) {
		return refusedText(re)
	}
	return describe(err)
}

// integrityText is the integrity line: ok, SQLite's words for what is
// wrong, or why it was not checked.
func integrityText(r data.CheckReport) string {
	switch r.Unchecked {
	case data.CheckNoData:
		if data.IsServer(r.Path) {
			return "not checked (no Zusage data)"
		}
		return "not checked (no SQLite data)"
	case data.CheckHotJournal:
		return "not checked until the interrupted write is rolled back"
	case data.CheckUnreadable:
		return "cannot be read: " + describe(r.UnreadableErr)
	}
	if r.Integrity == "ok" {
		return "ok"
	}
	return "damaged: " + r.Integrity
}

// checkProblem is the one line for stderr: what is wrong and what to do.
func checkProblem(r data.CheckReport) string {
	switch {
	case r.Unchecked == data.CheckHotJournal && r.Refused == nil:
		return "a write was interrupted; the next open with write access rolls it back — run `zusage check --db " + r.Path + " --repair` (do not restore a backup: that would lose the work since it was made)"
	case r.Refused != nil:
		line := refusedLine(r.Refused)
		if strings.Contains(line, " — ") {
			return line
		}
		return line + " — " + restoreHint
	case r.Integrity != "ok":
		return "the file is damaged (" + integrityText(r) + ") — " + restoreHint
	default:
		return fmt.Sprintf("foreign keys: %d rows point to missing records — %s", r.ForeignKeyProblems, restoreHint)
	}
}
