package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/zusage/zusage/data"
)

func init() {
	register(&command{
		name: "import",
		usage: "--db PATH (--customers FILE.csv|FILE.vcf --owner EMAIL | --purchases FILE.csv) [--dry-run]\n" +
			"  CSV: UTF-8 (with or without BOM) or Excel's Windows-1252; ; , or tab; headers in English\n" +
			"  or German (Name, Firma, E-Mail, Telefon, Adresse or Straße/PLZ/Ort, Notizen, Betreuer).\n" +
			"  Purchases: Kunde/Customer (id or e-mail), Produkt/Product, Datum/Date, Charge/Lot.\n" +
			"  Prints \"imported N, rejected M\"; each rejected line and why goes to stderr.",
		run: func(c *cmdCtx) error {
			customers := c.fs.String("customers", "", "customer file (.csv or .vcf)")
			purchases := c.fs.String("purchases", "", "purchase file (.csv)")
			owner := c.fs.String("owner", "", "e-mail of the salesperson who owns rows without a Betreuer/Owner")
			dry := c.fs.Bool("dry-run", false, "only check the file; change nothing")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			switch {
			case (*customers == "") == (*purchases == ""):
				return usagef("give either --customers or --purchases")
			case *customers != "" && *owner == "":
				return usagef("--owner is required with --customers")
			}
			path := *customers + *purchases
			// Read the file before opening the database: an unreadable file
			// fails without touching anything.
			raw, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
			}
			if err := c.open(false); err != nil {
				return err
			}
			var res data.ImportResult
			if *customers != "" {
				u, err := c.user("owner", *owner)
				if err != nil {
					return err
				}
				var p data.Preview
				if isVCard(path, raw) {
					p, err = data.ParseVCard(bytes.NewReader(raw))
				} else {
					p, err = data.ParseCustomerCSV(bytes.NewReader(raw))
				}
				if err != nil {
					return fmt.Errorf("%s: %w", filepath.Base(path), err)
				}
				if *dry {
					return printDryRun(c, len(p.Valid()), p.Rejected())
				}
				if res, err = c.store.ImportCustomers(p.Rows, u.ID); err != nil {
					return err
				}
			} else {
				p, err := data.ParsePurchaseCSV(bytes.NewReader(raw))
				if err != nil {
					return fmt.Errorf("%s: %w", filepath.Base(path), err)
				}
				if *dry {
					var rej []data.ImportRow
					good := 0
					for _, r := range p.Rows {
						if r.Reason != "" {
							rej = append(rej, data.ImportRow{Line: r.Line, Name: r.Customer + " / " + r.Product, Reason: r.Reason})
						} else {
							good++
						}
					}
					return printDryRun(c, good, rej)
				}
				if res, err = c.store.ImportPurchases(p.Rows); err != nil {
					return err
				}
			}
			fmt.Fprintf(c.stdout, "imported %d, rejected %d\n", res.Imported, len(res.Rejected))
			printRejections(c.stderr, res.Rejected)
			return nil
		},
	})
}

func printDryRun(c *cmdCtx, good int, rejected []data.ImportRow) error {
	fmt.Fprintf(c.stdout, "would import %d, rejected %d (dry run: nothing written; duplicates are found on import)\n", good, len(rejected))
	var rs []data.Rejection
	for _, r := range rejected {
		rs = append(rs, data.Rejection{Line: r.Line, What: r.Name, Reason: r.Reason})
	}
	printRejections(c.stderr, rs)
	return nil
}

func printRejections(w io.Writer, rs []data.Rejection) {
	bw := bufio.NewWriter(w)
	for _, r := range rs {
		fmt.Fprintln(bw, "rejected "+oneLine(r.String()))
	}
	bw.Flush()
}

// isVCard tells a .vcf file by its name or its first line.
func isVCard(path string, raw []byte) bool {
	if strings.EqualFold(filepath.Ext(path), ".vcf") || strings.EqualFold(filepath.Ext(path), ".vcard") {
		return true
	}
	head := strings.ToUpper(strings.TrimSpace(string(bytes.TrimPrefix(raw[:min(len(raw), 64)], []byte("\ufeff")))))
	return strings.HasPrefix(head, "BEGIN:VCARD")
}

// unwrapPath drops the path that os errors repeat.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
