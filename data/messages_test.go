package data

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// draftWorld is a fixture with one promise of every kind a message is about
// and internal text everywhere a careless composer could pick it up.
type draftWorld struct {
	*fixture
	answer, callback, inform Commitment
	notice                   Notice
}

const secret = "INTERN-GEHEIM"

func newDraftWorld(t *testing.T) *draftWorld {
	t.Helper()
	f := newFixture(t)
	w := &draftWorld{fixture: f}
	cu := f.cust
	cu.Notes = "Zahlt schlecht " + secret
	var err error
	f.cust, err = f.s.UpdateCustomer(cu, f.anna.ID)
	require.NoError(t, err)
	w.answer, err = f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindAnswer,
		Title: "Preisfrage X200 & Rabatt?", Details: "Chef fragen " + secret, Due: DayDue(2026, 11, 27, berlin),
		Estimate: DayDue(2026, 12, 2, berlin)})
	require.NoError(t, err)
	w.answer, err = f.s.Reschedule(w.answer.ID, w.answer.Version, f.anna.ID, DayDue(2026, 11, 30, berlin), "Lieferant trödelt "+secret, ToldCustomer)
	require.NoError(t, err)
	w.callback, err = f.s.Promise(NewCommitment{CustomerID: f.cust.ID, ByID: f.anna.ID, Kind: KindCallback,
		Title: "Rückruf zur Wartung", Details: secret, Due: Due{At: time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)}})
	require.NoError(t, err)
	_, err = f.s.LogContact(NewContact{CustomerID: f.cust.ID, UserID: f.anna.ID, Channel: "phone", Summary: "Telefonat", Notes: secret})
	require.NoError(t, err)
	p, err := f.s.AddProduct("Pumpe X200")
	require.NoError(t, err)
	_, err = f.s.AddPurchase(NewPurchase{CustomerID: f.cust.ID, ProductID: p.ID, Date: "2026-03-01", Lot: "L14"})
	require.NoError(t, err)
	_, err = f.s.AddPurchase(NewPurchase{CustomerID: f.cust.ID, ProductID: p.ID, Date: "2025-03-01", Lot: "L02"})
	require.NoError(t, err)
	var made []Commitment
	w.notice, made, err = f.s.CreateNotice(NewNotice{ProductID: p.ID, Title: "Dichtung kann undicht werden", Lot: "L10-L20",
		Description: "Bitte Sichtprüfung; Austauschdichtungen sind kostenlos.", Risk: "Ausfall " + secret, ByID: f.anna.ID, DueDays: 3})
	require.NoError(t, err)
	require.Len(t, made, 1)
	w.inform = made[0]
	return w
}

func (w *draftWorld) request(kind DraftKind) DraftRequest {
	switch kind {
	case DraftDelay:
		return DraftRequest{Kind: kind, CommitmentID: w.answer.ID}
	case DraftCallback:
		return DraftRequest{Kind: kind, CommitmentID: w.callback.ID}
	case DraftNotice:
		return DraftRequest{Kind: kind, CommitmentID: w.inform.ID}
	}
	return DraftRequest{Kind: kind, CustomerID: w.cust.ID}
}

func TestEveryDraftNamesTheOwnerAndLeavesInternalNotesOut(t *testing.T) {
	w := newDraftWorld(t)
	for _, kind := range DraftKinds {
		for _, lang := range Languages {
			r := w.request(kind)
			r.Lang = lang
			d, err := w.s.Draft(r)
			require.NoError(t, err, "%s %s", kind, lang)
			all := d.Subject + "\n" + d.Body
			assert.Contains(t, d.Body, "Anna Berg", "%s %s", kind, lang)
			assert.Contains(t, d.Body, "+49 30 1234-56", "%s %s: direct line", kind, lang)
			assert.Contains(t, d.Body, "anna@example.de", "%s %s", kind, lang)
			assert.NotContains(t, all, secret, "%s %s", kind, lang)
			assert.NotContains(t, all, "{", "%s %s: every placeholder filled", kind, lang)
			assert.Equal(t, "info@mueller.de", d.To)
			assert.Equal(t, lang, d.Lang)
			assert.True(t, d.MailtoComplete, "%s %s: the default texts fit a mailto: address (%d)", kind, lang, len(d.Mailto))
			assert.LessOrEqual(t, len(d.Mailto), MailtoLimit)
		}
	}
}

