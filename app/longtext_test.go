package app

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// longText is n characters of office prose with a line break now and then.
func longText(n int) string {
	const para = "Rückruf zur Preisfrage X200: Kunde wünscht Staffelpreise ab 50 Stück, Lieferung in zwei Teilen, Zahlung 30 Tage netto. "
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < n; i++ {
		b.WriteString(para)
		if i%5 == 4 {
			b.WriteString("\n")
		}
	}
	return string([]rune(b.String())[:n])
}

// longNotesTeam gives Müller the longest notes a customer may have, and a
// contact and a standing promise with long text too.
func longNotesTeam(t testing.TB, s *data.Store, customer data.Customer, by data.User) {
	c, err := s.Customer(customer.ID)
	require.NoError(t, err)
	c.Notes = longText(data.MaxCellChars)
	_, err = s.UpdateCustomer(c, by.ID)
	require.NoError(t, err)
	_, err = s.LogContact(data.NewContact{CustomerID: c.ID, UserID: by.ID, Channel: "phone", Summary: longText(2000), Notes: longText(data.MaxCellChars)})
	require.NoError(t, err)
	_, err = s.Promise(data.NewCommitment{CustomerID: c.ID, ByID: by.ID, Kind: data.KindStanding, Title: "Rabatt", Details: longText(5000)})
	require.NoError(t, err)
}

// Issue 12: 20,000 characters of notes kept the customer view blank for 14 s.
// The view shows their beginning and "Show all"; every line of the view
// gets a bounded text.
func TestLongNotesShowCollapsedWithShowAll(t *testing.T) {
	tm := newTeam(t)
	longNotesTeam(t, tm.store, tm.mueller, tm.anna)
	u := newTestUI(t, tm)
	start := time.Now()
	u.openCustomer(tm.mueller.ID)
	u.win.Content().Refresh()
	t.Logf("the customer view with 20,000 characters of notes opened in %s", time.Since(start))
	v := u.customers.detail
	require.NotNil(t, v)
	notes := v.notes
	assert.False(t, notes.box.Hidden)
	assert.LessOrEqual(t, utf8.RuneCountInString(notes.label.Text), previewChars+2)
	assert.True(t, strings.HasPrefix(longText(data.MaxCellChars), strings.TrimSuffix(notes.label.Text, " …")))
	assert.True(t, strings.HasSuffix(notes.label.Text, "…"))
	assert.True(t, notes.more.Visible())
	assert.Equal(t, "Show all (20000 characters)", notes.more.Text)
	// Every timeline row and the standing promises: bounded.
	assert.LessOrEqual(t, utf8.RuneCountInString(v.standing.Text), 700)
	for i := range v.items {
		o := v.list.CreateItem()
		v.updateRow(i, o)
		r := o.(*cell).data.(*timelineRow)
		assert.LessOrEqual(t, utf8.RuneCountInString(r.text.Text), rowChars+1, "row %d", i)
	}

	test.Tap(notes.more)
	d := notes.shown
	require.NotNil(t, d)
	assert.Greater(t, len(d.lines), 150, "the whole text, as lines")
	joined := strings.ReplaceAll(strings.Join(d.lines, ""), " ", "")
	assert.Equal(t, strings.NewReplacer(" ", "", "\n", "").Replace(longText(data.MaxCellChars)), joined, "no character lost in the wrapping")
	for _, l := range d.lines {
		assert.LessOrEqual(t, utf8.RuneCountInString(l), 200)
	}
	d.fd.close()

	// Short notes show whole, without the button.
	assert.Equal(t, "kurz", strings.TrimSpace(func() string { notes.setText("kurz"); return notes.label.Text }()))
	assert.False(t, notes.more.Visible())
	notes.setText("")
	assert.True(t, notes.box.Hidden)
}

func TestPreviewAndWrapLines(t *testing.T) {
	p, cut := preview("eins\nzwei\ndrei\nvier\nfünf", 4, 400)
	assert.True(t, cut)
	assert.Equal(t, "eins\nzwei\ndrei\nvier …", p)
	p, cut = preview("eins\nzwei\n\n\n\n", 4, 400)
	assert.False(t, cut)
	assert.Equal(t, "eins\nzwei", p)
	p, cut = preview(strings.Repeat("x", 1000), 4, 400)
	assert.True(t, cut)
	assert.Equal(t, strings.Repeat("x", 400)+" …", p, "a word without spaces is cut where it must")
	assert.Equal(t, []string{"ab cd", "ef", "", "gh"}, wrapLines("ab cd ef\n\ngh", 6))
	assert.Equal(t, []string{"abcdef", "gh"}, wrapLines("abcdefgh", 6))
}

// A multi-line entry stops wrapping once its text is long: Fyne re-wraps
// the whole text on every key.
func TestLongTextInAnEntryIsNotWrapped(t *testing.T) {
	test.NewTempApp(t)
	e := newMultiEntry("")
	e.SetText("kurz")
	assert.Equal(t, fyne.TextWrapWord, e.Wrapping)
	e.SetText(longText(data.MaxCellChars))
	assert.Equal(t, fyne.TextWrapOff, e.Wrapping)
	e.SetText(longText(wrapLimit))
	assert.Equal(t, fyne.TextWrapWord, e.Wrapping)
	e.CursorRow, e.CursorColumn = 0, 0
	test.Type(e, "y")
	assert.Equal(t, fyne.TextWrapOff, e.Wrapping, "typing past the limit switches")
}
