package data

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultSeparator is the separator of exported CSV files. Excel opens a
// double-clicked CSV with the list separator of the Windows region, which is
// ";" in Germany, Austria and Switzerland (the comma is their decimal mark);
// a "sep=" line would make Excel ignore the BOM and garble umlauts. Teams
// whose Excel expects commas pass ',' instead; our import reads both.
const DefaultSeparator = ';'

// ExportOptions control how a CSV export is written.
type ExportOptions struct {
	// Comma is the separator; 0 means DefaultSeparator.
	Comma rune
	// Lang "de" writes German headers, anything else English ones; both are
	// understood by the import.
	Lang string
}

func (o ExportOptions) comma() rune {
	if o.Comma == 0 {
		return DefaultSeparator
	}
	return o.Comma
}

// exportChunk rows are read per query: a long export must not hold the read
// lock that would keep other desktops from saving (rollback journal).
var exportChunk = 5000

// SafeCell neutralises a cell a spreadsheet would run as a formula (one that
// begins with = + - @, a tab or a carriage return) by putting a single quote
// before it, so text a customer typed can never become a formula.
func SafeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// csvOut writes rows with every cell neutralised.
type csvOut struct {
	w *csv.Writer
}

func newCSVOut(w io.Writer, opt ExportOptions) (*csvOut, error) {
	// The BOM makes Excel read the file as UTF-8, so umlauts come out right.
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = opt.comma()
	cw.UseCRLF = true
	return &csvOut{w: cw}, nil
}

func (o *csvOut) row(cells ...string) error {
	for i := range cells {
		// Text stored before the Store cleaned it (NUL, escape sequences,
		// bytes that are not UTF-8) leaves the file clean; line breaks stay.
		cells[i], _ = sanitize(cells[i], textRule{multi: true})
		cells[i] = SafeCell(cells[i])
	}
	return o.w.Write(cells)
}

func (o *csvOut) flush() error {
	o.w.Flush()
	return o.w.Error()
}

func headers(opt ExportOptions, en, de []string) []string {
	if opt.Lang == "de" {
		return append([]string(nil), de...)
	}
	return append([]string(nil), en...)
}

func idText(v sql.NullInt64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatInt(v.Int64, 10)
}

// ExportContacts writes the whole contact journal as CSV (UTF-8 with BOM),
// in the order it was written, reading it in chunks so that millions of
// contacts never sit in memory at once. It returns the number of contacts.
func (s *Store) ExportContacts(w io.Writer, opt ExportOptions) (int, error) {
	out, err := newCSVOut(w, opt)
	if err != nil {
		return 0, err
	}
	yes := "yes"
	if opt.Lang == "de" {
		yes = "ja"
	}
	if err := out.row(headers(opt,
		[]string{"ID", "Time", "Customer ID", "Customer", "Company", "By", "By e-mail", "Channel", "Direction", "Summary", "Notes", "Promise ID", "Delay notice", "Product", "Concern"},
		[]string{"ID", "Zeitpunkt", "Kunden-Nr.", "Kunde", "Firma", "Von", "Von (E-Mail)", "Kanal", "Richtung", "Zusammenfassung", "Notizen", "Zusage-Nr.", "Verzögerungsmeldung", "Produkt", "Anliegen"})...); err != nil {
		return 0, err
	}
	n := 0
	var last int64
	for {
		rows, err := s.db.Raw(`SELECT k.id, k.at, k.customer_id, cu.name, cu.company, u.name, u.email, k.channel, k.direction,
				k.summary, k.notes, k.commitment_id, k.delay_notice, p.name, k.concern
			FROM contacts k
			JOIN customers cu ON cu.id = k.customer_id
			JOIN users u ON u.id = k.user_id
			LEFT JOIN products p ON p.id = k.product_id
			WHERE k.id > ? ORDER BY k.id LIMIT ?`, last, exportChunk).Rows()
		if err != nil {
			return n, mapErr(err)
		}
		got := 0
		for rows.Next() {
			var (
				id, at, custID                                                 int64
				cust, company, by, byEmail, channel, dir, summary, notes, conc string
				about                                                          sql.NullInt64
				delay                                                          bool
				product                                                        sql.NullString
			)
			if err := rows.Scan(&id, &at, &custID, &cust, &company, &by, &byEmail, &channel, &dir, &summary, &notes, &about, &delay, &product, &conc); err != nil {
				rows.Close()
				return n, err
			}
			d := ""
			if delay {
				d = yes
			}
			if err := out.row(strconv.FormatInt(id, 10), time.Unix(at, 0).In(s.Loc).Format("2006-01-02 15:04"),
				strconv.FormatInt(custID, 10), cust, company, by, byEmail, channel, dir, summary, notes,
				idText(about), d, product.String, conc); err != nil {
				rows.Close()
				return n, err
			}
			last = id
			got++
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, mapErr(err)
		}
		if got < exportChunk {
			break
		}
	}
	return n, out.flush()
}