func TestDraftSaysWhatWasPromisedAndTheNewDate(t *testing.T) {
	w := newDraftWorld(t)
	r := w.request(DraftDelay)
	r.NewDue = DayDue(2026, 12, 4, berlin)
	d, err := w.s.Draft(r)
	require.NoError(t, err)
	assert.Equal(t, LangDE, d.Lang, "the team's default language")
	assert.Equal(t, "Zwischenstand: Preisfrage X200 & Rabatt?", d.Subject)
	assert.Contains(t, d.Body, "Guten Tag Müller Haustechnik GmbH,")
	assert.Contains(t, d.Body, "für Montag, 30. November 2026 zugesagt: Preisfrage X200 & Rabatt? Diesen Termin", "no full stop after the question mark")
	assert.Contains(t, d.Body, "Neuer Termin: Freitag, 4. Dezember 2026.")
	assert.NotContains(t, d.Body, "noch nicht sicher nennen", "with a new date, the no-date line is left out")
	assert.NotContains(t, d.Body, "\n\n\n")

	r.NewDue = Due{}
	r.Lang = LangEN
	d, err = w.s.Draft(r)
	require.NoError(t, err)
	assert.Contains(t, d.Body, "I promised you this for Monday, 30 November 2026: Preisfrage X200 & Rabatt?")
	assert.Contains(t, d.Body, "I can't give you a reliable new date yet.")
	assert.NotContains(t, d.Body, "The new date is")

	cb, err := w.s.Draft(DraftRequest{Kind: DraftCallback, CommitmentID: w.callback.ID})
	require.NoError(t, err)
	assert.Equal(t, "Unser Telefonat am Donnerstag, 26. November 2026, 10:00 Uhr", cb.Subject)

	n, err := w.s.Draft(DraftRequest{Kind: DraftNotice, CommitmentID: w.inform.ID, Lang: LangEN})
	require.NoError(t, err)
	assert.Contains(t, n.Body, "Your lots: L14\n", "only the lots the notice names")
	assert.Contains(t, n.Body, "Bitte Sichtprüfung")
}

func TestDraftFollowsTheCustomersLanguageThenTheTeams(t *testing.T) {
	w := newDraftWorld(t)
	d, err := w.s.Draft(DraftRequest{Kind: DraftIntro, CustomerID: w.cust.ID})
	require.NoError(t, err)
	assert.Equal(t, LangDE, d.Lang)

	set, err := w.s.Settings()
	require.NoError(t, err)
	set.CustomerLanguage = LangEN
	require.NoError(t, w.s.SaveSettings(set))
	d, err = w.s.Draft(DraftRequest{Kind: DraftIntro, CustomerID: w.cust.ID})
	require.NoError(t, err)
	assert.Equal(t, LangEN, d.Lang)
	assert.Equal(t, "Your contact with us: Anna Berg", d.Subject)

	cu := w.cust
	cu.Language = "DE "
	cu, err = w.s.UpdateCustomer(cu, w.anna.ID)
	require.NoError(t, err)
	assert.Equal(t, LangDE, cu.Language, "normalised")
	d, err = w.s.Draft(DraftRequest{Kind: DraftIntro, CustomerID: w.cust.ID})
	require.NoError(t, err)
	assert.Equal(t, LangDE, d.Lang, "the customer's own language wins")

	cu.Language = "fr"
	_, err = w.s.UpdateCustomer(cu, w.anna.ID)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "language", ve.Field)
	_, err = w.s.AddCustomer(NewCustomer{Name: "X", OwnerID: w.anna.ID, Language: "es"})
	assert.ErrorAs(t, err, &ve)
	set.CustomerLanguage = ""
	assert.Error(t, w.s.SaveSettings(set), "the team default is a language")
}

