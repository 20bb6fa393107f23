package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
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
	// Problem says why the row cannot be imported (a *ValidationError:
	// field, code, facts); nil for a good row.
	Problem error
	// Repaired names the fields in which bytes that were not UTF-8 became
	// U+FFFD; the row imports, and the import reports it.
	Repaired []string
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
		if r.Problem == nil {
			out = append(out, r)
		}
	}
	return out
}

// Rejected returns the rows that cannot be imported, with their reasons.
func (p Preview) Rejected() []ImportRow {
	var out []ImportRow
	for _, r := range p.Rows {
		if r.Problem != nil {
			out = append(out, r)
		}
	}
	return out
}

// Rejection is a row an import left out, and why (Err: a
// *ValidationError naming the field and the code).
type Rejection struct {
	Line int
	What string
	Err  error
}

// Repair is an imported row whose Fields had bytes that were not UTF-8,
// now U+FFFD.
type Repair struct {
	Line   int
	What   string
	Fields []string
}

// ImportResult says what an import wrote and what it left out.
type ImportResult struct {
	// ID is the import's id, for UndoImport; 0 when it never started.
	ID       uint
	Imported int
	// IDs of the new records, in file order.
	IDs      []uint
	Rejected []Rejection
	// Repaired are the imported rows with bytes that were not UTF-8.
	Repaired []Repair
}

// decodeText reads a whole import file and turns it into UTF-8: UTF-8 with or
// without BOM stays, UTF-16 with BOM (Excel's "Unicode text") is decoded, and
// anything that is not valid UTF-8 is taken as Windows-1252, the encoding of
// Excel's CSV export on German Windows.
//
// A file that is UTF-8 but for a few bytes (a BOM says so, or its other
// non-ASCII letters are UTF-8) is read as UTF-8 with those bytes as U+FFFD
// (repaired is true, and each row names the fields): reading it as
// Windows-1252 would turn every umlaut of the file into "Ã¼".
func decodeText(r io.Reader) (text, enc string, repaired bool, err error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return "", "", false, &ImportFileError{Code: ImportCannotRead, Err: err}
	}
	if len(b) > MaxImportBytes {
		return "", "", false, &ImportFileError{Code: ImportTooLarge, Max: MaxImportBytes >> 20}
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		text, enc = string(b), "UTF-8 with BOM"
		if !utf8.Valid(b) {
			text, repaired = strings.ToValidUTF8(text, "\ufffd"), true
		}
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		u, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", "", false, &ImportFileError{Code: ImportBadUTF16, Err: err}
		}
		text, enc = string(u), "UTF-16"
	case utf8.Valid(b):
		text, enc = string(b), "UTF-8"
	case mostlyUTF8(b):
		text, enc, repaired = strings.ToValidUTF8(string(b), "\ufffd"), "UTF-8", true
	default:
		w, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", "", false, &ImportFileError{Code: ImportCannotRead, Err: err}
		}
		text, enc = string(w), "Windows-1252"
	}
	// Old Mac exports end lines with a bare CR.
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, enc, repaired, nil
}

// mostlyUTF8 reports a file whose non-ASCII text is mostly UTF-8: at least
// as many valid multi-byte letters as stray bytes. A Windows-1252 file has
// stray bytes only (its umlauts are single bytes).
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid > 0 && valid >= invalid
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

// csvTable is a decoded CSV file with its header.
type csvTable struct {
	encoding string
	delim    rune
	header   []string
	records  []csvRecord
	// repaired: bytes that were not UTF-8 are U+FFFD now (see decodeText).
	repaired bool
}

