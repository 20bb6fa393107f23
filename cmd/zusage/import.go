package main

import (
	"bufio"
	"bytes"
	"errors"
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
		usage: "--db PATH (--customers FILE.csv|FILE.vcf --owner EMAIL | --purchases FILE.csv) [--by EMAIL] [--dry-run]\n" +
			"       zusage import --db PATH --undo ID --by EMAIL\n" +
			"  CSV: UTF-8 (with or without BOM) or Excel's Windows-1252; ; , or tab; headers in English\n" +
			"  or German (Name, Firma, E-Mail, Telefon, Adresse or Straße/PLZ/Ort, Notizen, Betreuer).\n" +
			"  Purchases: Kunde/Customer (id or e-mail), Produkt/Product, Datum/Date, Charge/Lot.\n" +
			"  Writes in short batches, so the other desktops keep working. Prints \"imported N, rejected M\"\n" +
			"  and \"import ID\"; each rejected line and why goes to stderr. --by names who imports\n" +
			"  (default: the --owner). --undo ID archives what import ID created.",
		run: func(c *cmdCtx) error {
			customers := c.fs.String("customers", "", "customer file (.csv or .vcf)")
			purchases := c.fs.String("purchases", "", "purchase file (.csv)")
			owner := c.fs.String("owner", "", "e-mail of the salesperson who owns rows without a Betreuer/Owner")
			by := c.fs.String("by", "", "e-mail of the salesperson who runs the import or takes it back")
			undo := c.fs.String("undo", "", "take back the import with this id")
			dry := c.fs.Bool("dry-run", false, "only check the file; change nothing")
			if err := c.parse(c.args(), "db"); err != nil {
				return err
			}
			if *undo != "" {
				if *customers != "" || *purchases != "" || *dry {
					return usagef("--undo goes without --customers, --purchases and --dry-run")
				}
				if *by == "" {
					return usagef("--by is required with --undo")
				}
				return undoImport(c, *undo, *by)
			}
			switch {
			case (*customers == "") == (*purchases == ""):
				return usagef("give either --customers or --purchases")
			case *customers != "" && *owner == "":
				return usagef("--owner is required with --customers")
			}
			if *by == "" {
				*by = *owner
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
					var rej []data.Rejection
					var rep []data.Repair
					for _, r := range p.Rows {
						if r.Problem != nil {
							rej = append(rej, data.Rejection{Line: r.Line, What: r.Name, Err: r.Problem})
						} else if len(r.Repaired) > 0 {
							rep = append(rep, data.Repair{Line: r.Line, What: r.Name, Fields: r.Repaired})
						}
					}
					return printDryRun(c, len(p.Valid()), rej, rep)
				}
				b, err := c.user("by", *by)
				if err != nil {
					return err
				}
				res, err = c.store.ImportCustomers(p.Rows, u.ID, c.importOptions(b.ID, path, len(p.Rows)))
				if err != nil {
					return importFailed(c, res, err)
				}
			} else {
				p, err := data.ParsePurchaseCSV(bytes.NewReader(raw))
				if err != nil {
					return fmt.Errorf("%s: %w", filepath.Base(path), err)
				}
				if *dry {
					var rej []data.Rejection
					good := 0
					for _, r := range p.Rows {
						if r.Problem != nil {
							rej = append(rej, data.Rejection{Line: r.Line, What: r.Customer + " / " + r.Product, Err: r.Problem})
						} else {
							good++
						}
					}
					return printDryRun(c, good, rej, nil)
				}
				var byID uint // a script that names nobody: the import's record says so
				if *by != "" {
					b, err := c.user("by", *by)
					if err != nil {
						return err
					}
					byID = b.ID
				}
				res, err = c.store.ImportPurchases(p.Rows, c.importOptions(byID, path, len(p.Rows)))
				if err != nil {
					return importFailed(c, res, err)
				}
			}
			fmt.Fprintf(c.stdout, "imported %d, rejected %d\n", res.Imported, len(res.Rejected))
			fmt.Fprintf(c.stdout, "import %d\n", res.ID)
			printRejections(c.stderr, res.Rejected)
			printRepairs(c.stderr, res.Repaired)
			return nil
		},
	})
}

