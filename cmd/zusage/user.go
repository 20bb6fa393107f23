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