func TestDraftRefusesWhatItCannotBeAbout(t *testing.T) {
	w := newDraftWorld(t)
	var ve *ValidationError
	_, err := w.s.Draft(DraftRequest{Kind: DraftCallback, CommitmentID: w.answer.ID})
	assert.ErrorAs(t, err, &ve, "an answer is no callback")
	_, err = w.s.Draft(DraftRequest{Kind: DraftNotice, CommitmentID: w.answer.ID})
	assert.ErrorAs(t, err, &ve, "not a notice's promise")
	_, err = w.s.Draft(DraftRequest{Kind: DraftDelay, CustomerID: w.cust.ID})
	assert.ErrorAs(t, err, &ve, "a delay is about a promise")
	_, err = w.s.Draft(DraftRequest{Kind: "letter", CustomerID: w.cust.ID})
	assert.ErrorAs(t, err, &ve)
	_, err = w.s.Draft(DraftRequest{Kind: DraftIntro, CustomerID: w.cust.ID, Lang: "fr"})
	assert.ErrorAs(t, err, &ve)
	_, err = w.s.Draft(DraftRequest{Kind: DraftDelay, CommitmentID: 999})
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestMailtoRoundTripsSubjectAndBody(t *testing.T) {
	subject := "Zwischenstand: Prüfung & Rückfrage? #12 100% + mehr"
	body := "Guten Tag Frau Müller,\n\nÄnderung: Größe ß & Co.? #3 = 50%+\nZeile 2\r\nZeile 3 — “Zitat”"
	m := Mailto("anna+vertrieb@example.de", subject, body)
	assert.NotContains(t, m, " ")
	assert.NotContains(t, m, "\n")
	assert.Contains(t, m, "%0D%0A", "line breaks as CRLF")
	assert.Equal(t, strings.Count(m, "%0A"), strings.Count(m, "%0D%0A"), "every line break is CRLF")
	assert.Contains(t, m, "%C3%BC", "UTF-8 percent-encoded")
	u, err := url.Parse(m)
	require.NoError(t, err)
	assert.Equal(t, "mailto", u.Scheme)
	assert.Equal(t, "anna%2Bvertrieb@example.de", u.Opaque)
	to, err := url.PathUnescape(u.Opaque)
	require.NoError(t, err)
	assert.Equal(t, "anna+vertrieb@example.de", to)
	q, err := url.ParseQuery(u.RawQuery)
	require.NoError(t, err)
	assert.Equal(t, subject, q.Get("subject"))
	assert.Equal(t, strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n"), q.Get("body"))
	assert.Len(t, q, 2, "nothing in the text starts another field")

	// No recipient on file: the mail program asks.
	assert.Equal(t, "mailto:?subject=Hallo", Mailto("", "Hallo", ""))
}

func TestMailtoTooLongLeavesTheBodyOut(t *testing.T) {
	body := strings.Repeat("Äußerst wichtige Zeile mit Umlauten.\n", 80)
	m, complete := MailtoFit("info@mueller.de", "Betreff", body)
	assert.False(t, complete)
	assert.LessOrEqual(t, len(m), MailtoLimit)
	u, err := url.Parse(m)
	require.NoError(t, err)
	q, _ := url.ParseQuery(u.RawQuery)
	assert.Equal(t, "Betreff", q.Get("subject"))
	assert.Empty(t, q.Get("body"), "never half a message")

	m, complete = MailtoFit("info@mueller.de", "Betreff", "kurz")
	assert.True(t, complete)
	assert.Equal(t, Mailto("info@mueller.de", "Betreff", "kurz"), m)
}

func TestSendingADelayDraftLogsExactlyOneDelayNotice(t *testing.T) {
	w := newDraftWorld(t)
	r := w.request(DraftDelay)
	r.NewDue = DayDue(2026, 12, 4, berlin)
	d, err := w.s.Draft(r)
	require.NoError(t, err)
	var before int64
	require.NoError(t, w.s.db.Model(&Contact{}).Count(&before).Error)
	k, err := w.s.SendDraft(SentDraft{Draft: d, UserID: w.anna.ID, Subject: d.Subject, Body: d.Body + "\nPS", NewDue: r.NewDue})
	require.NoError(t, err)
	var after, notices int64
	require.NoError(t, w.s.db.Model(&Contact{}).Count(&after).Error)
	require.NoError(t, w.s.db.Model(&Contact{}).Where("commitment_id = ? AND delay_notice = 1", w.answer.ID).Count(&notices).Error)
	assert.Equal(t, before+1, after, "one contact")
	assert.Equal(t, int64(1), notices, "exactly one delay notice")
	assert.Equal(t, "email", k.Channel)
	assert.Equal(t, DirOut, k.Direction)
	assert.Equal(t, d.Subject, k.Summary)
	assert.True(t, strings.HasSuffix(k.Notes, "\nPS"), "the text as sent is in the notes")
	c, err := w.s.Commitment(w.answer.ID)
	require.NoError(t, err)
	assert.Equal(t, "2026-12-04", c.DueDate, "the new date moved the promise in the same step")
	evs, err := w.s.Events(w.answer.ID)
	require.NoError(t, err)
	informed := 0
	for _, e := range evs {
		if e.Type == EventInformed {
			informed++
		}
	}
	assert.Equal(t, 1, informed)
}

func TestSendingANoticeDraftMarksTheCustomerTold(t *testing.T) {
	w := newDraftWorld(t)
	d, err := w.s.Draft(w.request(DraftNotice))
	require.NoError(t, err)
	_, err = w.s.SendDraft(SentDraft{Draft: d, UserID: w.anna.ID, Subject: d.Subject, Body: d.Body})
	require.NoError(t, err)
	c, err := w.s.Commitment(w.inform.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusDone, c.Status)

	d, err = w.s.Draft(w.request(DraftIntro))
	require.NoError(t, err)
	k, err := w.s.SendDraft(SentDraft{Draft: d, UserID: w.anna.ID, Subject: d.Subject, Body: d.Body})
	require.NoError(t, err)
	assert.Nil(t, k.CommitmentID)
	_, err = w.s.SendDraft(SentDraft{Draft: d, UserID: w.anna.ID, Subject: " ", Body: d.Body})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "subject", ve.Field)
}

func TestTemplatePlaceholdersAreChecked(t *testing.T) {
	sig := "\n{owner}\n{owner_phone}\n{owner_email}"
	codes := func(ps []TemplateProblem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Field+":"+string(p.Code)+":"+p.Name)
		}
		return out
	}
	cases := []struct {
		name          string
		kind          DraftKind
		subject, body string
		want          []string
	}{
		{"fine", DraftDelay, "Zwischenstand: {zusage}", "Hallo {kunde}, neu: {neuer_termin}" + sig, nil},
		{"German names", DraftDelay, "{Zusage}", "{ kunde }\n{betreuer}\n{durchwahl}\n{betreuer_email}", nil},
		{"unknown", DraftIntro, "Hallo", "Hallo {kundin}" + sig, []string{"body:unknown:kundin"}},
		{"not in this kind", DraftIntro, "{promise}", "Hallo" + sig, []string{"subject:not_available:promise"}},
		{"unclosed", DraftDelay, "Hallo", "Hallo {kunde" + sig, []string{"body:unclosed:"}},
		{"escaped braces", DraftDelay, "a {{b}}", "x {{y}}" + sig, nil},
		{"missing owner", DraftCallback, "Hallo", "Hallo {owner} {owner_email}", []string{"body:missing:owner_phone"}},
		{"missing, said in German", DraftCallback, "Hallo", "Hallo {kunde} {betreuer}", []string{"body:missing:durchwahl", "body:missing:betreuer_email"}},
		{"empty", DraftIntro, " ", sig, []string{"subject:empty:"}},
		{"subject one line", DraftIntro, "a\nb", "x" + sig, []string{"subject:newline:"}},
		{"too long", DraftIntro, strings.Repeat("x", MaxSubjectRunes+1), "x" + sig, []string{"subject:too_long:"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, codes(CheckTemplate(c.kind, c.subject, c.body)), c.name)
	}
	for _, k := range DraftKinds {
		for _, l := range Languages {
			d := DefaultTemplate(k, l)
			assert.Empty(t, CheckTemplate(k, d.Subject, d.Body), "default %s %s", k, l)
		}
	}
}

