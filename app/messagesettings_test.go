package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zusage/zusage/data"
)

func TestTemplateEditorChecksPlaceholdersAsYouTypeAndPreviews(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	e := u.settings.templates
	e.kind.setValue(string(data.DraftCallback))
	e.language.setValue(data.LangDE)
	assert.Equal(t, data.DefaultTemplate(data.DraftCallback, data.LangDE).Body, e.body.Text)
	assert.True(t, e.save.Disabled(), "nothing to save")
	assert.Contains(t, e.names.Text, "{durchwahl} — their direct line")
	assert.Contains(t, e.preview.Text, "Anna Berg", "the preview is signed by me")
	assert.Contains(t, e.previewS.Text, "Unser Telefonat am ")

	test.Type(e.body, " {kundin} {neuer_termin}")
	assert.True(t, e.problems.Visible())
	assert.Contains(t, e.problems.Text, "Text: {kundin} is not a placeholder")
	assert.Contains(t, e.problems.Text, "Text: {neuer_termin} has no value in this kind of message.")
	assert.True(t, e.save.Disabled())

	e.body.SetText("Guten Tag {kunde}, bis gleich. {betreuer}")
	assert.Contains(t, e.problems.Text, "{durchwahl} is missing")
	assert.Contains(t, e.problems.Text, "{betreuer_email} is missing")
	e.body.SetText("Guten Tag {kunde}, bis {termin}.\n{betreuer}\nDurchwahl: {durchwahl}\n{betreuer_email}")
	assert.False(t, e.problems.Visible())
	assert.Contains(t, e.preview.Text, "Guten Tag Sabine Beispiel, bis ")
	assert.Contains(t, e.preview.Text, "Durchwahl: +49 30 1234-56")
	assert.False(t, e.save.Disabled())

	// Switching away and back keeps the unsaved edit.
	e.kind.setValue(string(data.DraftIntro))
	assert.Equal(t, data.DefaultTemplate(data.DraftIntro, data.LangDE).Body, e.body.Text)
	e.kind.setValue(string(data.DraftCallback))
	assert.Contains(t, e.body.Text, "bis {termin}.")

	test.Tap(e.save)
	assert.Equal(t, "Saved for the whole team.", e.saved.Text)
	saved, err := tm.store.Template(data.DraftCallback, data.LangDE)
	require.NoError(t, err)
	assert.Equal(t, 1, saved.Version)
	d, err := tm.store.Draft(data.DraftRequest{Kind: data.DraftCallback, CommitmentID: tm.silent.ID})
	require.NoError(t, err)
	assert.Contains(t, d.Body, "Guten Tag Müller Haustechnik GmbH, bis Sonntag")

	test.Tap(e.reset)
	assert.Equal(t, data.DefaultTemplate(data.DraftCallback, data.LangDE).Body, e.body.Text)
	assert.False(t, e.save.Disabled(), "the built-in text can be saved back")
}

func TestTalkEditorSavesAndShowsBesideTheContactDialog(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("settings")
	e := u.settings.talk
	for i, sc := range e.scopes {
		if sc.Kind == data.KindCallback {
			e.scope.SetSelectedIndex(i)
		}
	}
	e.language.setValue(data.LangDE)
	test.Type(e.text, "**Zuerst sagen**\nDen vereinbarten Termin nennen.\n- Sofort entschuldigen\n- Neuen Termin eintragen")
	require.Len(t, e.preview.Segments, 5, "two paragraphs with their line ends, one list")
	assert.False(t, e.save.Disabled())
	test.Tap(e.save)
	assert.Equal(t, "Saved for the whole team.", e.saved.Text)

	u.showContactDialog(tm.mueller.ID, &tm.silent.ID, false)
	d := u.lastContact
	require.NotNil(t, d)
	assert.Contains(t, d.talk.shown.Text, "Sofort entschuldigen", "beside the log-contact dialog")
	d.about.SetSelectedIndex(0)
	assert.Empty(t, d.talk.shown.Text)
	assert.Contains(t, d.talk.empty.Text, "Choose the promise")
}

func TestTeamLanguageAndCustomerLanguage(t *testing.T) {
	tm := newTeam(t)
	u := newTestUI(t, tm)
	u.show("settings")
	s := u.settings
	assert.Equal(t, "Deutsch", s.teamLang.Selected)
	s.teamLang.setValue(data.LangEN)
	test.Tap(s.saveTeam)
	set, err := tm.store.Settings()
	require.NoError(t, err)
	assert.Equal(t, data.LangEN, set.CustomerLanguage)

	c := tm.mueller
	u.showCustomerDialog(&c)
	d := u.lastCustomer
	require.NotNil(t, d)
	assert.Equal(t, "Team default (English)", d.language.Selected)
	d.language.setValue(data.LangDE)
	test.Tap(d.fd.save)
	got, err := tm.store.Customer(tm.mueller.ID)
	require.NoError(t, err)
	assert.Equal(t, data.LangDE, got.Language)
	v := u.customers.detail
	require.NotNil(t, v)
	assert.Contains(t, v.contact.Text, "Writes in: Deutsch")
	u.openCustomer(tm.schulz.ID)
	assert.Contains(t, u.customers.detail.contact.Text, "Writes in: English (team default)")
}

func TestNoticeScreenShowsTheNoticesTalkingPointsAndWritesTheEmail(t *testing.T) {
	tm := newTeam(t)
	p, err := tm.store.AddProduct("Pumpe X200")
	require.NoError(t, err)
	_, err = tm.store.AddPurchase(data.NewPurchase{CustomerID: tm.mueller.ID, ProductID: p.ID, Lot: "L14"})
	require.NoError(t, err)
	n, made, err := tm.store.CreateNotice(data.NewNotice{ProductID: p.ID, Title: "Dichtung kann undicht werden", ByID: tm.anna.ID, DueDays: 3})
	require.NoError(t, err)
	_, err = tm.store.SaveTalkingPoints(data.TalkingPoints{NoticeID: n.ID, Lang: data.LangEN, Text: "Say first: your lot is affected."}, tm.anna.ID)
	require.NoError(t, err)
	u := newTestUI(t, tm)
	mails := recordMail(u)
	u.show("notices")
	s := u.screens["notices"].(*noticesScreen)
	assert.Equal(t, "Say first: your lot is affected.", s.talk.shown.Text, "on the notice screen")
	require.Len(t, s.entries, 1)
	o := s.createEntry()
	s.updateEntry(0, o)
	test.Tap(o.(*cell).data.(*noticeEntryT).mail)
	d := u.lastDraft
	require.NotNil(t, d)
	assert.Equal(t, "Wichtige Information zu Pumpe X200", d.subject.Text)
	assert.Contains(t, d.body.Text, "Ihre Chargen: L14")
	test.Tap(d.fd.save)
	require.Len(t, *mails, 1)
	c, err := tm.store.Commitment(made[0].ID)
	require.NoError(t, err)
	assert.Equal(t, data.StatusDone, c.Status, "the customer is told")
}
