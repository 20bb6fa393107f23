package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name: "export",
		usage: "--db PATH (--contacts FILE.csv | --customers FILE.csv) [--separator ;|,|tab] [--lang en|de]\n" +
			"  UTF-8 with BOM, \";\" by default (German Excel's list separator); cells that a spreadsheet\n" +
			"  would run as a formula get a leading '. The file is replaced only when complete.",
		run: func(c *cmdCtx) error {
			contacts := c.fs.String("contacts", "", "write the contact journal to this file")
			customers := c.fs.String("customers", "", "write the customer list to this file")
			sep := c.fs.String("separator", ";", `";", "," or "tab"`)
			lang := c.fs.String("lang", "en", "language of the header line: en or de")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			if *contacts == "" && *customers == "" {
				return usagef("give --contacts FILE or --customers FILE")
			}
			opt := data.ExportOptions{Lang: *lang}
			switch *sep {
			case ";":
				opt.Comma = ';'
			case ",":
				opt.Comma = ','
			case "tab", "\t":
				opt.Comma = '\t'
			default:
				return usagef(`--separator must be ";", "," or "tab", not %q`, *sep)
			}
			if *lang != "en" && *lang != "de" {
				return usagef("--lang must be en or de, not %q", *lang)
			}
			if err := c.open(false); err != nil {
				return err
			}
			if *customers != "" {
				n, err := c.store.ExportCustomersFile(*customers, opt)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.stdout, "exported %d customers to %s\n", n, *customers)
			}
			if *contacts != "" {
				n, err := c.store.ExportContactsFile(*contacts, opt)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.stdout, "exported %d contacts to %s\n", n, *contacts)
			}
			return nil
		},
	})
}