func TestSaveTemplateValidatesAndLocks(t *testing.T) {
	w := newDraftWorld(t)
	tpl, err := w.s.Template(DraftIntro, LangDE)
	require.NoError(t, err)
	assert.True(t, tpl.Default())

	bad := tpl
	bad.Body = "Hallo {kunde}, ich bin {betreuer}."
	_, err = w.s.SaveTemplate(bad, w.anna.ID)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "body", ve.Field)

	tpl.Subject = "Ihr Ansprechpartner: {betreuer}"
	saved, err := w.s.SaveTemplate(tpl, w.anna.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, saved.Version)
	assert.Equal(t, w.anna.ID, saved.UpdatedBy)
	_, err = w.s.SaveTemplate(tpl, w.ben.ID)
	assert.True(t, errors.Is(err, ErrConflict), "a second desktop saving over the default")

	d, err := w.s.Draft(DraftRequest{Kind: DraftIntro, CustomerID: w.cust.ID})
	require.NoError(t, err)
	assert.Equal(t, "Ihr Ansprechpartner: Anna Berg", d.Subject, "drafts use the team's text")
	all, err := w.s.Templates()
	require.NoError(t, err)
	assert.Len(t, all, len(DraftKinds)*len(Languages))
}

func TestComposeLeavesOutLinesWithoutValue(t *testing.T) {
	f := DraftFacts{Kind: DraftIntro, Lang: LangDE, Customer: "Frau Weber", Owner: "Ben Krüger", OwnerEmail: "ben@example.de"}
	sub, body := Compose("Hallo {firma}{kunde}", "Hallo {kunde},\n\nDurchwahl: {durchwahl}\nE-Mail: {betreuer_email}\n\n\nGruß", f)
	assert.Equal(t, "Hallo Frau Weber", sub)
	assert.Equal(t, "Hallo Frau Weber,\n\nE-Mail: ben@example.de\n\nGruß", body)
}