func readCSVTable(r io.Reader) (csvTable, error) {
	var t csvTable
	text, enc, repaired, err := decodeText(r)
	if err != nil {
		return t, err
	}
	t.encoding, t.repaired = enc, repaired
	if strings.TrimSpace(text) == "" {
		return t, &ImportFileError{Code: ImportEmpty}
	}
	firstLine := 1
	// Excel writes "sep=;" as a first line when asked to; honour it.
	if first, rest, ok := strings.Cut(text, "\n"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(first)), "sep=") {
		sep := []rune(strings.TrimSpace(first)[4:])
		if len(sep) == 1 && sep[0] < utf8.RuneSelf && sep[0] != '"' && sep[0] != '\n' && sep[0] != '\r' {
			t.delim = sep[0]
		}
		text = rest
		firstLine = 2
	}
	if t.delim == 0 {
		t.delim = sniffDelimiter(text)
	}
	sc := newCSVScan(text, byte(t.delim), firstLine)
	head, ok := sc.next()
	if !ok {
		return t, &ImportFileError{Code: ImportEmpty}
	}
	if head.problem != "" || sc.line != firstLine+1 {
		// Without a header nothing after it can be put in its columns.
		return t, &ImportFileError{Code: ImportBadHeader, Line: firstLine}
	}
	t.header = head.fields
	sc.columns = len(t.header)
	for {
		rec, ok := sc.next()
		if !ok {
			break
		}
		blank := true
		for i := range rec.fields {
			rec.fields[i] = cleanCell(rec.fields[i])
			if rec.fields[i] != "" {
				blank = false
			}
		}
		if blank && rec.problem == "" {
			continue
		}
		// Fewer fields are padded (hand-made files drop trailing empties);
		// more fields mean the columns have shifted, so no value can be
		// trusted, and a line with an unclosed quote has no cells at all.
		t.records = append(t.records, rec)
	}
	return t, nil
}

