package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "user add",
		usage: "--db PATH --name NAME --email EMAIL [--phone PHONE]",
		run: func(c *cmdCtx) error {
			name := c.fs.String("name", "", "full name")
			email := c.fs.String("email", "", "e-mail (unique)")
			phone := c.fs.String("phone", "", "direct phone")
			if err := c.parse(c.args(), "db", "name", "email"); err != nil {
				return err
			}
			if err := c.open(true); err != nil {
				return err
			}
			u, err := c.store.AddUser(data.NewUser{Name: *name, Email: *email, Phone: *phone})
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, u.ID)
			return nil
		},
	})
}

func init() {
	register(&command{
		name:  "user archive",
		usage: "--db PATH --email EMAIL [--hand-to EMAIL] [--by EMAIL]",
		run: func(c *cmdCtx) error {
			email := c.fs.String("email", "", "the salesperson who leaves the team")
			handTo := c.fs.String("hand-to", "", "who takes over their customers and open promises")
			by := c.fs.String("by", "", "who records it (default: the one who takes over, else the one who leaves)")
			if err := c.parse(c.args(), "db", "email"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			u, err := c.user("email", *email)
			if err != nil {
				return err
			}
			var to data.User
			if *handTo != "" {
				if to, err = c.user("hand_to", *handTo); err != nil {
					return err
				}
			}
			actor := u.ID
			if to.ID != 0 {
				actor = to.ID
			}
			if *by != "" {
				b, err := c.user("by", *by)
				if err != nil {
					return err
				}
				actor = b.ID
			}
			customers, promises, err := c.store.OpenWork(u.ID)
			if err != nil {
				return err
			}
			if err := c.store.ArchiveUser(u.ID, u.Version, actor, to.ID); err != nil {
				return err
			}
			if customers+promises > 0 {
				fmt.Fprintf(c.stdout, "%s has left the team; %d customers and %d open promises now belong to %s\n", u.Email, customers, promises, to.Email)
			} else {
				fmt.Fprintf(c.stdout, "%s has left the team\n", u.Email)
			}
			return nil
		},
	})
	register(&command{
		name:  "user unarchive",
		usage: "--db PATH --email EMAIL",
		run: func(c *cmdCtx) error {
			email := c.fs.String("email", "", "the salesperson who is back on the team")
			if err := c.parse(c.args(), "db", "email"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			u, err := c.user("email", *email)
			if err != nil {
				return err
			}
			if err := c.store.UnarchiveUser(u.ID, u.Version); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%s is on the team again\n", u.Email)
			return nil
		},
	})
}