// importOptions names who imports which file and, on a terminal, shows
// the progress on stderr.
func (c *cmdCtx) importOptions(by uint, path string, total int) data.ImportOptions {
	return data.ImportOptions{By: by, Source: filepath.Base(path), Progress: c.progressFunc("importing")}
}

// progressFunc shows "what: done of total rows" on stderr when it is a
// terminal; nil otherwise.
func (c *cmdCtx) progressFunc(what string) func(done, total int) {
	if !c.progress && !isTerminal(c.stderr) {
		return nil
	}
	out := raw(c.stderr)
	return func(done, total int) {
		fmt.Fprintf(out, "\r%s: %d of %d rows", what, done, total)
		if done == total {
			fmt.Fprintln(out)
		}
	}
}

// importFailed reports an import that stopped: the batches before the
// error are in the file under the import's id, which can be taken back.
func importFailed(c *cmdCtx, res data.ImportResult, err error) error {
	if res.ID == 0 || res.Imported == 0 {
		return err
	}
	fmt.Fprintf(c.stdout, "imported %d, rejected %d\n", res.Imported, len(res.Rejected))
	fmt.Fprintf(c.stdout, "import %d\n", res.ID)
	printRejections(c.stderr, res.Rejected)
	printRepairs(c.stderr, res.Repaired)
	return fmt.Errorf("the import stopped after %d rows (import %d; `zusage import --undo %d` takes them back): %w", res.Imported+len(res.Rejected), res.ID, res.ID, err)
}

// undoImport takes an import back and says what it archived.
func undoImport(c *cmdCtx, idText, by string) error {
	id, err := parseID("undo", idText)
	if err != nil {
		return err
	}
	if err := c.open(false); err != nil {
		return err
	}
	u, err := c.user("by", by)
	if err != nil {
		return err
	}
	res, err := c.store.UndoImport(id, u.ID, c.progressFunc("taking back"))
	if err != nil {
		var ve *data.ValidationError
		switch {
		case errors.Is(err, data.ErrNotFound):
			return fmt.Errorf("there is no import %d", id)
		case errors.As(err, &ve) && ve.Field == "import":
			return errors.New(validationText(ve))
		}
		return err
	}
	fmt.Fprintf(c.stdout, "took back import %d: archived %d customers, %d purchases\n", id, res.Customers, res.Purchases)
	return nil
}

func printDryRun(c *cmdCtx, good int, rejected []data.Rejection, repaired []data.Repair) error {
	fmt.Fprintf(c.stdout, "would import %d, rejected %d (dry run: nothing written; duplicates are found on import)\n", good, len(rejected))
	printRejections(c.stderr, rejected)
	printRepairs(c.stderr, repaired)
	return nil
}

// printRejections lists each rejected line: "rejected line 3 (what): why".
func printRejections(w io.Writer, rs []data.Rejection) {
	bw := bufio.NewWriter(w)
	for _, r := range rs {
		line := fmt.Sprintf("rejected line %d", r.Line)
		if r.What != "" {
			line += " (" + r.What + ")"
		}
		fmt.Fprintln(bw, oneLine(line+": "+importProblemText(r.Err)))
	}
	bw.Flush()
}

// printRepairs lists the imported lines whose bytes were not all UTF-8.
func printRepairs(w io.Writer, rs []data.Repair) {
	bw := bufio.NewWriter(w)
	for _, r := range rs {
		var fields []string
		for _, f := range r.Fields {
			fields = append(fields, fieldWord(f))
		}
		fmt.Fprintln(bw, oneLine(fmt.Sprintf("repaired line %d (%s): bytes that are not UTF-8 in %s, imported as \ufffd",
			r.Line, r.What, strings.Join(fields, ", "))))
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
