package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name:  "customer add",
		usage: "--db PATH --name NAME --owner EMAIL [--company C] [--email E] [--phone P] [--address A] [--notes N] [--language de|en] [--by EMAIL]",
		run: func(c *cmdCtx) error {
			name := c.fs.String("name", "", "customer name")
			owner := c.fs.String("owner", "", "e-mail of the salesperson who owns the account")
			company := c.fs.String("company", "", "company")
			email := c.fs.String("email", "", "e-mail")
			phone := c.fs.String("phone", "", "phone")
			address := c.fs.String("address", "", "postal address")
			notes := c.fs.String("notes", "", "notes")
			by := c.fs.String("by", "", "e-mail of the salesperson who adds the customer (default: the owner)")
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
			n := data.NewCustomer{Name: *name, Company: *company, Email: *email, Phone: *phone, Address: *address, Notes: *notes, OwnerID: u.ID, Language: *language}
			if *by != "" {
				b, err := c.user("by", *by)
				if err != nil {
					return err
				}
				n.ByID = b.ID
			}
			cu, err := c.store.AddCustomer(n)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, cu.ID)
			return nil
		},
	})

	// The flags of customer edit are the customer's fields, so a field
	// added in data (one line there) is a flag here too.
	var flags []string
	for _, f := range data.CustomerFields() {
		flags = append(flags, "[--"+f+" TEXT]")
	}
	register(&command{
		name: "customer edit",
		usage: "--db PATH --customer ID --by EMAIL " + strings.Join(flags, " ") + " [--owner EMAIL]\n" +
			"  Changes only the fields given (an empty value clears one); each change is journaled\n" +
			"  with the old and new value, a new owner as a handover. Prints what changed.",
		run: func(c *cmdCtx) error {
			customer := c.fs.String("customer", "", "customer id")
			by := c.fs.String("by", "", "e-mail of the salesperson who makes the change")
			owner := c.fs.String("owner", "", "e-mail of the salesperson who takes over the account")
			values := map[string]*string{}
			for _, f := range data.CustomerFields() {
				values[f] = c.fs.String(f, "", "new "+f)
			}
			if err := c.parse(c.args(), "db", "customer", "by"); err != nil {
				return err
			}
			id, err := parseID("customer", *customer)
			if err != nil {
				return err
			}
			given := map[string]bool{}
			c.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
			changing := false
			for name := range values {
				changing = changing || given[name]
			}
			if !changing && !given["owner"] {
				return usagef("say what to change: %s or --owner", "--"+strings.Join(data.CustomerFields(), ", --"))
			}
			if err := c.open(false); err != nil {
				return err
			}
			u, err := c.user("by", *by)
			if err != nil {
				return err
			}
			cu, err := c.store.Customer(id)
			if err != nil {
				return fmt.Errorf("customer #%d: %w", id, err)
			}
			orig := cu
			for name, v := range values {
				if given[name] {
					p, _ := data.CustomerField(&cu, name)
					*p = *v
				}
			}
			if given["owner"] {
				o, err := c.user("owner", *owner)
				if err != nil {
					return err
				}
				cu.OwnerID = o.ID
			}
			saved, err := c.store.UpdateCustomer(cu, u.ID)
			if err != nil {
				return err
			}
			var changed []string
			for _, name := range data.CustomerFields() {
				was, _ := data.CustomerField(&orig, name)
				is, _ := data.CustomerField(&saved, name)
				if *was != *is {
					changed = append(changed, name)
				}
			}
			if orig.OwnerID != saved.OwnerID {
				changed = append(changed, "owner")
			}
			if len(changed) == 0 {
				fmt.Fprintln(c.stdout, "nothing changed")
				return nil
			}
			fmt.Fprintln(c.stdout, "changed "+strings.Join(changed, ", "))
			return nil
		},
	})
}