func TestLongDue(t *testing.T) {
	assert.Equal(t, "Donnerstag, 3. Dezember 2026", LongDue(DayDue(2026, 12, 3, berlin), LangDE, berlin))
	assert.Equal(t, "Thursday, 3 December 2026, 09:30", LongDue(Due{At: time.Date(2026, 12, 3, 8, 30, 0, 0, time.UTC)}, LangEN, berlin))
}

func TestTalkingPointsPreferTheNoticeAndTheCustomersLanguage(t *testing.T) {
	w := newDraftWorld(t)
	tp, err := w.s.TalkingPointsFor(KindInform, w.notice.ID, LangDE)
	require.NoError(t, err)
	assert.Empty(t, tp.Text, "none written yet")

	save := func(kind string, notice uint, lang, text string) TalkingPoints {
		cur, err := w.s.TalkingPointsOf(TalkScope{Kind: kind, NoticeID: notice}, lang)
		require.NoError(t, err)
		cur.Text = text
		out, err := w.s.SaveTalkingPoints(cur, w.anna.ID)
		require.NoError(t, err)
		return out
	}
	save(KindInform, 0, LangEN, "inform en")
	tp, err = w.s.TalkingPointsFor(KindInform, w.notice.ID, LangDE)
	require.NoError(t, err)
	assert.Equal(t, "inform en", tp.Text, "the other language rather than nothing")
	save(KindInform, 0, LangDE, "inform de")
	save("", w.notice.ID, LangEN, "notice en")
	tp, err = w.s.TalkingPointsFor(KindInform, w.notice.ID, LangDE)
	require.NoError(t, err)
	assert.Equal(t, "notice en", tp.Text, "the notice's own points first")
	save("", w.notice.ID, LangDE, "notice de")
	tp, err = w.s.TalkingPointsFor(KindInform, w.notice.ID, LangDE)
	require.NoError(t, err)
	assert.Equal(t, "notice de", tp.Text)
	tp, err = w.s.TalkingPointsFor(KindInform, 0, LangDE)
	require.NoError(t, err)
	assert.Equal(t, "inform de", tp.Text)

	stale := TalkingPoints{Kind: KindInform, Lang: LangDE, Text: "x"}
	_, err = w.s.SaveTalkingPoints(stale, w.ben.ID)
	assert.ErrorIs(t, err, ErrConflict)
	_, err = w.s.SaveTalkingPoints(TalkingPoints{Kind: "gossip", Lang: LangDE}, w.ben.ID)
	var ve *ValidationError
	assert.ErrorAs(t, err, &ve)
	_, err = w.s.SaveTalkingPoints(TalkingPoints{NoticeID: 999, Lang: LangDE}, w.ben.ID)
	assert.ErrorAs(t, err, &ve)
	all, err := w.s.AllTalkingPoints()
	require.NoError(t, err)
	assert.Len(t, all, 4)
}

