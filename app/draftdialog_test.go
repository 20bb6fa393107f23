package app

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

// recordMail makes the UI hand mailto: addresses to a list instead of the
// mail program.
func recordMail(u *ui) *[]string {
	var got []string
	u.openURL = func(s string) error { got = append(got, s); return nil }
	return &got
}

func contactsAbout(t *testing.T, tm *team, id uint) []data.Contact {
	t.Helper()
	var out []data.Contact
	require.NoError(t, tm.store.DB().Where("commitment_id = ?", id).Order("id").Find(&out).Error)
	return out
}

func TestTodayDelayNoticeOpensAReadyEmailAndLogsOneNotice(t *testing.T) {
	tm := newTeam(t)
	_, err := tm.store.SaveTalkingPoints(data.TalkingPoints{Kind: data.KindCallback, Lang: data.LangDE,
		Text: "**Zuerst sagen**\nDen vereinbarten Termin nennen.\n- Sofort entschuldigen"}, tm.anna.ID)
	require.NoError(t, err)
	u := newTestUI(t, tm)
	mails := recordMail(u)
	i := findWarning(u, tm.silent.ID)
	require.GreaterOrEqual(t, i, 0)
	row := todayRowAt(u, i)
	require.Equal(t, "Delay notice", row.btns[2].Text)
	test.Tap(row.btns[2])

	d := u.lastDraft
	require.NotNil(t, d)
	assert.Equal(t, "Delay notice to Müller Haustechnik GmbH", draftTitle(d.draft))
	assert.Equal(t, "info@mueller.example", d.to.Text)
	assert.Equal(t, "Deutsch", d.language.Selected, "the team's default language")
	assert.Equal(t, "Zwischenstand: Preisfrage X200", d.subject.Text)
	for _, s := range []string{"Anna Berg", "+49 30 1234-56", "anna@example.de", "Sonntag, 22. November 2026, 10:00 Uhr"} {
		assert.Contains(t, d.body.Text, s)
	}
	assert.Contains(t, d.body.Text, "noch nicht sicher nennen", "no new date yet")
	require.NotNil(t, d.talk)
	assert.Contains(t, d.talk.shown.Text, "Den vereinbarten Termin nennen", "talking points beside the notice")
	assert.NotEmpty(t, d.talk.text.Segments)

	// A new date rewrites the unedited text.
	test.Type(d.newDue.date, fmtDateInput(time.Date(2026, 11, 27, 12, 0, 0, 0, time.Local)))
	test.Type(d.newDue.clock, "14:00")
	assert.Contains(t, d.body.Text, "Neuer Termin: Freitag, 27. November 2026, 14:00 Uhr.")
	assert.NotContains(t, d.body.Text, "noch nicht sicher nennen")

	d.body.SetText(d.body.Text + "\nPS: Fragen Sie nach Herrn Kurz & Co.? #2")
	test.Tap(d.fd.save)
	require.Len(t, *mails, 1, "handed to the mail program")
	m, err := url.Parse((*mails)[0])
	require.NoError(t, err)
	assert.Equal(t, "info@mueller.example", m.Opaque)
	q, err := url.ParseQuery(m.RawQuery)
	require.NoError(t, err)
	assert.Equal(t, "Zwischenstand: Preisfrage X200", q.Get("subject"))
	assert.True(t, strings.HasSuffix(q.Get("body"), "\r\nPS: Fragen Sie nach Herrn Kurz & Co.? #2"))
	assert.True(t, d.fd.closed)

	ks := contactsAbout(t, tm, tm.silent.ID)
	require.Len(t, ks, 1, "exactly one contact")
	assert.True(t, ks[0].DelayNotice)
	assert.Equal(t, "email", ks[0].Channel)
	assert.Contains(t, ks[0].Notes, "PS: Fragen Sie nach Herrn Kurz")
	c, err := tm.store.Commitment(tm.silent.ID)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 27, 14, 0, 0, 0, time.Local).Unix(), c.DueAt.Unix(), "moved in the same step")
	assert.Equal(t, -1, findWarning(u, tm.silent.ID), "no longer silent or slipped")
	assert.Contains(t, u.notify.label.Text, "Logged as the delay notice to Müller Haustechnik GmbH.")
}

