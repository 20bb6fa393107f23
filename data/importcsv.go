package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"gorm.io/gorm"
)

// MaxImportBytes is the largest file an import reads; a customer list is far
// smaller, a larger file is most likely the wrong one.
const MaxImportBytes = 64 << 20

// ImportRow is one customer read from a file, shown in the preview before
// anything is written.
type ImportRow struct {
	// Line is where the row starts in the file (1 is the first line).
	Line    int
	Name    string
	Company string
	Email   string
	Phone   string
	Address string
	Notes   string
	// Owner is the e-mail of the account owner from the file (Betreuer); it
	// overrides the owner chosen for the import.
	Owner string
	// Reason says why the row cannot be imported; empty for a good row.
	Reason string
}

// Preview is what an import file holds: every row, good or rejected, and how
// the file was read.
type Preview struct {
	Rows []ImportRow
	// Encoding is "UTF-8", "UTF-8 with BOM", "UTF-16" or "Windows-1252".
	Encoding string
	// Delimiter is the CSV separator found in the header line (0 for vCard).
	Delimiter rune
	// Columns maps each recognised header, as written in the file, to the
	// field it fills; Ignored lists the headers that were not recognised.
	Columns map[string]string
	Ignored []string
}

// Valid returns the rows that can be imported.
func (p Preview) Valid() []ImportRow {
	var out []ImportRow
	for _, r := range p.Rows {
		if r.Reason == "" {
			out = append(out, r)
		}
	}
	return out
}

// Rejected returns the rows that cannot be imported, with their reasons.
func (p Preview) Rejected() []ImportRow {
	var out []ImportRow
	for _, r := range p.Rows {
		if r.Reason != "" {
			out = append(out, r)
		}
	}
	return out
}

// Rejection is a row an import left out, and why.
type Rejection struct {
	Line   int
	What   string
	Reason string
}

func (r Rejection) String() string {
	if r.What == "" {
		return fmt.Sprintf("line %d: %s", r.Line, r.Reason)
	}
	return fmt.Sprintf("line %d (%s): %s", r.Line, r.What, r.Reason)
}

// ImportResult says what an import wrote and what it left out.
type ImportResult struct {
	Imported int
	// IDs of the new records, in file order.
	IDs      []uint
	Rejected []Rejection
}

// decodeText reads a whole import file and turns it into UTF-8: UTF-8 with or
// without BOM stays, UTF-16 with BOM (Excel's "Unicode text") is decoded, and
// anything that is not valid UTF-8 is taken as Windows-1252, the encoding of
// Excel's CSV export on German Windows.
func decodeText(r io.Reader) (string, string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return "", "", fmt.Errorf("cannot read the file: %w", err)
	}
	if len(b) > MaxImportBytes {
		return "", "", fmt.Errorf("the file is larger than %d MB; is it the right file?", MaxImportBytes>>20)
	}
	var text, enc string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if !utf8.Valid(b) {
			return "", "", errors.New("the file says it is UTF-8 but is not")
		}
		text, enc = string(b), "UTF-8 with BOM"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		u, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", "", fmt.Errorf("cannot read the UTF-16 file: %w", err)
		}
		text, enc = string(u), "UTF-16"
	case utf8.Valid(b):
		text, enc = string(b), "UTF-8"
	default:
		w, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", "", fmt.Errorf("cannot read the file as Windows-1252: %w", err)
		}
		text, enc = string(w), "Windows-1252"
	}
	// Old Mac exports end lines with a bare CR.
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, enc, nil
}

