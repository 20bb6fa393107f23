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
		name:  "check",
		usage: "--db PATH",
		run: func(c *cmdCtx) error {
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			// CheckFile only reads: a refused or damaged file is reported on,
			// never repaired, migrated or given a journal.
			r, err := data.CheckFile(*c.dbPath)
			if err != nil {
				return err
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
	if r.Healthy() {
		line("status", "healthy")
	} else {
		line("status", "NOT HEALTHY")
	}
}

// checkProblem is the one line for stderr: what is wrong and what to do.
func checkProblem(r data.CheckReport) string {
	const hint = "restore the latest backup from the backups folder beside the file (README: Shared database, backups and restoring)"
	switch {
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
