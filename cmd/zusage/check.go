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
	line("file", r.Path)
	line("size", fmt.Sprintf("%d bytes", r.Size))
	if r.Refused != "" {
		line("refused", r.Refused)
	}
	if r.Interrupted {
		line("journal", "a write was interrupted (a desktop stopped in the middle of saving; the -journal file beside it holds what it changed): the next open with write access rolls it back, and nothing saved before it is lost; `zusage check --repair` does it now")
	}
	line("schema", count(int64(r.Schema)))
	if r.JournalMode != "" {
		line("journal_mode", r.JournalMode)
	}
	line("integrity", r.Integrity)
	line("foreign_keys", r.ForeignKeys)
	line("users", count(r.Users))
	line("customers", count(r.Customers))
	line("contacts", count(r.Contacts))
	line("commitments", count(r.Commitments))
	line("open", count(r.Open))
	if len(r.Backups) == 0 {
		line("backups", "none")
	} else {
		line("backups", fmt.Sprintf("%d, newest %s", len(r.Backups), r.Backups[0]))
	}
	switch {
	case r.Healthy():
		line("status", "healthy")
	case r.Interrupted && r.Refused == "":
		line("status", "interrupted write, to be rolled back (zusage check --repair)")
	default:
		line("status", "NOT HEALTHY")
	}
}

// checkProblem is the one line for stderr: what is wrong and what to do.
func checkProblem(r data.CheckReport) string {
	const hint = "restore the latest backup from the backups folder beside the file (README: Shared database, backups and restoring)"
	switch {
	case r.Interrupted && r.Refused == "":
		return "a write was interrupted; the next open with write access rolls it back — run `zusage check --db " + r.Path + " --repair` (do not restore a backup: that would lose the work since it was made)"
	case r.Refused != "":
		if strings.Contains(r.Refused, " — ") {
			return r.Refused
		}
		return r.Refused + " — " + hint
	case r.Integrity != "ok":
		return "the file is damaged (" + r.Integrity + ") — " + hint
	default:
		return "foreign keys: " + r.ForeignKeys + " — " + hint
	}
}
