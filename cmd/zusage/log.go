package main

import (
	"fmt"
	"time"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "log",
		usage: "--db PATH --customer ID --by EMAIL --channel CHANNEL --summary TEXT [--in] [--at TIME] [--about COMMITMENT_ID] [--delay-notice] [--new-due TIME|DATE] [--notes TEXT] [--product NAME] [--concern TAG]",
		run: func(c *cmdCtx) error {
			customer := c.fs.String("customer", "", "customer id")
			by := c.fs.String("by", "", "e-mail of the salesperson")
			channel := c.fs.String("channel", "", "phone, email, meeting, video, letter, webform, chat or other")
			summary := c.fs.String("summary", "", "what was said")
			notes := c.fs.String("notes", "", "longer notes")
			in := c.fs.Bool("in", false, "the customer contacted us")
			at := c.fs.String("at", "", "when (RFC 3339), default now")
			about := c.fs.String("about", "", "the promise this contact is about")
			delay := c.fs.Bool("delay-notice", false, "this contact tells the customer the promise will slip")
			newDue := c.fs.String("new-due", "", "with --delay-notice: the new due date")
			product := c.fs.String("product", "", "the product the contact was about")
			concern := c.fs.String("concern", "", "a concern the customer raised (e.g. leak, price, delivery time)")
			if err := c.parse(c.args(), "db", "customer", "by", "channel", "summary"); err != nil {
				return err
			}
			custID, err := parseID("customer", *customer)
			if err != nil {
				return err
			}
			n := data.NewContact{CustomerID: custID, Channel: *channel, Summary: *summary, Notes: *notes, DelayNotice: *delay, Direction: data.DirOut, Concern: *concern}
			if *in {
				n.Direction = data.DirIn
			}
			if *about != "" {
				id, err := parseID("about", *about)
				if err != nil {
					return err
				}
				n.CommitmentID = &id
			}
			if *at != "" {
				var t time.Time
				if t, err = parseTime("at", *at); err != nil {
					return err
				}
				n.At = t
			}
			if err := c.open(false); err != nil {
				return err
			}
			if *newDue != "" {
				if n.NewDue, err = c.parseDue("new-due", *newDue); err != nil {
					return err
				}
			}
			if *product != "" {
				p, err := c.store.ProductByName(*product)
				if err != nil {
					return err
				}
				n.ProductID = &p.ID
			}
			u, err := c.user("by", *by)
			if err != nil {
				return err
			}
			n.UserID = u.ID
			k, err := c.store.LogContact(n)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, k.ID)
			return nil
		},
	})
}
