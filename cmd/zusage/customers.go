package main

import (
	"fmt"
	"text/tabwriter"
)

// customerJSON is the --json shape of design.md's command contract.
type customerJSON struct {
	ID      uint   `json:"id"`
	Name    string `json:"name"`
	Company string `json:"company"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Owner   string `json:"owner"`
}

// customersPage is how many customers one query fetches.
const customersPage = 500

func init() {
	register(&command{
		name:  "customers",
		usage: "--db PATH [--search TEXT] [--json]",
		run: func(c *cmdCtx) error {
			search := c.fs.String("search", "", "only customers whose name, company, e-mail or phone contains this")
			asJSON := c.fs.Bool("json", false, "print one JSON array")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			out := []customerJSON{}
			for offset := 0; ; offset += customersPage {
				rows, err := c.store.SearchCustomers(*search, customersPage, offset)
				if err != nil {
					return err
				}
				for _, r := range rows {
					out = append(out, customerJSON{ID: r.ID, Name: r.Name, Company: r.Company, Email: r.Email, Phone: r.Phone, Owner: r.Owner})
				}
				if len(rows) < customersPage {
					break
				}
			}
			if *asJSON {
				return writeJSON(c, out)
			}
			if len(out) == 0 {
				fmt.Fprintln(c.stdout, "no customers found")
				return nil
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tCOMPANY\tE-MAIL\tPHONE\tOWNER")
			for _, r := range out {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Company, r.Email, r.Phone, r.Owner)
			}
			return tw.Flush()
		},
	})
}