// csvProblem says what is wrong with a record: nil, or a *ValidationError
// (Field "line" for the shape of the line, the column's field for a cell).
func (t csvTable) csvProblem(rec csvRecord, known map[string]string) error {
	switch rec.problem {
	case "":
		return nil
	case csvUnclosedQuote:
		return invalid("line", CodeUnclosedQuote)
	case csvTooManyFields:
		e := invalid("line", CodeTooManyFields)
		e.Count, e.Max, e.Value = rec.count, int64(len(t.header)), delimName(t.delim)
		return e
	case csvCellTooLong:
		field := fmt.Sprint(rec.col + 1)
		if rec.col < len(t.header) {
			h := strings.TrimSpace(t.header[rec.col])
			if f, ok := known[headerKey(h)]; ok {
				field = f
			} else if h != "" {
				field = h
			}
		}
		e := invalid(field, CodeTooLong)
		e.Count, e.Max = rec.chars, MaxCellChars
		return e
	}
	return invalid("line", CodeInvalid).val(rec.problem)
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
		return p, &ImportFileError{Code: ImportNoCustomerColumns, Found: t.header}
	}
	for _, rec := range t.records {
		row := ImportRow{Line: rec.line}
		if rec.problem != "" {
			row.Problem = t.csvProblem(rec, customerColumns)
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
		row.Problem = checkImportRow(&row, t.repaired)
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
// without the database — the same text rules as every Store operation, a
// name, valid e-mail addresses — and returns why it must be rejected. In a
// file whose stray bytes were repaired (repaired), it names the fields that
// carry U+FFFD.
func checkImportRow(row *ImportRow, repaired bool) error {
	fields := []textField{{"name", &row.Name}, {"company", &row.Company}, {"email", &row.Email}, {"phone", &row.Phone},
		{"address", &row.Address}, {"notes", &row.Notes}, {"owner", &row.Owner}}
	row.Repaired = nil
	for _, f := range fields {
		v, _, err := repairText(f.name, *f.p)
		if err != nil {
			return err
		}
		*f.p = v
		if repaired && strings.ContainsRune(v, utf8.RuneError) {
			row.Repaired = append(row.Repaired, f.name)
		}
	}
	if row.Name == "" {
		row.Name = row.Company
	}
	if row.Name == "" {
		return invalid("name", CodeRequired)
	}
	email, err := NormalizeEmail("email", row.Email, false)
	if err != nil {
		return err
	}
	row.Email = email
	if row.Owner != "" {
		if _, err := NormalizeEmail("owner", row.Owner, false); err != nil {
			return err
		}
	}
	return nil
}

func (r ImportRow) what() string {
	if r.Email != "" {
		return r.Name + " <" + r.Email + ">"
	}
	return r.Name
}

// ImportCustomers adds the good rows as customers, in short batches that
// let the other desktops write in between (see ImportBatchTime); rows whose
// owner is unknown, or whose e-mail is already a customer's or was on an
// earlier row, are reported instead of written twice. ownerID owns the rows
// that name no owner of their own. Rows already rejected in the preview
// come back as rejections. The import gets an id (ImportResult.ID), every
// customer it creates carries it, and UndoImport takes it back. An error
// after the first batch leaves the batches before it in the file; the
// result then says what was written, under the import's id.
func (s *Store) ImportCustomers(rows []ImportRow, ownerID uint, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	run, err := s.startImport(ImportKindCustomers, len(rows), opt, func(tx *gorm.DB) error {
		if ownerID != 0 {
			return s.checkOwner(tx, ownerID)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	res.ID = run.id
	owners := map[string]uint{}
	seen := map[string]int{}
	err = run.run(func(tx *gorm.DB, i int, b *importBatch) error {
		row := rows[i]
		reject := func(err error) {
			b.rejected = append(b.rejected, Rejection{Line: row.Line, What: row.what(), Err: err})
		}
		if row.Problem == nil {
			row.Problem = checkImportRow(&row, len(row.Repaired) > 0)
		}
		if row.Problem != nil {
			reject(row.Problem)
			return nil
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
				reject(invalid("owner", CodeUnknown).val(row.Owner))
				return nil
			}
			owner = id
		}
		if owner == 0 {
			reject(invalid("owner", CodeRequired))
			return nil
		}
		if row.Email != "" {
			key := strings.ToLower(row.Email)
			line, ok := seen[key]
			if !ok {
				line, ok = b.seen[key]
			}
			if ok {
				e := invalid("email", CodeDuplicate).val(row.Email)
				e.Line = line
				reject(e)
				return nil
			}
			var existing Customer
			// A customer archived when its import was taken back is no
			// duplicate: the corrected file must import again.
			err := tx.Select("id", "name").Where(`email = ? COLLATE NOCASE AND NOT (archived = 1 AND import_id IN
				(SELECT id FROM imports WHERE undone_at IS NOT NULL))`, row.Email).First(&existing).Error
			if err == nil {
				reject(invalid("email", CodeDuplicate).val(row.Email).id(existing.ID))
				return nil
			}
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
			if b.seen == nil {
				b.seen = map[string]int{}
			}
			b.seen[key] = row.Line
		}
		b.customers = append(b.customers, Customer{Name: row.Name, Company: row.Company, Email: row.Email, Phone: row.Phone,
			Address: row.Address, Notes: row.Notes, OwnerID: owner})
		if len(row.Repaired) > 0 {
			b.repaired = append(b.repaired, Repair{Line: row.Line, What: row.what(), Fields: row.Repaired})
		}
		return nil
	}, func(tx *gorm.DB, b *importBatch) error {
		return s.insertImported(tx, run.id, opt.By, b)
	}, func(b *importBatch) {
		res.add(b)
		for k, v := range b.seen {
			seen[k] = v
		}
	})
	sortRejections(res.Rejected)
	return res, err
}

// insertImported writes the customers a batch collected, with their
// "created" events, in statements of many rows. One INSERT per row costs
// twice as much: the search index (FTS5) flushes its pending terms at the
// end of every statement that changes it.
func (s *Store) insertImported(tx *gorm.DB, importID, by uint, b *importBatch) error {
	const chunk = 100
	now := At(s.now())
	for from := 0; from < len(b.customers); from += chunk {
		cs := b.customers[from:min(from+chunk, len(b.customers))]
		q := strings.Builder{}
		q.WriteString(`INSERT INTO customers (name, company, email, phone, address, notes, owner_id, archived, version, created_at, updated_at, import_id) VALUES `)
		args := make([]any, 0, len(cs)*10)
		for i, c := range cs {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,0,1,?,?,?)")
			args = append(args, c.Name, c.Company, c.Email, c.Phone, c.Address, c.Notes, c.OwnerID, now, now, importID)
		}
		// The new ids, which both databases assign in the order of the
		// rows (on a server not necessarily one after the other: another
		// desktop may take ids in between).
		q.WriteString(" RETURNING id")
		rows, err := tx.Raw(q.String(), args...).Rows()
		if err != nil {
			return err
		}
		ids := make([]uint, 0, len(cs))
		for rows.Next() {
			var id uint
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) != len(cs) {
			return fmt.Errorf("%d customers inserted, %d ids returned", len(cs), len(ids))
		}
		slices.Sort(ids)
		q.Reset()
		q.WriteString(`INSERT INTO customer_events (customer_id, type, at, by_id, import_id) VALUES `)
		args = args[:0]
		for i := range cs {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?)")
			args = append(args, ids[i], CustomerCreated, now, by, importID)
		}
		if err := tx.Exec(q.String(), args...).Error; err != nil {
			return err
		}
		for _, id := range ids {
			if err := afterCustomerWrite(tx, id); err != nil {
				return err
			}
			b.ids = append(b.ids, id)
		}
		b.imported += len(cs)
	}
	b.customers = b.customers[:0]
	return nil
}

// add takes in what a committed batch wrote.
func (r *ImportResult) add(b *importBatch) {
	r.Imported += b.imported
	r.IDs = append(r.IDs, b.ids...)
	r.Rejected = append(r.Rejected, b.rejected...)
	r.Repaired = append(r.Repaired, b.repaired...)
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
	Date string
	Lot  string
	// Problem says why the row cannot be imported; nil for a good row.
	Problem error
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
	return "", invalid("date", CodeInvalid).val(v)
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
		return p, &ImportFileError{Code: ImportNoPurchaseColumns, Found: t.header}
	}
	for _, rec := range t.records {
		row := PurchaseImportRow{Line: rec.line, Problem: t.csvProblem(rec, purchaseColumns)}
		if rec.fields != nil {
			row.Customer = field(rec.fields, idx, "customer")
			if row.Customer == "" {
				row.Customer = field(rec.fields, idx, "email")
			}
			product, perr := CleanText("product", field(rec.fields, idx, "product"))
			row.Product = strings.Join(strings.Fields(product), " ")
			lot, lerr := CleanText("lot", field(rec.fields, idx, "lot"))
			row.Lot = lot
			customer, cerr := CleanText("customer", row.Customer)
			row.Customer = customer
			date, err := parseImportDate(field(rec.fields, idx, "date"))
			row.Date = date
			if row.Problem == nil {
				switch {
				case cerr != nil:
					row.Problem = cerr
				case perr != nil:
					row.Problem = perr
				case lerr != nil:
					row.Problem = lerr
				case row.Customer == "":
					row.Problem = invalid("customer", CodeRequired)
				case row.Product == "":
					row.Problem = invalid("product", CodeRequired)
				case err != nil:
					row.Problem = err
				}
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// ImportPurchases records the good rows, in batches like ImportCustomers,
// under an import id that UndoImport takes back. A customer is found by id
// or e-mail, a product by name; an unknown product is reported, never
// created, so a typo cannot hide buyers from a notice.
func (s *Store) ImportPurchases(rows []PurchaseImportRow, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	run, err := s.startImport(ImportKindPurchases, len(rows), opt, nil)
	if err != nil {
		return res, err
	}
	res.ID = run.id
	products := map[string]uint{}
	err = run.run(func(tx *gorm.DB, i int, b *importBatch) error {
		row := rows[i]
		what := row.Customer + " / " + row.Product
		reject := func(err error) {
			b.rejected = append(b.rejected, Rejection{Line: row.Line, What: what, Err: err})
		}
		if row.Problem != nil {
			reject(row.Problem)
			return nil
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
				e := invalid("customer", CodeAmbiguous).val(row.Customer)
				e.Count = int(n)
				reject(e)
				return nil
			}
			err = tx.Select("id", "archived").Where("email = ? COLLATE NOCASE AND archived = 0", row.Customer).First(&cu).Error
		}
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && cu.Archived) {
			reject(invalid("customer", CodeUnknown).val(row.Customer))
			return nil
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
				reject(ve)
				return nil
			}
			if err != nil {
				return err
			}
			pid = p.ID
			products[key] = pid
		}
		imp := run.id
		pu := Purchase{CustomerID: cu.ID, ProductID: pid, Date: row.Date, Lot: strings.TrimSpace(row.Lot), CreatedAt: At(s.now()), ImportID: &imp}
		if err := tx.Create(&pu).Error; err != nil {
			return err
		}
		b.ids = append(b.ids, pu.ID)
		b.imported++
		return nil
	}, nil, res.add)
	sortRejections(res.Rejected)
	return res, err
}
