package main

import (
	"fmt"
	"time"

	"github.com/zusage/zusage/data"
)

// warningJSON is the --json shape of design.md's command contract.
type warningJSON struct {
	Level        string  `json:"level"`
	CommitmentID *uint   `json:"commitment_id"`
	CustomerID   uint    `json:"customer_id"`
	Customer     string  `json:"customer"`
	Owner        string  `json:"owner"`
	OwnerName    string  `json:"owner_name"`
	Kind         string  `json:"kind"`
	Title        string  `json:"title"`
	Due          *string `json:"due"`
	// ToldDue is the deadline the customer last heard: the same as due
	// unless the promise was moved without telling them (level untold).
	ToldDue *string `json:"told_due"`
	Message string  `json:"message"`
}

func init() {
	register(&command{
		name:  "warnings",
		usage: "--db PATH [--at TIME] [--owner EMAIL] [--json]",
		run: func(c *cmdCtx) error {
			at := c.fs.String("at", "", "compute as of this moment (RFC 3339), default now")
			owner := c.fs.String("owner", "", "only this salesperson's warnings")
			asJSON := c.fs.Bool("json", false, "print one JSON array")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			var atT time.Time
			if *at != "" {
				t, err := parseTime("at", *at)
				if err != nil {
					return err
				}
				atT = t
			}
			if err := c.open(false); err != nil {
				return err
			}
			now := c.store.SharedNow()
			if !atT.IsZero() {
				now = atT
			}
			var f data.WarningFilter
			if *owner != "" {
				u, err := c.user("owner", *owner)
				if err != nil {
					return err
				}
				f.OwnerID = u.ID
			}
			ws, err := c.store.Warnings(now, f)
			if err != nil {
				return err
			}
			if *asJSON {
				out := make([]warningJSON, 0, len(ws))
				for _, w := range ws {
					j := warningJSON{Level: string(w.Level), CommitmentID: w.CommitmentID, CustomerID: w.CustomerID,
						Customer: w.Customer, Owner: w.Owner, OwnerName: w.OwnerName, Kind: w.Kind, Title: w.Title,
						Message: warningText(w, now, c.store.Loc)}
					if !w.Due.IsZero() {
						d, t := w.Due.String(), w.ToldDue.String()
						j.Due, j.ToldDue = &d, &t
					}
					out = append(out, j)
				}
				return writeJSON(c, out)
			}
			if len(ws) == 0 {
				fmt.Fprintln(c.stdout, "no warnings — every promise is on track")
				return nil
			}
			for _, w := range ws {
				ref := "customer #" + fmt.Sprint(w.CustomerID)
				if w.CommitmentID != nil {
					ref = fmt.Sprintf("promise #%d", *w.CommitmentID)
				}
				title := w.Title
				if title != "" {
					title = " " + w.Kind + " “" + title + "”"
				}
				fmt.Fprintf(c.stdout, "%-13s %s  %s (%s)%s: %s\n", w.Level, ref, w.Customer, w.Owner, title, warningText(w, now, c.store.Loc))
			}
			return nil
		},
	})
}
