package app

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// draftDialog is a ready message to a customer (issue 14): composed from
// the team's template in the customer's language, editable, and sent from
// the user's own mail program ("Open in e-mail") or copied. Either logs the
// e-mail in the journal in the same action — a delay notice as the delay
// notice of its promise, with the new date if one is given.
type draftDialog struct {
	u        *ui
	req      data.DraftRequest
	draft    data.Draft
	to       *widget.Label
	language *selectOf
	newDue   *dueInput
	subject  *entry
	body     *entry
	hint     *widget.Label
	rewrite  *widget.Button
	copyBtn  *widget.Button
	talk     *talkPane
	form     *form
	fd       *formDialog
	// composed is the text as last composed; edits differ from it.
	composed [2]string
	gen      int
}

// showDraftDialog composes the message off the UI thread and opens it.
func (u *ui) showDraftDialog(req data.DraftRequest) {
	st := u.store
	u.do(func() func() {
		d, err := st.Draft(req)
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.draftDialog(req, d)
		}
	})
}

// draftTitle names the dialog after what the message is.
func draftTitle(d data.Draft) string {
	m := map[string]any{"Customer": d.Customer}
	switch d.Kind {
	case data.DraftDelay:
		return lang.L("Delay notice to {{.Customer}}", m)
	case data.DraftCallback:
		return lang.L("Confirm the callback to {{.Customer}}", m)
	case data.DraftNotice:
		return lang.L("Notice to {{.Customer}}", m)
	}
	return lang.L("First e-mail to {{.Customer}}", m)
}

func (u *ui) draftDialog(req data.DraftRequest, dr data.Draft) *draftDialog {
	d := &draftDialog{u: u, req: req, draft: dr}
	d.to = widget.NewLabel("")
	d.to.Wrapping = fyne.TextWrapWord
	d.language = newSelectOf(data.Languages, languageName, nil)
	d.language.setValue(dr.Lang)
	d.language.OnChanged = func(string) { d.recompose() }
	d.subject = newEntry("")
	d.subject.ActionItem = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(d.subject.Text)
		u.notify.status(lang.L("The subject is on the clipboard."))
	})
	d.body = newMultiEntry("")
	d.body.SetMinRowsVisible(17)
	d.hint = widget.NewLabel("")
	d.hint.Wrapping = fyne.TextWrapWord
	d.hint.TextStyle.Italic = true
	d.rewrite = widget.NewButtonWithIcon(lang.L("Rewrite the text"), theme.ViewRefreshIcon(), func() {
		d.composed = [2]string{}
		d.recompose()
	})
	d.rewrite.Hide()

	// The text is what matters: the address and the language share a row,
	// so the whole message fits without scrolling.
	fields := []*field{
		newField(lang.L("To"), container.NewBorder(nil, nil, nil, d.language.Select, d.to), "to", "lang"),
	}
	if dr.Kind == data.DraftDelay {
		d.newDue = newDueInput(dr.NewDue, func() {})
		d.newDue.date.PlaceHolder = lang.L("{{.Format}} (optional)", map[string]any{"Format": datePlaceholder()})
		fields = append(fields, newField(lang.L("New date"), d.newDue.box, "due", "new_due", "at"))
	}
	fSubject := newField(lang.L("Subject"), d.subject, "subject", "summary")
	fields = append(fields, fSubject, newField(lang.L("Text"), container.NewVBox(d.body, d.rewrite), "body", "notes"))
	d.form = newForm(fields...)
	d.subject.OnChanged = func(string) { fSubject.touched = true; d.edited() }
	d.body.OnChanged = func(string) { d.edited() }
	if d.newDue != nil {
		fDue := d.form.byKey("due")
		changed := func() { fDue.touched = true; d.validate(); d.recompose() }
		d.newDue.date.OnChanged = func(string) { changed() }
		d.newDue.clock.OnChanged = func(string) { changed() }
		d.newDue.allDay.OnChanged = func(on bool) {
			if on {
				d.newDue.clock.Disable()
			} else {
				d.newDue.clock.Enable()
			}
			changed()
		}
	}

	content := container.NewVBox(d.form.box, d.hint)
	if dr.Kind == data.DraftDelay {
		// Told on the phone instead: the notice is logged as the call.
		phone := widget.NewButtonWithIcon(lang.L("Told them by phone instead…"), theme.VolumeUpIcon(), func() {
			d.fd.close()
			id := dr.CommitmentID
			u.showContactDialog(dr.CustomerID, &id, true)
		})
		content.Add(container.NewHBox(phone))
	}
	var body fyne.CanvasObject = content
	width := float32(640)
	if dr.Kind != data.DraftIntro {
		d.talk = newTalkPane()
		body = withTalk(content, d.talk)
		width += talkPaneWidth + 20
		u.loadTalk(d.talk, dr.CommitmentID, kindLabel(dr.PromiseKind))
	}
	d.fd = newFormDialog(u, draftTitle(dr), lang.L("Open in e-mail"), body, d.onOpen)
	d.fd.save.SetIcon(theme.MailSendIcon())
	d.copyBtn = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), d.onCopy)
	d.fd.setButtons(d.fd.cancel, d.copyBtn, d.fd.save)
	entries := []*entry{d.subject, d.body}
	if d.newDue != nil {
		entries = append(entries, d.newDue.date, d.newDue.clock)
	}
	d.fd.wire(entries...)
	d.show(dr, true)
	d.fd.fit(width)
	d.fd.show()
	u.win.Canvas().Focus(d.subject)
	u.lastDraft = d
	return d
}

