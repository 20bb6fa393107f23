package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

// The commands that change an existing promise: reschedule, done, cancel,
// reassign. They act on the current version (expectVersion 0).
func init() {
	register(&command{
		name:  "reschedule",
		usage: "--db PATH --commitment ID --by EMAIL --due TIME|DATE --reason TEXT [--customer-asked | --told]",
		run: func(c *cmdCtx) error {
			asked := c.fs.Bool("customer-asked", false, "the customer asked for the new date")
			told := c.fs.Bool("told", false, "the customer has been told the new date")
			id, by, flags, err := c.changeFlags([]string{"due", "reason"})
			if err != nil {
				return err
			}
			if *asked && *told {
				return usagef("--customer-asked and --told exclude each other")
			}
			// Neither flag: the customer has not been told yet, and the
			// promise shows as untold until a delay notice.
			knows := data.ToldNotYet
			switch {
			case *asked:
				knows = data.ToldCustomerAsked
			case *told:
				knows = data.ToldCustomer
			}
			due, err := c.parseDue("due", *flags["due"])
			if err != nil {
				return err
			}
			p, err := c.store.Reschedule(id, 0, by, due, *flags["reason"], knows)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%d rescheduled to %s (sequence %d)\n", p.ID, data.DueOf(p, c.store.Loc), p.Sequence)
			return nil
		},
	})
	register(&command{
		name:  "done",
		usage: "--db PATH --commitment ID --by EMAIL [--note TEXT]",
		run: func(c *cmdCtx) error {
			id, by, flags, err := c.changeFlags(nil, "note")
			if err != nil {
				return err
			}
			p, err := c.store.Complete(id, 0, by, *flags["note"])
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%d done\n", p.ID)
			return nil
		},
	})
	register(&command{
		name:  "cancel",
		usage: "--db PATH --commitment ID --by EMAIL --reason TEXT",
		run: func(c *cmdCtx) error {
			id, by, flags, err := c.changeFlags([]string{"reason"})
			if err != nil {
				return err
			}
			p, err := c.store.Cancel(id, 0, by, *flags["reason"])
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%d cancelled (sequence %d)\n", p.ID, p.Sequence)
			return nil
		},
	})
	register(&command{
		name:  "reassign",
		usage: "--db PATH --commitment ID --by EMAIL --owner EMAIL [--reason TEXT]",
		run: func(c *cmdCtx) error {
			id, by, flags, err := c.changeFlags([]string{"owner"}, "reason")
			if err != nil {
				return err
			}
			o, err := c.user("owner", *flags["owner"])
			if err != nil {
				return err
			}
			p, err := c.store.Reassign(id, 0, by, o.ID, *flags["reason"])
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%d now owned by %s\n", p.ID, o.Email)
			return nil
		},
	})
}

// changeFlags parses --db, --commitment, --by and the given string flags
// (required ones first, then optional), opens the store and resolves --by.
func (c *cmdCtx) changeFlags(required []string, optional ...string) (uint, uint, map[string]*string, error) {
	commitment := c.fs.String("commitment", "", "promise id")
	by := c.fs.String("by", "", "e-mail of the salesperson")
	flags := map[string]*string{}
	for _, f := range append(append([]string{}, required...), optional...) {
		flags[f] = c.fs.String(f, "", f)
	}
	if err := c.parse(c.args(), append([]string{"db", "commitment", "by"}, required...)...); err != nil {
		return 0, 0, nil, err
	}
	id, err := parseID("commitment", *commitment)
	if err != nil {
		return 0, 0, nil, err
	}
	if err := c.open(false); err != nil {
		return 0, 0, nil, err
	}
	u, err := c.user("by", *by)
	if err != nil {
		return 0, 0, nil, err
	}
	if _, err := c.store.Commitment(id); err != nil {
		return 0, 0, nil, fmt.Errorf("promise #%d: %w", id, err)
	}
	return id, u.ID, flags, nil
}
