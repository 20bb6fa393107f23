package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "promise",
		usage: "--db PATH --customer ID --by EMAIL --kind KIND --title TEXT --due TIME|DATE [--estimate TIME|DATE] [--details TEXT] [--owner EMAIL]",
		run: func(c *cmdCtx) error {
			customer := c.fs.String("customer", "", "customer id")
			by := c.fs.String("by", "", "e-mail of the salesperson making the promise")
			owner := c.fs.String("owner", "", "who is responsible (default: the customer's owner)")
			kind := c.fs.String("kind", "", "callback, answer, offer, delivery, document, visit, inform, standing or other")
			title := c.fs.String("title", "", "what was promised")
			details := c.fs.String("details", "", "details")
			due := c.fs.String("due", "", "deadline: RFC 3339 time, or YYYY-MM-DD for all day")
			estimate := c.fs.String("estimate", "", "internal estimate: RFC 3339 time or YYYY-MM-DD")
			if err := c.parse(c.args(), "db", "customer", "by", "kind", "title"); err != nil {
				return err
			}
			custID, err := parseID("customer", *customer)
			if err != nil {
				return err
			}
			if *kind != data.KindStanding && *due == "" {
				return usagef("--due is required (only a standing promise has none)")
			}
			if err := c.open(false); err != nil {
				return err
			}
			n := data.NewCommitment{CustomerID: custID, Kind: *kind, Title: *title, Details: *details}
			if *due != "" {
				if n.Due, err = c.parseDue("due", *due); err != nil {
					return err
				}
			}
			if *estimate != "" {
				if n.Estimate, err = c.parseDue("estimate", *estimate); err != nil {
					return err
				}
			}
			u, err := c.user("by", *by)
			if err != nil {
				return err
			}
			n.ByID = u.ID
			if *owner != "" {
				o, err := c.user("owner", *owner)
				if err != nil {
					return err
				}
				n.OwnerID = o.ID
			}
			p, err := c.store.Promise(n)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, p.ID)
			return nil
		},
	})
}
