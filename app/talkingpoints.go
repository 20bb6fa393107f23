package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zusage/zusage/data"
)

// talkPane shows the team's talking points beside a conversation (seed
// 002: what to say first, and the answers to the hardest questions).
type talkPane struct {
	title *widget.Label
	text  *widget.RichText
	empty *widget.Label
	root  *fyne.Container
	// shown is the text on screen (tests).
	shown data.TalkingPoints
}

// talkPaneWidth is the width of the pane beside a dialog.
const talkPaneWidth = 340

func newTalkPane() *talkPane {
	p := &talkPane{
		title: widget.NewLabelWithStyle(lang.L("Talking points"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		text:  widget.NewRichText(),
		empty: widget.NewLabel(""),
	}
	p.text.Wrapping = fyne.TextWrapWord
	p.empty.Wrapping = fyne.TextWrapWord
	p.empty.TextStyle.Italic = true
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	scroll := container.NewVScroll(container.NewVBox(p.text, p.empty))
	scroll.SetMinSize(fyne.NewSize(talkPaneWidth, 360))
	p.root = container.NewStack(bg, container.NewPadded(container.NewBorder(
		container.NewHBox(widget.NewIcon(theme.InfoIcon()), p.title), nil, nil, nil, scroll)))
	p.set(data.TalkingPoints{}, "")
	return p
}

// set shows tp; what names the conversation for the empty case ("Answer").
// UI thread.
func (p *talkPane) set(tp data.TalkingPoints, what string) {
	p.shown = tp
	if strings.TrimSpace(tp.Text) == "" {
		p.text.Segments = nil
		p.text.Refresh()
		if what == "" {
			p.empty.SetText(lang.L("No talking points yet. The team writes them in Settings → Talking points."))
		} else {
			p.empty.SetText(lang.L("No talking points for “{{.What}}” yet. The team writes them in Settings → Talking points.", map[string]any{"What": what}))
		}
		p.empty.Show()
		return
	}
	p.empty.Hide()
	p.text.Segments = talkSegments(tp.Text)
	p.text.Refresh()
}

// say shows msg instead of talking points. UI thread.
func (p *talkPane) say(msg string) {
	p.shown = data.TalkingPoints{}
	p.text.Segments = nil
	p.text.Refresh()
	p.empty.SetText(msg)
	p.empty.Show()
}

// talkSegments renders Markdown-light (data.ParseTalk): paragraphs, bullet
// lists, and **bold** inside them.
func talkSegments(text string) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	var list *widget.ListSegment
	for _, b := range data.ParseTalk(text) {
		if b.Bullet {
			if list == nil {
				list = &widget.ListSegment{}
				out = append(out, list)
			}
			list.Items = append(list.Items, &widget.ParagraphSegment{Texts: inlineSegments(b.Text)})
			continue
		}
		// As Fyne's Markdown renderer does: inline runs, then an empty
		// paragraph segment that ends the line.
		list = nil
		out = append(out, inlineSegments(b.Text)...)
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
	}
	return out
}

// inlineSegments splits "a **b** c" into plain and bold runs.
func inlineSegments(s string) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	bold := false
	for _, part := range strings.Split(s, "**") {
		if part != "" {
			style := widget.RichTextStyleInline
			if bold {
				style = widget.RichTextStyleStrong
			}
			out = append(out, &widget.TextSegment{Style: style, Text: part})
		}
		bold = !bold
	}
	return out
}

// loadTalk fills p with the talking points about promise id (off the UI
// thread); what names the kind for the empty case.
func (u *ui) loadTalk(p *talkPane, id uint, what string) {
	st := u.store
	u.do(func() func() {
		tp, err := st.TalkingPointsAbout(id)
		return func() {
			if err != nil {
				tp = data.TalkingPoints{}
			}
			p.set(tp, what)
		}
	})
}

// withTalk puts the talking points to the right of a dialog's form.
func withTalk(form fyne.CanvasObject, p *talkPane) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, p.root, form)
}
