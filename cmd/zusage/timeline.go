package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/zusage/zusage/data"
)

// timelineJSON is the --json shape of design.md's command contract; the
// fields after "by" depend on the type.
type timelineJSON struct {
	At           string  `json:"at"`
	Type         string  `json:"type"`
	ID           uint    `json:"id"`
	Summary      string  `json:"summary"`
	By           string  `json:"by"`
	ByName       string  `json:"by_name,omitempty"`
	Channel      string  `json:"channel,omitempty"`
	Direction    string  `json:"direction,omitempty"`
	DelayNotice  bool    `json:"delay_notice,omitempty"`
	CommitmentID *uint   `json:"commitment_id,omitempty"`
	Kind         string  `json:"kind,omitempty"`
	Status       string  `json:"status,omitempty"`
	Due          *string `json:"due,omitempty"`
	Event        string  `json:"event,omitempty"`
	OldDue       *string `json:"old_due,omitempty"`
	NewDue       *string `json:"new_due,omitempty"`
	Reason       string  `json:"reason,omitempty"`
	// Told says, for a reschedule, what the customer knows of the new date.
	Told string `json:"told,omitempty"`
	// About says whose event it is: "commitment" (a promise's history) or
	// "customer" (the customer's own journal: field, old and new value, a
	// handover's old and new owner, the import that created it).
	About    string  `json:"about,omitempty"`
	Field    string  `json:"field,omitempty"`
	Old      *string `json:"old,omitempty"`
	New      *string `json:"new,omitempty"`
	OldOwner string  `json:"old_owner,omitempty"`
	NewOwner string  `json:"new_owner,omitempty"`
	ImportID uint    `json:"import_id,omitempty"`
}

func init() {
	register(&command{
		name:  "timeline",
		usage: "--db PATH --customer ID [--limit N] [--json]",
		run: func(c *cmdCtx) error {
			customer := c.fs.String("customer", "", "customer id")
			limit := c.fs.String("limit", "50", "how many entries (open promises come on top)")
			asJSON := c.fs.Bool("json", false, "print one JSON array")
			if err := c.parse(c.args(), "db", "customer"); err != nil {
				return err
			}
			id, err := parseID("customer", *customer)
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(*limit)
			if err != nil || n <= 0 {
				return usagef("--limit must be a positive number, not %q", *limit)
			}
			if err := c.open(false); err != nil {
				return err
			}
			cu, err := c.store.Customer(id)
			if err != nil {
				return fmt.Errorf("customer #%d: %w", id, err)
			}
			items, _, err := c.store.Timeline(id, "", n)
			if err != nil {
				return err
			}
			if *asJSON {
				out := make([]timelineJSON, 0, len(items))
				for _, it := range items {
					out = append(out, toTimelineJSON(it))
				}
				return writeJSON(c, out)
			}
			fmt.Fprintf(c.stdout, "%s — %s\n", cu.Name, cu.Company)
			for _, it := range items {
				when := it.At.In(time.Local).Format("2006-01-02 15:04")
				switch it.Type {
				case data.ItemCommitment:
					fmt.Fprintf(c.stdout, "OPEN  #%d %s “%s” due %s (%s)\n", it.ID, it.Kind, it.Summary, it.Due, it.ByEmail)
				case data.ItemContact:
					dir := "→"
					if it.Direction == data.DirIn {
						dir = "←"
					}
					note := ""
					if it.DelayNotice {
						note = " [delay notice]"
					}
					fmt.Fprintf(c.stdout, "%s %s %-7s %s%s (%s)\n", when, dir, it.Channel, it.Summary, note, it.ByEmail)
				default:
					fmt.Fprintf(c.stdout, "%s • %s (%s)\n", when, eventSummary(it), it.ByEmail)
				}
			}
			return nil
		},
	})
}

func toTimelineJSON(it data.TimelineItem) timelineJSON {
	j := timelineJSON{At: it.At.Format(time.RFC3339), Type: it.Type, ID: it.ID, Summary: it.Summary, By: it.ByEmail, ByName: it.By}
	if it.Type == data.ItemEvent {
		j.Summary = eventSummary(it)
	}
	switch it.Type {
	case data.ItemContact:
		j.Channel, j.Direction, j.DelayNotice = it.Channel, it.Direction, it.DelayNotice
		if it.CommitmentID != 0 {
			id := it.CommitmentID
			j.CommitmentID = &id
		}
	case data.ItemCommitment:
		j.Kind, j.Status = it.Kind, it.Status
		if !it.Due.IsZero() {
			d := it.Due.String()
			j.Due = &d
		}
	case data.ItemEvent:
		if it.OfCustomer {
			j.About, j.Event, j.Reason, j.ImportID = "customer", it.Event, it.Reason, it.ImportID
			if it.Event == data.CustomerChanged {
				// Old and new are there even when empty: "" is what it was.
				old, nw := it.OldValue, it.NewValue
				j.Field, j.Old, j.New = it.Field, &old, &nw
			}
			j.OldOwner, j.NewOwner = it.OldOwnerEmail, it.NewOwnerEmail
			break
		}
		id := it.CommitmentID
		j.About = "commitment"
		j.CommitmentID, j.Kind, j.Event, j.Reason = &id, it.Kind, it.Event, it.Reason
		j.OldDue, j.NewDue = nonEmpty(it.OldDueText), nonEmpty(it.NewDueText)
		j.Told = string(it.Told)
	}
	return j
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
