package data

import (
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-vcard"
)

// ParseVCard reads a .vcf file with one or more cards (FN, ORG, EMAIL, TEL,
// ADR, NOTE) into the same preview as a CSV import; nothing is written. Each
// card is read on its own, so one damaged card is a rejected row (named by
// the line of its BEGIN:VCARD) and the others still import.
func ParseVCard(r io.Reader) (Preview, error) {
	var p Preview
	text, enc, err := decodeText(r)
	if err != nil {
		return p, err
	}
	p.Encoding = enc
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var block []string
	start := 0
	inCard := false
	for i, l := range lines {
		up := strings.ToUpper(strings.TrimSpace(l))
		switch {
		case !inCard && up == "BEGIN:VCARD":
			inCard, start, block = true, i+1, []string{l}
		case inCard && up == "BEGIN:VCARD":
			// The previous card never ended.
			p.Rows = append(p.Rows, ImportRow{Line: start, Reason: "card without END:VCARD"})
			start, block = i+1, []string{l}
		case inCard:
			block = append(block, l)
			if up == "END:VCARD" {
				p.Rows = append(p.Rows, cardRow(start, strings.Join(block, "\r\n")+"\r\n"))
				inCard = false
			}
		}
	}
	if inCard {
		p.Rows = append(p.Rows, ImportRow{Line: start, Reason: "card without END:VCARD"})
	}
	if len(p.Rows) == 0 {
		return p, fmt.Errorf("the file holds no vCard (no BEGIN:VCARD line)")
	}
	return p, nil
}

func cardRow(line int, block string) ImportRow {
	row := ImportRow{Line: line}
	card, err := vcard.NewDecoder(strings.NewReader(block)).Decode()
	if err != nil {
		row.Reason = "damaged card: " + strings.TrimPrefix(err.Error(), "vcard: ")
		return row
	}
	row.Name = strings.TrimSpace(card.PreferredValue(vcard.FieldFormattedName))
	if row.Name == "" {
		if n := card.Name(); n != nil {
			row.Name = strings.TrimSpace(strings.Join(strings.Fields(n.GivenName+" "+n.FamilyName), " "))
		}
	}
	if org := card.PreferredValue(vcard.FieldOrganization); org != "" {
		// ORG is "company;department".
		row.Company = strings.TrimSpace(strings.Split(org, ";")[0])
	}
	row.Email = strings.TrimSpace(card.PreferredValue(vcard.FieldEmail))
	row.Phone = strings.TrimSpace(card.PreferredValue(vcard.FieldTelephone))
	row.Phone = strings.TrimPrefix(row.Phone, "tel:")
	if a := card.Address(); a != nil {
		street := strings.TrimSpace(strings.Join(strings.Fields(a.ExtendedAddress+" "+a.StreetAddress), " "))
		row.Address = joinAddress(street, strings.TrimSpace(a.PostalCode), strings.TrimSpace(a.Locality))
		if c := strings.TrimSpace(a.Country); c != "" && row.Address != "" {
			row.Address += ", " + c
		}
	}
	row.Notes = strings.TrimSpace(card.Value(vcard.FieldNote))
	row.Reason = checkImportRow(&row)
	return row
}