// show puts a composed draft into the dialog; the text only when replace.
// UI thread.
func (d *draftDialog) show(dr data.Draft, replace bool) {
	d.draft = dr
	if dr.To != "" {
		d.to.SetText(dr.To)
		d.to.Importance = widget.MediumImportance
	} else {
		d.to.SetText(lang.L("No e-mail address on file — the mail program will ask for one."))
		d.to.Importance = widget.WarningImportance
	}
	d.to.Refresh()
	if replace {
		d.composed = [2]string{dr.Subject, dr.Body}
		d.subject.SetText(dr.Subject)
		d.body.SetText(dr.Body)
		d.rewrite.Hide()
	}
	d.validate()
}

// edited notes that the user changed the text: a new date or language
// then no longer overwrites it.
func (d *draftDialog) edited() {
	d.validate()
}

func (d *draftDialog) isEdited() bool {
	return d.composed != [2]string{} && (d.subject.Text != d.composed[0] || d.body.Text != d.composed[1])
}

// request is what to compose now: the chosen language and new date.
func (d *draftDialog) request() (data.DraftRequest, bool) {
	r := d.req
	r.Lang = d.language.value()
	r.NewDue = data.Due{}
	if d.newDue != nil && strings.TrimSpace(d.newDue.date.Text) != "" {
		due, msg := d.newDue.deadline(d.u.store.Loc, d.u.now())
		if msg != "" {
			return r, false
		}
		r.NewDue = due
	}
	return r, true
}

// recompose writes the message again for the chosen language and date;
// text the user edited is kept, and "Rewrite the text" offered instead.
func (d *draftDialog) recompose() {
	r, ok := d.request()
	if !ok || d.fd == nil {
		return
	}
	d.gen++
	gen := d.gen
	edited := d.isEdited()
	st := d.u.store
	d.u.do(func() func() {
		dr, err := st.Draft(r)
		return func() {
			if gen != d.gen || d.fd.closed {
				return
			}
			if err != nil {
				d.u.saveFailed(d.form, err)
				return
			}
			d.show(dr, !edited)
			if edited {
				d.rewrite.Show()
			}
			if d.talk != nil && d.language.value() != "" {
				d.u.loadTalk(d.talk, dr.CommitmentID, kindLabel(dr.PromiseKind))
			}
		}
	})
}