func TestDraftKeepsEditsWhenTheDateChanges(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.showDraftDialog(data.DraftRequest{Kind: data.DraftDelay, CommitmentID: tm.silent.ID})
	d := u.lastDraft
	require.NotNil(t, d)
	assert.False(t, d.rewrite.Visible())
	d.body.SetText("Mein eigener Text\n" + d.body.Text)
	test.Type(d.newDue.date, fmtDateInput(time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local)))
	d.newDue.allDay.SetChecked(true)
	assert.True(t, strings.HasPrefix(d.body.Text, "Mein eigener Text"), "an edit is never overwritten")
	assert.True(t, d.rewrite.Visible())
	test.Tap(d.rewrite)
	assert.Contains(t, d.body.Text, "Neuer Termin: Montag, 30. November 2026.")
	assert.False(t, strings.HasPrefix(d.body.Text, "Mein eigener Text"))

	// English on request.
	d.language.setValue(data.LangEN)
	assert.Equal(t, "Update: Preisfrage X200", d.subject.Text)
	assert.Contains(t, d.body.Text, "The new date is Monday, 30 November 2026.")

	// A past date is refused next to the field; nothing is logged.
	d.newDue.allDay.SetChecked(false)
	d.newDue.date.SetText(fmtDateInput(time.Date(2026, 11, 20, 12, 0, 0, 0, time.Local)))
	d.newDue.clock.SetText("10:00")
	assert.True(t, d.fd.save.Disabled())
	assert.True(t, d.form.byKey("due").msg.Visible())
	d.send(true)
	assert.Empty(t, contactsAbout(t, tm, tm.silent.ID))
}

func TestFirstEmailCopyPutsTheTextOnTheClipboardAndLogsIt(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	mails := recordMail(u)
	u.openCustomer(tm.mueller.ID)
	test.Tap(u.customers.detail.introBtn)
	d := u.lastDraft
	require.NotNil(t, d)
	assert.Nil(t, d.talk, "no talking points for a first e-mail")
	assert.Equal(t, "Ihr Ansprechpartner bei uns: Anna Berg", d.subject.Text)
	test.Tap(d.copyBtn)
	assert.Empty(t, *mails)
	assert.Equal(t, d.body.Text, u.app.Clipboard().Content())
	items, _, err := tm.store.Timeline(tm.mueller.ID, "", 10)
	require.NoError(t, err)
	found := false
	for _, it := range items {
		if it.Type == data.ItemContact && it.Channel == "email" && it.Summary == "Ihr Ansprechpartner bei uns: Anna Berg" {
			found = true
		}
	}
	assert.True(t, found, "the e-mail is in the journal")
	assert.Contains(t, u.notify.label.Text, "The text is on the clipboard.")
}

func TestTooLongForMailtoOpensWithoutBodyAndCopiesTheText(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	mails := recordMail(u)
	u.showDraftDialog(data.DraftRequest{Kind: data.DraftCallback, CommitmentID: tm.silent.ID})
	d := u.lastDraft
	require.NotNil(t, d)
	long := d.body.Text + "\n" + strings.Repeat("Äußerst wichtiger Absatz über die Wartung.\n", 60)
	d.body.SetText(long)
	assert.Contains(t, d.hint.Text, "too long")
	test.Tap(d.fd.save)
	require.Len(t, *mails, 1)
	assert.LessOrEqual(t, len((*mails)[0]), data.MailtoLimit)
	assert.NotContains(t, (*mails)[0], "body=")
	assert.Equal(t, long, u.app.Clipboard().Content())
	assert.Contains(t, u.notify.label.Text, "paste it into the e-mail")
}

func TestNoMailProgramSaysSoAndCopiesTheText(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.openURL = func(string) error { return errors.New("xdg-open: not found") }
	u.showDraftDialog(data.DraftRequest{Kind: data.DraftIntro, CustomerID: tm.schulz.ID})
	d := u.lastDraft
	require.NotNil(t, d)
	assert.Equal(t, "No e-mail address on file — the mail program will ask for one.", d.to.Text)
	test.Tap(d.fd.save)
	assert.Equal(t, d.body.Text, u.app.Clipboard().Content())
	require.NotEmpty(t, u.dialogs, "a message says the mail program did not start")
	ks, _, err := tm.store.Timeline(tm.schulz.ID, "", 5)
	require.NoError(t, err)
	assert.Equal(t, data.ItemContact, ks[1].Type, "logged all the same (after the open promise)")
}