// ExportCustomers writes every customer (archived ones marked) as CSV with
// the columns the import reads back. It returns the number of customers.
func (s *Store) ExportCustomers(w io.Writer, opt ExportOptions) (int, error) {
	out, err := newCSVOut(w, opt)
	if err != nil {
		return 0, err
	}
	yes := "yes"
	if opt.Lang == "de" {
		yes = "ja"
	}
	if err := out.row(headers(opt,
		[]string{"ID", "Name", "Company", "Email", "Phone", "Address", "Notes", "Owner", "Owner name", "Archived"},
		[]string{"ID", "Name", "Firma", "E-Mail", "Telefon", "Adresse", "Notizen", "Betreuer", "Betreuer (Name)", "Archiviert"})...); err != nil {
		return 0, err
	}
	n := 0
	var last int64
	for {
		rows, err := s.db.Raw(`SELECT c.id, c.name, c.company, c.email, c.phone, c.address, c.notes, u.email, u.name, c.archived
			FROM customers c JOIN users u ON u.id = c.owner_id
			WHERE c.id > ? ORDER BY c.id LIMIT ?`, last, exportChunk).Rows()
		if err != nil {
			return n, mapErr(err)
		}
		got := 0
		for rows.Next() {
			var id int64
			var name, company, email, phone, address, notes, owner, ownerName string
			var archived bool
			if err := rows.Scan(&id, &name, &company, &email, &phone, &address, &notes, &owner, &ownerName, &archived); err != nil {
				rows.Close()
				return n, err
			}
			a := ""
			if archived {
				a = yes
			}
			if err := out.row(strconv.FormatInt(id, 10), name, company, email, phone, address, notes, owner, ownerName, a); err != nil {
				rows.Close()
				return n, err
			}
			last = id
			got++
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, mapErr(err)
		}
		if got < exportChunk {
			break
		}
	}
	return n, out.flush()
}

// WriteScorecardCSV writes scorecard rows as CSV (UTF-8 with BOM).
func WriteScorecardCSV(w io.Writer, rows []ScoreRow, opt ExportOptions) error {
	out, err := newCSVOut(w, opt)
	if err != nil {
		return err
	}
	if err := out.row(headers(opt,
		[]string{"Owner", "Name", "Made", "Kept on time", "Kept late", "Open", "Overdue", "Cancelled", "Avg slip (days)", "Told before slip (%)"},
		[]string{"Betreuer", "Name", "Gegeben", "Pünktlich gehalten", "Verspätet gehalten", "Offen", "Überfällig", "Storniert", "Ø Verzug (Tage)", "Vorher informiert (%)"})...); err != nil {
		return err
	}
	num := func(f float64) string {
		v := strconv.FormatFloat(f, 'f', 1, 64)
		if opt.comma() == ';' {
			// With ";" the reader's Excel uses the decimal comma.
			v = strings.Replace(v, ".", ",", 1)
		}
		return v
	}
	for _, r := range rows {
		pct := ""
		if r.ToldBeforeSlipPct != nil {
			pct = num(*r.ToldBeforeSlipPct)
		}
		if err := out.row(r.Owner, r.OwnerName, strconv.Itoa(r.Made), strconv.Itoa(r.KeptOnTime), strconv.Itoa(r.KeptLate),
			strconv.Itoa(r.Open), strconv.Itoa(r.Overdue), strconv.Itoa(r.Cancelled), num(r.AvgSlipDays), pct); err != nil {
			return err
		}
	}
	return out.flush()
}

// WriteFileAtomic writes a file through a temporary file beside it and
// renames it into place, so a crash or a full disk never leaves half a file
// where the old one was.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return &FileError{Op: OpCreateFile, Path: dir, Err: err}
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ExportContactsFile writes the contact journal to path atomically.
func (s *Store) ExportContactsFile(path string, opt ExportOptions) (int, error) {
	var n int
	err := WriteFileAtomic(path, func(w io.Writer) error {
		var err error
		n, err = s.ExportContacts(w, opt)
		return err
	})
	return n, err
}

// ExportCustomersFile writes the customer list to path atomically.
func (s *Store) ExportCustomersFile(path string, opt ExportOptions) (int, error) {
	var n int
	err := WriteFileAtomic(path, func(w io.Writer) error {
		var err error
		n, err = s.ExportCustomers(w, opt)
		return err
	})
	return n, err
}