// validate checks the subject and the new date and says what the buttons
// will do.
func (d *draftDialog) validate() bool {
	if d.form == nil || d.fd == nil {
		return false
	}
	ok := true
	d.form.clearGeneral()
	fs := d.form.byKey("subject")
	if strings.TrimSpace(d.subject.Text) == "" {
		ok = false
		if fs.touched {
			fs.set(lang.L("The e-mail needs a subject"))
		}
	} else {
		fs.set("")
	}
	if d.newDue != nil {
		f := d.form.byKey("due")
		msg := ""
		if strings.TrimSpace(d.newDue.date.Text) != "" {
			_, msg = d.newDue.deadline(d.u.store.Loc, d.u.now())
		}
		if msg != "" {
			ok = false
		}
		if f.touched || msg == "" {
			f.set(msg)
		}
	}
	_, complete := data.MailtoFit(d.draft.To, d.subject.Text, d.body.Text)
	var hint []string
	switch d.draft.Kind {
	case data.DraftDelay:
		hint = append(hint, lang.L("“Open in e-mail” and “Copy” log this e-mail as the delay notice of the promise; a new date moves the promise in the same step."))
	case data.DraftNotice:
		hint = append(hint, lang.L("“Open in e-mail” and “Copy” log this e-mail and mark the customer as told."))
	default:
		hint = append(hint, lang.L("“Open in e-mail” and “Copy” log this e-mail in the customer's journal."))
	}
	if !complete {
		hint = append(hint, lang.L("The text is too long for the mail program's address: the e-mail opens with the subject only, and the text is put on the clipboard — paste it in."))
	}
	d.hint.SetText(strings.Join(hint, " "))
	if d.u.readOnly() {
		ok = false
		d.copyBtn.Disable()
	} else if ok {
		d.copyBtn.Enable()
	} else {
		d.copyBtn.Disable()
	}
	d.fd.setValid(ok)
	return ok
}

// sent is the message as it will be logged.
func (d *draftDialog) sent() data.SentDraft {
	sd := data.SentDraft{Draft: d.draft, UserID: d.u.me.ID, Subject: d.subject.Text, Body: d.body.Text}
	if r, ok := d.request(); ok {
		sd.NewDue = r.NewDue
	}
	return sd
}

// onOpen logs the e-mail and hands it to the mail program.
func (d *draftDialog) onOpen() { d.send(true) }

// onCopy logs the e-mail and puts its text on the clipboard.
func (d *draftDialog) onCopy() { d.send(false) }

func (d *draftDialog) send(open bool) {
	for _, f := range d.form.fields {
		f.touched = true
	}
	if !d.validate() {
		return
	}
	sd := d.sent()
	st := d.u.store
	mailto, complete := data.MailtoFit(sd.Draft.To, sd.Subject, sd.Body)
	d.fd.run(func() error {
		_, err := st.SendDraft(sd)
		return err
	}, func(err error) {
		if err != nil {
			d.u.saveFailed(d.form, err)
			return
		}
		d.fd.close()
		d.u.changed()
		logged := lang.L("Logged as an e-mail to {{.Customer}}.", map[string]any{"Customer": sd.Draft.Customer})
		if sd.Draft.Kind == data.DraftDelay {
			logged = lang.L("Logged as the delay notice to {{.Customer}}.", map[string]any{"Customer": sd.Draft.Customer})
		}
		if !open || !complete {
			d.u.app.Clipboard().SetContent(sd.Body)
		}
		if !open {
			d.u.notify.status(logged + " " + lang.L("The text is on the clipboard."))
			return
		}
		if complete {
			d.u.notify.status(logged + " " + lang.L("The e-mail is open in your mail program."))
		} else {
			d.u.notify.status(logged + " " + lang.L("The text is on the clipboard: paste it into the e-mail."))
		}
		d.u.openMail(mailto, sd.Body)
	})
}

// openMail hands a mailto: address to the mail program, off the UI thread
// (on Windows the call waits for the program to start). When that fails,
// the text goes to the clipboard and the user is told.
func (u *ui) openMail(mailto, body string) {
	open := u.openURL
	if open == nil {
		open = func(s string) error {
			p, err := url.Parse(s)
			if err != nil {
				return err
			}
			return u.app.OpenURL(p)
		}
	}
	u.do(func() func() {
		err := open(mailto)
		if err == nil {
			return nil
		}
		return func() {
			u.app.Clipboard().SetContent(body)
			u.showMessage(lang.L("No mail program started"), lang.L("Zusage could not start your mail program ({{.Err}}). The e-mail is logged; its text is on the clipboard — paste it into a new e-mail.", map[string]any{"Err": err.Error()}))
		}
	})
}

// languageName is the name of a customer language in the UI.
func languageName(l string) string {
	switch l {
	case data.LangDE:
		return "Deutsch"
	case data.LangEN:
		return "English"
	}
	return l
}