func TestParseTalk(t *testing.T) {
	got := ParseTalk("Zuerst: sagen, wo es steht.\n\n**Wann kommt es?**\n- Ehrlich: Termin nennen\n* zweiter Punkt\n  • dritter\n")
	assert.Equal(t, []TalkBlock{
		{Text: "Zuerst: sagen, wo es steht."},
		{Text: "**Wann kommt es?**"},
		{Bullet: true, Text: "Ehrlich: Termin nennen"},
		{Bullet: true, Text: "zweiter Punkt"},
		{Bullet: true, Text: "dritter"},
	}, got)
}

func TestTalkingPointsAboutAPromiseUseItsCustomersLanguage(t *testing.T) {
	w := newDraftWorld(t)
	for _, l := range Languages {
		_, err := w.s.SaveTalkingPoints(TalkingPoints{Kind: KindAnswer, Lang: l, Text: "answer " + l}, w.anna.ID)
		require.NoError(t, err)
	}
	tp, err := w.s.TalkingPointsAbout(w.answer.ID)
	require.NoError(t, err)
	assert.Equal(t, "answer de", tp.Text)
	cu := w.cust
	cu.Language = LangEN
	_, err = w.s.UpdateCustomer(cu, w.anna.ID)
	require.NoError(t, err)
	tp, err = w.s.TalkingPointsAbout(w.answer.ID)
	require.NoError(t, err)
	assert.Equal(t, "answer en", tp.Text)
	card, err := w.s.Card(w.cust.ID)
	require.NoError(t, err)
	assert.Equal(t, LangEN, card.Language)
}

func TestSampleFactsFillEveryDefaultTemplate(t *testing.T) {
	owner := User{Name: "Anna Berg", Phone: "+49 30 1", Email: "anna@example.de"}
	for _, k := range DraftKinds {
		for _, l := range Languages {
			tpl := DefaultTemplate(k, l)
			sub, body := Compose(tpl.Subject, tpl.Body, SampleFacts(k, l, owner, time.Date(2026, 11, 24, 9, 0, 0, 0, berlin), berlin))
			assert.NotContains(t, sub+body, "{", "%s %s", k, l)
			assert.Contains(t, body, "+49 30 1", "%s %s", k, l)
			assert.NotEmpty(t, sub)
		}
	}
}

func TestDelayDraftAnnouncesAMoveTheCustomerHasNotHeardOf(t *testing.T) {
	w := newDraftWorld(t)
	// Moved inside the team, the customer not told: they still expect 30 Nov.
	c, err := w.s.Reschedule(w.answer.ID, 0, w.anna.ID, DayDue(2026, 12, 3, berlin), "Prüfung dauert", ToldNotYet)
	require.NoError(t, err)
	require.True(t, c.Untold())
	d, err := w.s.Draft(DraftRequest{Kind: DraftDelay, CommitmentID: c.ID})
	require.NoError(t, err)
	assert.Contains(t, d.Body, "für Montag, 30. November 2026 zugesagt", "what the customer heard")
	assert.Contains(t, d.Body, "Neuer Termin: Donnerstag, 3. Dezember 2026.", "the deadline they have not heard of")
	assert.Equal(t, "2026-12-03", d.NewDue.Date())

	_, err = w.s.SendDraft(SentDraft{Draft: d, UserID: w.anna.ID, Subject: d.Subject, Body: d.Body, NewDue: d.NewDue})
	require.NoError(t, err)
	c, err = w.s.Commitment(c.ID)
	require.NoError(t, err)
	assert.False(t, c.Untold(), "the delay notice makes the date the customer heard the deadline")
	assert.Equal(t, "2026-12-03", c.DueDate, "and moves nothing")
	evs, err := w.s.Events(c.ID)
	require.NoError(t, err)
	moves := 0
	for _, e := range evs {
		if e.Type == EventRescheduled {
			moves++
		}
	}
	assert.Equal(t, 2, moves, "no third reschedule to the same date")
	assert.Nil(t, w.warningFor(t, w.now, c.ID), "neither untold nor silent")
	d, err = w.s.Draft(DraftRequest{Kind: DraftDelay, CommitmentID: c.ID})
	require.NoError(t, err)
	assert.Contains(t, d.Body, "für Donnerstag, 3. Dezember 2026 zugesagt")
	assert.True(t, d.NewDue.IsZero())
}