// sniffDelimiter picks ; , or tab, whichever occurs most often outside
// quotes in the header line; a comma when none does.
func sniffDelimiter(text string) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, r := range text {
		if r == '"' {
			inQuote = !inQuote
			continue
		}
		if !inQuote && (r == '\n' || r == '\r') {
			break
		}
		if !inQuote && (r == ';' || r == ',' || r == '\t') {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t', ','} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// headerKey makes "E-Mail", "e mail " and "EMAIL" the same key.
func headerKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	var b strings.Builder
	for _, r := range h {
		switch r {
		case ' ', '-', '_', '.', '/', '\u00a0', ':', '#':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// csvRecord is one data row of a CSV file.
type csvRecord struct {
	line   int
	fields []string
	err    string
}

// csvTable is a decoded CSV file with its header.
type csvTable struct {
	encoding string
	delim    rune
	header   []string
	records  []csvRecord
}

func readCSVTable(r io.Reader) (csvTable, error) {
	var t csvTable
	text, enc, err := decodeText(r)
	if err != nil {
		return t, err
	}
	t.encoding = enc
	if strings.TrimSpace(text) == "" {
		return t, errors.New("the file is empty")
	}
	// Excel writes "sep=;" as a first line when asked to; honour it.
	if first, rest, ok := strings.Cut(text, "\n"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(first)), "sep=") {
		sep := []rune(strings.TrimSpace(first)[4:])
		if len(sep) == 1 {
			t.delim = sep[0]
		}
		text = rest
	}
	if t.delim == 0 {
		t.delim = sniffDelimiter(text)
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = t.delim
	cr.FieldsPerRecord = -1
	// Office files put quotes inside unquoted cells (Müller "Bau" GmbH).
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return t, fmt.Errorf("cannot read the header line: %w", err)
	}
	t.header = header
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.records = append(t.records, csvRecord{line: pe.StartLine, err: pe.Err.Error()})
				continue
			}
			return t, fmt.Errorf("cannot read the file: %w", err)
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for i := range rec {
			rec[i] = cleanCell(rec[i])
			if rec[i] != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		rc := csvRecord{line: line, fields: rec}
		// Fewer fields are padded (hand-made files drop trailing empties);
		// more fields mean the columns have shifted, so no value can be trusted.
		if len(rec) > len(header) {
			rc.err = fmt.Sprintf("%d fields instead of %d (unquoted “%s” in a value?)", len(rec), len(header), delimName(t.delim))
		}
		t.records = append(t.records, rc)
	}
	return t, nil
}

func delimName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	default:
		return string(r)
	}
}

// cleanCell trims a cell and undoes the quote our export puts before a
// formula-like value, so an exported file imports back unchanged.
func cleanCell(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		v = v[1:]
	}
	return v
}

// columns maps header keys to field names.
func (t csvTable) columns(known map[string]string) (map[string]int, map[string]string, []string) {
	idx := map[string]int{}
	used := map[string]string{}
	var ignored []string
	for i, h := range t.header {
		f, ok := known[headerKey(h)]
		if !ok {
			if strings.TrimSpace(h) != "" {
				ignored = append(ignored, strings.TrimSpace(h))
			}
			continue
		}
		if _, dup := idx[f]; dup {
			ignored = append(ignored, strings.TrimSpace(h))
			continue
		}
		idx[f] = i
		used[strings.TrimSpace(h)] = f
	}
	return idx, used, ignored
}

