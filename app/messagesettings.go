package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// templateEditor is the Settings part where the team writes its ready
// messages: one text per kind and language, placeholders checked as you
// type, and a preview with made-up facts.
type templateEditor struct {
	u        *ui
	kind     *selectOf
	language *selectOf
	subject  *entry
	body     *entry
	problems *widget.Label
	names    *widget.Label
	preview  *widget.Label
	previewS *widget.Label
	save     *widget.Button
	reset    *widget.Button
	saved    *widget.Label
	box      *fyne.Container
	// stored are the texts as loaded; edits keeps unsaved edits per kind
	// and language, so switching back and forth loses nothing.
	stored   map[string]data.MessageTemplate
	edits    map[string][2]string
	loading  bool
	shownKey string
}

func tplKey(k data.DraftKind, l string) string { return string(k) + "/" + l }

// draftKindLabel names a kind of ready message.
func draftKindLabel(k string) string {
	switch data.DraftKind(k) {
	case data.DraftDelay:
		return lang.L("Delay notice")
	case data.DraftIntro:
		return lang.L("First e-mail (intro)")
	case data.DraftCallback:
		return lang.L("Callback confirmation")
	case data.DraftNotice:
		return lang.L("Product notice")
	}
	return k
}

func newTemplateEditor(u *ui) *templateEditor {
	e := &templateEditor{u: u, stored: map[string]data.MessageTemplate{}, edits: map[string][2]string{}}
	kinds := make([]string, len(data.DraftKinds))
	for i, k := range data.DraftKinds {
		kinds[i] = string(k)
	}
	e.kind = newSelectOf(kinds, draftKindLabel, nil)
	e.language = newSelectOf(data.Languages, languageName, nil)
	e.kind.SetSelectedIndex(0)
	e.language.SetSelectedIndex(0)
	e.kind.OnChanged = func(string) { e.showSelected() }
	e.language.OnChanged = func(string) { e.showSelected() }
	e.subject = newEntry("")
	e.body = newMultiEntry("")
	e.body.SetMinRowsVisible(16)
	e.subject.OnChanged = func(string) { e.changed() }
	e.body.OnChanged = func(string) { e.changed() }
	e.problems = widget.NewLabel("")
	e.problems.Importance = widget.DangerImportance
	e.problems.Wrapping = fyne.TextWrapWord
	e.names = widget.NewLabel("")
	e.names.Wrapping = fyne.TextWrapWord
	e.previewS = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.previewS.Wrapping = fyne.TextWrapWord
	e.preview = widget.NewLabel("")
	e.preview.Wrapping = fyne.TextWrapWord
	e.save = widget.NewButtonWithIcon(lang.L("Save text"), theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.reset = widget.NewButton(lang.L("Back to the built-in text"), e.onReset)
	e.saved = widget.NewLabel("")
	e.saved.Importance = widget.SuccessImportance
	hint := widget.NewLabel(lang.L("The team's texts for the ready e-mails (Today → Delay notice, a customer's First e-mail, a callback's ⋯ menu, Notices). Words in braces are filled in for each customer; a line whose value is missing is left out, e.g. the direct line of a salesperson without one. Every text must name the person responsible, the direct line and the e-mail."))
	hint.Wrapping = fyne.TextWrapWord
	editor := container.NewVBox(
		container.NewGridWithColumns(2, e.kind.Select, e.language.Select),
		widget.NewForm(widget.NewFormItem(lang.L("Subject"), e.subject), widget.NewFormItem(lang.L("Text"), e.body)),
		e.problems,
		container.NewHBox(e.save, e.reset, e.saved),
	)
	preview := container.NewVBox(widget.NewLabelWithStyle(lang.L("Preview (made-up customer)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), e.previewS, e.preview,
		widget.NewSeparator(), widget.NewLabelWithStyle(lang.L("Placeholders"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), e.names)
	e.box = container.NewVBox(settingsSection(lang.L("Messages to customers")), hint,
		container.NewGridWithColumns(2, editor, preview))
	return e
}

// set shows the loaded templates; unsaved edits stay. UI thread.
func (e *templateEditor) set(ts []data.MessageTemplate) {
	for _, t := range ts {
		e.stored[tplKey(t.Kind, t.Lang)] = t
	}
	e.showSelected()
}

// current is the selected kind and language.
func (e *templateEditor) current() (data.DraftKind, string) {
	return data.DraftKind(e.kind.value()), e.language.value()
}

// showSelected fills the editor with the selected text (an unsaved edit if
// there is one). UI thread.
func (e *templateEditor) showSelected() {
	k, l := e.current()
	t, ok := e.stored[tplKey(k, l)]
	if !ok {
		t = data.DefaultTemplate(k, l)
	}
	text := [2]string{t.Subject, t.Body}
	if ed, ok := e.edits[tplKey(k, l)]; ok {
		text = ed
	}
	// A reload while typing must not move the cursor: only a different
	// text is set.
	e.loading = true
	if e.subject.Text != text[0] {
		e.subject.SetText(text[0])
	}
	if e.body.Text != text[1] {
		e.body.SetText(text[1])
	}
	e.loading = false
	var names []string
	for _, p := range data.PlaceholdersFor(k) {
		n := p.Name
		if l == data.LangDE {
			n = p.German
		}
		names = append(names, "{"+n+"} — "+placeholderMeaning(p.Name))
	}
	e.names.SetText(strings.Join(names, "\n"))
	if e.shownKey != tplKey(k, l) {
		e.shownKey = tplKey(k, l)
		e.saved.SetText("")
	}
	e.check()
}

// changed keeps the edit and checks it as it is typed.
func (e *templateEditor) changed() {
	if e.loading {
		return
	}
	k, l := e.current()
	t := e.stored[tplKey(k, l)]
	if t.Kind == "" {
		t = data.DefaultTemplate(k, l)
	}
	if e.subject.Text == t.Subject && e.body.Text == t.Body {
		delete(e.edits, tplKey(k, l))
	} else {
		e.edits[tplKey(k, l)] = [2]string{e.subject.Text, e.body.Text}
	}
	e.saved.SetText("")
	e.check()
}

// check shows what is wrong and the preview; Save only when all is well.
func (e *templateEditor) check() bool {
	k, l := e.current()
	probs := data.CheckTemplate(k, e.subject.Text, e.body.Text)
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, templateProblemText(p))
	}
	e.problems.SetText(strings.Join(msgs, "\n"))
	e.problems.Hidden = len(msgs) == 0
	e.problems.Refresh()
	sub, body := data.Compose(e.subject.Text, e.body.Text, data.SampleFacts(k, l, e.u.me, e.u.now(), e.u.store.Loc))
	e.previewS.SetText(sub)
	e.preview.SetText(body)
	_, edited := e.edits[tplKey(k, l)]
	ok := len(probs) == 0 && edited && !e.u.readOnly()
	if ok {
		e.save.Enable()
	} else {
		e.save.Disable()
	}
	t := e.stored[tplKey(k, l)]
	if e.u.readOnly() || (t.Default() && !edited) {
		e.reset.Disable()
	} else {
		e.reset.Enable()
	}
	return len(probs) == 0
}

// placeholderMeaning says what a placeholder stands for.
func placeholderMeaning(name string) string {
	switch name {
	case "customer":
		return lang.L("the customer's name")
	case "company":
		return lang.L("the company, if it differs")
	case "promise":
		return lang.L("what was promised")
	case "kind":
		return lang.L("the kind of promise")
	case "due":
		return lang.L("the date the customer heard")
	case "new_due":
		return lang.L("the new date (the line is left out without one)")
	case "if_no_new_due":
		return lang.L("keeps its line only when there is no new date")
	case "notice":
		return lang.L("the notice's title")
	case "notice_text":
		return lang.L("the notice's details")
	case "product":
		return lang.L("the product")
	case "lots":
		return lang.L("the customer's lots")
	case "owner":
		return lang.L("the responsible salesperson")
	case "owner_phone":
		return lang.L("their direct line")
	case "owner_email":
		return lang.L("their e-mail")
	}
	return ""
}

// templateProblemText says what is wrong with a template.
func templateProblemText(p data.TemplateProblem) string {
	where := lang.L("Text")
	if p.Field == "subject" {
		where = lang.L("Subject")
	}
	m := map[string]any{"Where": where, "Name": "{" + p.Name + "}", "Max": p.Max, "Pos": p.Pos + 1}
	switch p.Code {
	case data.TemplateUnknown:
		return lang.L("{{.Where}}: {{.Name}} is not a placeholder — see the list below.", m)
	case data.TemplateNotAvailable:
		return lang.L("{{.Where}}: {{.Name}} has no value in this kind of message.", m)
	case data.TemplateMissing:
		return lang.L("{{.Where}}: {{.Name}} is missing — every message names the person responsible, the direct line and the e-mail.", m)
	case data.TemplateUnclosed:
		return lang.L("{{.Where}}: the “{” at character {{.Pos}} is not closed with “}”.", m)
	case data.TemplateEmpty:
		return lang.L("{{.Where}} is empty.", m)
	case data.TemplateTooLong:
		return lang.L("{{.Where}} is longer than {{.Max}} characters.", m)
	case data.TemplateNewline:
		return lang.L("{{.Where}} must be one line.", m)
	}
	return lang.L("{{.Where}} contains characters that are not text.", m)
}

func (e *templateEditor) onSave() {
	if !e.check() {
		return
	}
	k, l := e.current()
	t := e.stored[tplKey(k, l)]
	if t.Kind == "" {
		t = data.DefaultTemplate(k, l)
	}
	t.Subject, t.Body = e.subject.Text, e.body.Text
	e.store(t)
}

func (e *templateEditor) onReset() {
	k, l := e.current()
	d := data.DefaultTemplate(k, l)
	e.subject.SetText(d.Subject)
	e.body.SetText(d.Body)
}

// store saves t off the UI thread.
func (e *templateEditor) store(t data.MessageTemplate) {
	st, me := e.u.store, e.u.me.ID
	e.save.Disable()
	e.u.do(func() func() {
		saved, err := st.SaveTemplate(t, me)
		var fresh data.MessageTemplate
		if errors.Is(err, data.ErrConflict) {
			fresh, _ = st.Template(t.Kind, t.Lang)
		}
		return func() {
			if err != nil {
				if errors.Is(err, data.ErrConflict) {
					// Their version becomes the one an edit is based on;
					// the edit stays in the editor, so nothing is lost.
					e.stored[tplKey(t.Kind, t.Lang)] = fresh
					e.check()
					e.saved.SetText("")
					e.problems.SetText(lang.L("Someone else saved this text meanwhile. Your edit is still here: saving again replaces their version."))
					e.problems.Show()
					return
				}
				e.u.showError(err)
				e.check()
				return
			}
			key := tplKey(saved.Kind, saved.Lang)
			e.stored[key] = saved
			delete(e.edits, key)
			e.check()
			e.saved.SetText(lang.L("Saved for the whole team."))
		}
	})
}

// talkEditor is the Settings part for the team's talking points, per
// promise kind and per notice, in both languages.
type talkEditor struct {
	u        *ui
	scope    *widget.Select
	scopes   []data.TalkScope
	language *selectOf
	text     *entry
	preview  *widget.RichText
	save     *widget.Button
	saved    *widget.Label
	msg      *widget.Label
	box      *fyne.Container
	stored   map[string]data.TalkingPoints
	edits    map[string]string
	loading  bool
	shownKey string
}

func talkKey(sc data.TalkScope, l string) string {
	return fmt.Sprintf("%s/%d/%s", sc.Kind, sc.NoticeID, l)
}

func newTalkEditor(u *ui) *talkEditor {
	e := &talkEditor{u: u, stored: map[string]data.TalkingPoints{}, edits: map[string]string{}}
	e.scope = widget.NewSelect(nil, func(string) { e.showSelected() })
	e.language = newSelectOf(data.Languages, languageName, nil)
	e.language.SetSelectedIndex(0)
	e.language.OnChanged = func(string) { e.showSelected() }
	e.text = newMultiEntry(lang.L("**Say first**\nWhat to say in the first sentence.\n\n**“The hardest question?”**\n- The honest answer"))
	e.text.SetMinRowsVisible(14)
	e.text.OnChanged = func(string) { e.changed() }
	e.preview = widget.NewRichText()
	e.preview.Wrapping = fyne.TextWrapWord
	e.save = widget.NewButtonWithIcon(lang.L("Save talking points"), theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.saved = widget.NewLabel("")
	e.saved.Importance = widget.SuccessImportance
	e.msg = widget.NewLabel("")
	e.msg.Importance = widget.DangerImportance
	e.msg.Wrapping = fyne.TextWrapWord
	e.msg.Hide()
	hint := widget.NewLabel(lang.L("Short scripts for the hard conversations, shown beside the log-contact and delay-notice dialogs and on the Notices screen: what to say first, and the answers to the three hardest questions. Every line is a paragraph; a line starting with “- ” is a bullet point; **bold** for emphasis."))
	hint.Wrapping = fyne.TextWrapWord
	editor := container.NewVBox(container.NewGridWithColumns(2, e.scope, e.language.Select), e.text, e.msg, container.NewHBox(e.save, e.saved))
	preview := container.NewVBox(widget.NewLabelWithStyle(lang.L("Preview"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), e.preview)
	e.box = container.NewVBox(settingsSection(lang.L("Talking points")), hint, container.NewGridWithColumns(2, editor, preview))
	return e
}

// set shows the stored talking points and the scopes (every kind with a
// date, and every notice). UI thread.
func (e *talkEditor) set(tps []data.TalkingPoints, notices []data.NoticeRow) {
	for _, tp := range tps {
		e.stored[talkKey(data.TalkScope{Kind: tp.Kind, NoticeID: tp.NoticeID}, tp.Lang)] = tp
	}
	sel := e.scope.SelectedIndex()
	e.scopes = nil
	var opts []string
	for _, k := range data.Kinds {
		e.scopes = append(e.scopes, data.TalkScope{Kind: k})
		opts = append(opts, kindLabel(k))
	}
	for _, n := range notices {
		e.scopes = append(e.scopes, data.TalkScope{NoticeID: n.ID})
		opts = append(opts, lang.L("Notice: {{.Title}}", map[string]any{"Title": n.Title}))
	}
	cb := e.scope.OnChanged
	e.scope.OnChanged = nil
	e.scope.Options = opts
	if sel < 0 || sel >= len(opts) {
		sel = 1 // answers: the first hard conversation of the seeds
	}
	e.scope.SetSelectedIndex(sel)
	e.scope.OnChanged = cb
	e.showSelected()
}

func (e *talkEditor) current() (data.TalkScope, string, bool) {
	i := e.scope.SelectedIndex()
	if i < 0 || i >= len(e.scopes) {
		return data.TalkScope{}, "", false
	}
	return e.scopes[i], e.language.value(), true
}

func (e *talkEditor) showSelected() {
	sc, l, ok := e.current()
	if !ok {
		return
	}
	key := talkKey(sc, l)
	text := e.stored[key].Text
	if ed, ok := e.edits[key]; ok {
		text = ed
	}
	e.loading = true
	if e.text.Text != text {
		e.text.SetText(text)
	}
	e.loading = false
	if e.shownKey != key {
		e.shownKey = key
		e.saved.SetText("")
		e.msg.Hide()
	}
	e.check()
}

func (e *talkEditor) changed() {
	if e.loading {
		return
	}
	sc, l, ok := e.current()
	if !ok {
		return
	}
	key := talkKey(sc, l)
	if e.text.Text == e.stored[key].Text {
		delete(e.edits, key)
	} else {
		e.edits[key] = e.text.Text
	}
	e.saved.SetText("")
	e.check()
}

func (e *talkEditor) check() {
	e.preview.Segments = talkSegments(e.text.Text)
	e.preview.Refresh()
	sc, l, ok := e.current()
	_, edited := e.edits[talkKey(sc, l)]
	if ok && edited && !e.u.readOnly() && len([]rune(e.text.Text)) <= data.MaxTalkRunes {
		e.save.Enable()
	} else {
		e.save.Disable()
	}
	if len([]rune(e.text.Text)) > data.MaxTalkRunes {
		e.msg.SetText(lang.L("Talking points are short: at most {{.Max}} characters.", map[string]any{"Max": data.MaxTalkRunes}))
		e.msg.Show()
	}
}

func (e *talkEditor) onSave() {
	sc, l, ok := e.current()
	if !ok {
		return
	}
	key := talkKey(sc, l)
	tp := e.stored[key]
	tp.Kind, tp.NoticeID, tp.Lang, tp.Text = sc.Kind, sc.NoticeID, l, e.text.Text
	st, me := e.u.store, e.u.me.ID
	e.save.Disable()
	e.u.do(func() func() {
		saved, err := st.SaveTalkingPoints(tp, me)
		var fresh data.TalkingPoints
		if errors.Is(err, data.ErrConflict) {
			fresh, _ = st.TalkingPointsOf(sc, l)
		}
		return func() {
			if err != nil {
				if errors.Is(err, data.ErrConflict) {
					e.stored[key] = fresh
					e.check()
					e.msg.SetText(lang.L("Someone else saved these talking points meanwhile. Your edit is still here: saving again replaces their version."))
					e.msg.Show()
					return
				}
				e.u.showError(err)
				e.check()
				return
			}
			e.stored[key] = saved
			delete(e.edits, key)
			e.check()
			e.saved.SetText(lang.L("Saved for the whole team."))
		}
	})
}

// settingsSection is the heading of a part of Settings.
func settingsSection(t string) *widget.Label {
	l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// templateValidation says why the Store refused a template's subject or
// body (data.SaveTemplate), in the words the editor uses as you type.
func templateValidation(ve *data.ValidationError) (string, bool) {
	if ve.Field != "subject" && ve.Field != "body" {
		return "", false
	}
	p := data.TemplateProblem{Field: ve.Field, Name: ve.Value, Max: int(ve.Max)}
	switch {
	case ve.Code == data.CodeUnknown:
		p.Code = data.TemplateUnknown
	case ve.Code == data.CodeNotAllowed:
		p.Code = data.TemplateNotAvailable
	case ve.Code == data.CodeRequired && ve.Value != "":
		p.Code = data.TemplateMissing
	case ve.Code == data.CodeRequired:
		if ve.Field == "subject" {
			return lang.L("The e-mail needs a subject"), true
		}
		p.Code = data.TemplateEmpty
	case ve.Code == data.CodeTooLong:
		p.Code = data.TemplateTooLong
	case ve.Code == data.CodeInvalid && ve.Value != "":
		p.Code = data.TemplateCode(ve.Value)
	default:
		return "", false
	}
	return templateProblemText(p), true
}
