package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "customer add",
		usage: "--db PATH --name NAME --owner EMAIL [--company C] [--email E] [--phone P] [--address A] [--language de|en]",
		run: func(c *cmdCtx) error {
			name := c.fs.String("name", "", "customer name")
			owner := c.fs.String("owner", "", "e-mail of the salesperson who owns the account")
			company := c.fs.String("company", "", "company")
			email := c.fs.String("email", "", "e-mail")
			phone := c.fs.String("phone", "", "phone")
			address := c.fs.String("address", "", "postal address")
			language := c.fs.String("language", "", "de or en: the language of messages to the customer (default: the team's)")
			if err := c.parse(c.args(), "db", "name", "owner"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			u, err := c.user("owner", *owner)
			if err != nil {
				return err
			}
			cu, err := c.store.AddCustomer(data.NewCustomer{Name: *name, Company: *company, Email: *email, Phone: *phone, Address: *address, OwnerID: u.ID, Language: *language})
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, cu.ID)
			return nil
		},
	})
}