func field(rec []string, idx map[string]int, name string) string {
	i, ok := idx[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// customerColumns are the headers a customer file may use, in English or
// German, as headerKey writes them.
var customerColumns = map[string]string{
	"name": "name", "kundenname": "name", "ansprechpartner": "name", "kontakt": "name", "contact": "name", "fullname": "name", "vollständigername": "name",
	"firma": "company", "company": "company", "unternehmen": "company", "firmenname": "company", "organisation": "company", "organization": "company",
	"email": "email", "mail": "email", "emailadresse": "email", "emailaddress": "email",
	"telefon": "phone", "phone": "phone", "tel": "phone", "telefonnummer": "phone", "phonenumber": "phone", "telephone": "phone",
	"adresse": "address", "address": "address", "anschrift": "address",
	"straße": "street", "strasse": "street", "street": "street", "straßeundhausnummer": "street",
	"plz": "zip", "postleitzahl": "zip", "zip": "zip", "zipcode": "zip", "postcode": "zip", "postalcode": "zip",
	"ort": "city", "stadt": "city", "city": "city", "town": "city",
	"notizen": "notes", "notes": "notes", "notiz": "notes", "note": "notes", "bemerkung": "notes", "bemerkungen": "notes", "kommentar": "notes",
	"betreuer": "owner", "owner": "owner", "verantwortlich": "owner", "zuständig": "owner", "accountowner": "owner", "vertrieb": "owner",
}

// ParseCustomerCSV reads a customer list as offices have it (UTF-8 with or
// without BOM, or Excel's German export: semicolons and Windows-1252) and
// returns a preview; nothing is written. Columns are found by their header
// in English or German. An error means the file as a whole cannot be read.
func ParseCustomerCSV(r io.Reader) (Preview, error) {
	var p Preview
	t, err := readCSVTable(r)
	if err != nil {
		return p, err
	}
	p.Encoding, p.Delimiter = t.encoding, t.delim
	idx, used, ignored := t.columns(customerColumns)
	p.Columns, p.Ignored = used, ignored
	_, hasName := idx["name"]
	_, hasCompany := idx["company"]
	if !hasName && !hasCompany {
		return p, fmt.Errorf("the header line has no Name or Firma/Company column (found: %s)", strings.Join(t.header, ", "))
	}
	for _, rec := range t.records {
		row := ImportRow{Line: rec.line}
		if rec.err != "" {
			row.Reason = rec.err
			if rec.fields != nil {
				row.Name = field(rec.fields, idx, "name")
				row.Company = field(rec.fields, idx, "company")
			}
			p.Rows = append(p.Rows, row)
			continue
		}
		f := rec.fields
		row.Name = field(f, idx, "name")
		row.Company = field(f, idx, "company")
		row.Email = field(f, idx, "email")
		row.Phone = field(f, idx, "phone")
		row.Notes = field(f, idx, "notes")
		row.Owner = field(f, idx, "owner")
		row.Address = field(f, idx, "address")
		if row.Address == "" {
			row.Address = joinAddress(field(f, idx, "street"), field(f, idx, "zip"), field(f, idx, "city"))
		}
		row.Reason = checkImportRow(&row)
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// joinAddress writes "Hauptstr. 5, 28195 Bremen".
func joinAddress(street, zip, city string) string {
	place := strings.TrimSpace(zip + " " + city)
	switch {
	case street == "":
		return place
	case place == "":
		return street
	}
	return street + ", " + place
}

// checkImportRow applies the customer rules a row can be checked against
// without the database; it returns the reason for a rejection.
func checkImportRow(row *ImportRow) string {
	if row.Name == "" {
		row.Name = row.Company
	}
	if row.Name == "" {
		return "no name and no company"
	}
	email, err := NormalizeEmail("email", row.Email, false)
	if err != nil {
		return fmt.Sprintf("%q is not a valid e-mail address", row.Email)
	}
	row.Email = email
	if row.Owner != "" {
		if _, err := NormalizeEmail("owner", row.Owner, false); err != nil {
			return fmt.Sprintf("owner %q is not an e-mail address", row.Owner)
		}
	}
	return ""
}

func (r ImportRow) what() string {
	if r.Email != "" {
		return r.Name + " <" + r.Email + ">"
	}
	return r.Name
}

// ImportCustomers adds the good rows as customers in one transaction; rows
// whose owner is unknown, or whose e-mail is already a customer's or was on
// an earlier row, are reported instead of written twice. ownerID owns the
// rows that name no owner of their own. Rows already rejected in the preview
// come back as rejections.
func (s *Store) ImportCustomers(rows []ImportRow, ownerID uint) (ImportResult, error) {
	var res ImportResult
	now := At(s.now())
	err := s.write(func(tx *gorm.DB) error {
		res = ImportResult{}
		if ownerID != 0 {
			if err := s.checkOwner(tx, ownerID); err != nil {
				return err
			}
		}
		owners := map[string]uint{}
		seen := map[string]int{}
		for _, row := range rows {
			reject := func(reason string) {
				res.Rejected = append(res.Rejected, Rejection{Line: row.Line, What: row.what(), Reason: reason})
			}
			if row.Reason == "" {
				row.Reason = checkImportRow(&row)
			}
			if row.Reason != "" {
				reject(row.Reason)
				continue
			}
			owner := ownerID
			if row.Owner != "" {
				key := strings.ToLower(row.Owner)
				id, ok := owners[key]
				if !ok {
					var u User
					err := tx.Where("email = ? AND archived = 0", row.Owner).First(&u).Error
					if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
						return err
					}
					id = u.ID
					owners[key] = id
				}
				if id == 0 {
					reject(fmt.Sprintf("owner %s is not a salesperson in Zusage", row.Owner))
					continue
				}
				owner = id
			}
			if owner == 0 {
				reject("no owner: choose one for the import or add a Betreuer/Owner column")
				continue
			}
			if row.Email != "" {
				key := strings.ToLower(row.Email)
				if line, ok := seen[key]; ok {
					reject(fmt.Sprintf("duplicate: same e-mail as line %d", line))
					continue
				}
				var existing Customer
				err := tx.Select("id", "name").Where("email = ? COLLATE NOCASE", row.Email).First(&existing).Error
				if err == nil {
					reject(fmt.Sprintf("duplicate: %s is already customer #%d (%s)", row.Email, existing.ID, existing.Name))
					continue
				}
				if !errors.Is(err, gorm.ErrRecordNotFound) {
					return err
				}
				seen[key] = row.Line
			}
			c := Customer{Name: row.Name, Company: row.Company, Email: row.Email, Phone: row.Phone,
				Address: row.Address, Notes: row.Notes, OwnerID: owner, Version: 1, CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
			if err := afterCustomerWrite(tx, c.ID); err != nil {
				return err
			}
			res.IDs = append(res.IDs, c.ID)
			res.Imported++
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	sortRejections(res.Rejected)
	return res, nil
}

func sortRejections(rs []Rejection) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Line < rs[j].Line })
}

// PurchaseImportRow is one purchase read from a file.
type PurchaseImportRow struct {
	Line int
	// Customer is the customer's id or e-mail as the file gives it.
	Customer string
	Product  string
	// Date is YYYY-MM-DD (the file may say 24.11.2026); empty when unknown.
	Date   string
	Lot    string
	Reason string
}

// PurchasePreview is what a purchase file holds.
type PurchasePreview struct {
	Rows      []PurchaseImportRow
	Encoding  string
	Delimiter rune
	Columns   map[string]string
	Ignored   []string
}

var purchaseColumns = map[string]string{
	"kunde": "customer", "customer": "customer", "kundennr": "customer", "kundennummer": "customer", "kundenid": "customer", "customerid": "customer", "id": "customer",
	"email": "email", "mail": "email", "emailadresse": "email", "emailaddress": "email",
	"produkt": "product", "product": "product", "artikel": "product", "article": "product", "item": "product", "artikelbezeichnung": "product",
	"datum": "date", "date": "date", "kaufdatum": "date", "purchasedate": "date", "lieferdatum": "date",
	"charge": "lot", "chargennr": "lot", "chargennummer": "lot", "los": "lot", "lot": "lot", "batch": "lot", "lotnumber": "lot",
}

// parseImportDate reads YYYY-MM-DD or the German DD.MM.YYYY.
func parseImportDate(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	for _, layout := range []string{"2006-01-02", "2.1.2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", fmt.Errorf("%q is not a valid date (YYYY-MM-DD or DD.MM.YYYY)", v)
}

// ParsePurchaseCSV reads a purchase list (customer id or e-mail, product
// name, date, lot) with the same encoding and separator rules as customer
// files; nothing is written.
func ParsePurchaseCSV(r io.Reader) (PurchasePreview, error) {
	var p PurchasePreview
	t, err := readCSVTable(r)
	if err != nil {
		return p, err
	}
	p.Encoding, p.Delimiter = t.encoding, t.delim
	idx, used, ignored := t.columns(purchaseColumns)
	p.Columns, p.Ignored = used, ignored
	_, hasCustomer := idx["customer"]
	_, hasEmail := idx["email"]
	if _, ok := idx["product"]; !ok || (!hasCustomer && !hasEmail) {
		return p, fmt.Errorf("the header line needs a Kunde/Customer (id or e-mail) or E-Mail column and a Produkt/Product column (found: %s)", strings.Join(t.header, ", "))
	}
	for _, rec := range t.records {
		row := PurchaseImportRow{Line: rec.line, Reason: rec.err}
		if rec.fields != nil {
			row.Customer = field(rec.fields, idx, "customer")
			if row.Customer == "" {
				row.Customer = field(rec.fields, idx, "email")
			}
			row.Product = strings.Join(strings.Fields(field(rec.fields, idx, "product")), " ")
			row.Lot = field(rec.fields, idx, "lot")
			date, err := parseImportDate(field(rec.fields, idx, "date"))
			row.Date = date
			if row.Reason == "" {
				switch {
				case row.Customer == "":
					row.Reason = "no customer (id or e-mail)"
				case row.Product == "":
					row.Reason = "no product"
				case err != nil:
					row.Reason = err.Error()
				}
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// ImportPurchases records the good rows in one transaction. A customer is
// found by id or e-mail, a product by name; an unknown product is reported,
// never created, so a typo cannot hide buyers from a notice.
func (s *Store) ImportPurchases(rows []PurchaseImportRow) (ImportResult, error) {
	var res ImportResult
	now := At(s.now())
	err := s.write(func(tx *gorm.DB) error {
		res = ImportResult{}
		products := map[string]uint{}
		for _, row := range rows {
			what := row.Customer + " / " + row.Product
			reject := func(reason string) {
				res.Rejected = append(res.Rejected, Rejection{Line: row.Line, What: what, Reason: reason})
			}
			if row.Reason != "" {
				reject(row.Reason)
				continue
			}
			var cu Customer
			var err error
			if id, perr := strconv.ParseUint(row.Customer, 10, 64); perr == nil {
				err = tx.Select("id", "archived").First(&cu, id).Error
			} else {
				var n int64
				if err := tx.Model(&Customer{}).Where("email = ? COLLATE NOCASE AND archived = 0", row.Customer).Count(&n).Error; err != nil {
					return err
				}
				if n > 1 {
					reject(fmt.Sprintf("%d customers have the e-mail %s; give the customer id", n, row.Customer))
					continue
				}
				err = tx.Select("id", "archived").Where("email = ? COLLATE NOCASE AND archived = 0", row.Customer).First(&cu).Error
			}
			if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && cu.Archived) {
				reject(fmt.Sprintf("no active customer %s", row.Customer))
				continue
			}
			if err != nil {
				return err
			}
			key := strings.ToLower(row.Product)
			pid, ok := products[key]
			if !ok {
				p, err := productByName(tx, row.Product, "product")
				var ve *ValidationError
				if errors.As(err, &ve) {
					reject(fmt.Sprintf("there is no product named %q (add it first)", row.Product))
					continue
				}
				if err != nil {
					return err
				}
				pid = p.ID
				products[key] = pid
			}
			pu := Purchase{CustomerID: cu.ID, ProductID: pid, Date: row.Date, Lot: strings.TrimSpace(row.Lot), CreatedAt: now}
			if err := tx.Create(&pu).Error; err != nil {
				return err
			}
			res.IDs = append(res.IDs, pu.ID)
			res.Imported++
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	sortRejections(res.Rejected)
	return res, nil
}
