package demo

import (
	"fmt"
	"time"

	"github.com/zusage/zusage/data"
)

// demoTalk are the team's talking points a demo ships with, drawn from the
// practitioners' stories: the answer that came four days late and cost the
// customer (seed 001), the callback made at the time the customer had
// moved (seed 001), the defect nobody wanted to tell the customers about
// ("let sleeping dogs lie", seed 000) and the fear of the hard question
// (seed 002: "write them a script").
var demoTalk = []struct {
	kind string
	de   string
	en   string
}{
	{data.KindAnswer, `**Zuerst sagen**
„Ich melde mich wegen Ihrer Frage zu … Die Antwort dauert länger, als ich Ihnen zugesagt habe – das wollte ich Ihnen selbst sagen, bevor Sie nachfragen müssen.“

**„Warum dauert das so lange?“**
- Den Grund in einem Satz, ohne jemanden vorzuführen: „Unsere Produktentwicklung prüft das noch; ich will Ihnen keine halbe Antwort geben.“

**„Wann bekomme ich sie denn?“**
- Einen Termin mit Puffer nennen, den Sie sicher halten: lieber „bis Freitag“ als „morgen vielleicht“.
- Wissen Sie keinen: sagen, wann Sie sich wieder melden – auch wenn es dann nur ein Zwischenstand ist.

**„Kann ich mich auf Sie noch verlassen?“**
- „Ja. Deshalb rufe ich jetzt an und nicht erst, wenn der Termin verstrichen ist.“
- Den neuen Termin danach wirklich halten – jede Meldung ist besser als keine.`,
		`**Say first**
"I'm calling about your question on … The answer is taking longer than I promised, and I wanted to tell you myself before you have to chase me."

**"Why is it taking so long?"**
- The reason in one sentence, without blaming anyone: "Our product team is still checking it; I don't want to give you half an answer."

**"So when will I get it?"**
- Name a date with a buffer that you can keep: "by Friday" rather than "maybe tomorrow".
- If you don't know: say when you will call again, even if it is only an update.

**"Can I still rely on you?"**
- "Yes. That's why I'm calling now and not after the date has passed."
- Then keep the new date — any news beats no news.`},
	{data.KindCallback, `**Zuerst sagen**
Den vereinbarten Termin nennen, nicht den ersten: „Wir hatten Donnerstag, 10 Uhr, ausgemacht – passt das noch?“ Wurde der Rückruf verschoben, gilt nur die neue Zeit.

**„Ich hatte doch um einen anderen Termin gebeten!“**
- Sofort entschuldigen, nicht erklären: „Sie haben recht, das ist bei uns falsch angekommen. Ich rufe zu Ihrer Zeit an.“
- Den alten Termin gleich in Zusage verschieben, damit niemand sonst zur alten Zeit anruft.

**„Wer sind Sie eigentlich?“**
- Vollen Namen, Durchwahl und E-Mail nennen – und dass Sie ab jetzt der Ansprechpartner sind, nicht die Zentrale.

**„Können Sie mir das gleich beantworten?“**
- Was Sie sicher wissen, sofort; den Rest als Zusage mit Termin – lieber ein Tag Puffer als ein gebrochener Termin.`,
		`**Say first**
Name the agreed time, not the first one: "We said Thursday at 10 — does that still suit you?" If the callback was moved, only the new time counts.

**"But I asked for a different time!"**
- Apologise at once, don't explain: "You're right, that got lost on our side. I'll call at your time."
- Move the old time in Zusage right away, so nobody else calls at the old one.

**"Who are you, actually?"**
- Give your full name, direct line and e-mail — and say that you are their contact from now on, not the switchboard.

**"Can you answer that right away?"**
- What you know for sure, now; the rest as a promise with a date — a day of buffer beats a broken promise.`},
	{data.KindDelivery, `**Zuerst sagen**
„Ihre Lieferung kommt nicht wie zugesagt am … Ich sage Ihnen jetzt, was ich weiß, damit Sie planen können.“

**„Und wann kommt sie jetzt?“**
- Den neuen Termin mit Puffer: sagen Sie 8–10 Tage, wenn es 8 dauert.

**„Was mache ich bis dahin?“**
- Fragen, was am dringendsten ist – oft hilft eine Teillieferung oder ein Leihgerät.

**„Passiert das wieder?“**
- Nichts versprechen, was Sie nicht wissen; zusagen, dass Sie sich melden, bevor ein Termin wackelt, nicht danach.`,
		`**Say first**
"Your delivery won't arrive on … as promised. I'm telling you what I know now, so you can plan."

**"So when will it come?"**
- The new date with a buffer: say 8–10 days when it takes 8.

**"What do I do until then?"**
- Ask what is most urgent — a part delivery or a loan unit often helps.

**"Will this happen again?"**
- Don't promise what you don't know; promise to call before a date wobbles, not after.`},
	{data.KindOffer, `**Zuerst sagen**
„Ihr Angebot ist noch nicht fertig, obwohl ich es Ihnen für … zugesagt hatte. Ich sage Ihnen lieber jetzt, woran es hängt, als Sie warten zu lassen.“

**„Woran hängt es denn?“**
- Konkret und kurz: „Der Hersteller bestätigt den Preis erst morgen; ohne ihn wäre das Angebot nicht verbindlich.“

**„Bekomme ich es noch rechtzeitig für meine Entscheidung?“**
- Nach seinem Termin fragen, nicht raten – und danach den eigenen neuen Termin mit Puffer nennen.

**„Bleibt es beim besprochenen Preis?“**
- Nur zusagen, was sicher ist; was offen ist, als offen benennen und sagen, bis wann Sie es wissen.`,
		`**Say first**
"Your quote isn't ready yet, although I promised it for … I'd rather tell you now what it's waiting for than keep you waiting."

**"What is holding it up?"**
- Concrete and short: "The manufacturer confirms the price tomorrow; without it the quote wouldn't be binding."

**"Will I get it in time for my decision?"**
- Ask for their date, don't guess — then name your own new date, with a buffer.

**"Does the price we discussed still stand?"**
- Promise only what is certain; call open what is open, and say by when you will know.`},
	{data.KindInform, `**Zuerst sagen**
„Ich rufe an, weil wir bei einem Produkt, das Sie von uns haben, ein mögliches Problem gefunden haben. Wir sagen es allen Käufern jetzt – auch bevor wir jede Antwort haben.“

**„Warum erfahre ich das erst jetzt?“**
- „Wir wissen es selbst erst seit Kurzem, und Sie sollen es von uns hören, nicht erst, wenn etwas passiert.“

**„Ist das gefährlich?“**
- Sagen, was bekannt ist und was nicht; nichts kleinreden, nichts dramatisieren.
- Konkret sagen, was der Kunde jetzt tun kann.

**„Was kostet mich das?“**
- Was wir übernehmen, klar nennen; was noch offen ist, als Zusage mit Termin.`,
		`**Say first**
"I'm calling because we found a possible problem with a product you have from us. We're telling every buyer now — even before we have every answer."

**"Why am I only hearing this now?"**
- "We only learned about it recently ourselves, and you should hear it from us, not when something goes wrong."

**"Is it dangerous?"**
- Say what is known and what isn't; don't play it down, don't dramatise.
- Say exactly what the customer can do now.

**"What will this cost me?"**
- Say clearly what we cover; what is still open becomes a promise with a date.`},
}

// demoNoticeTalk are the talking points of the demo's product notice (the
// leaking seal); %s is the product.
var demoNoticeTalk = [2]string{`**Zuerst sagen**
„Bei einigen Geräten vom Typ %s aus den letzten Chargen kann die Dichtung nach längerem Betrieb undicht werden. Ihre Charge ist dabei. Ich möchte, dass Sie das von uns erfahren.“

**„Darf ich es noch benutzen?“**
- Ja, nicht vorsorglich aussortieren. Einmal die Dichtung ansehen: Ist alles trocken, weiter benutzen.
- Ist es feucht oder tropft es: nicht mehr benutzen und mich anrufen – wir tauschen es.

**„Wer bezahlt das?“**
- Die Austauschdichtung und den Einbau übernehmen wir, auch nach Ablauf der Gewährleistung.

**„Wie lange dauert der Austausch?“**
- Wir holen es ab oder tauschen vor Ort; den Termin machen wir gleich am Telefon aus – und ich schicke ihn als Kalendereintrag.`,
	`**Say first**
"On some %s units from the latest lots, the seal can start leaking after long operation. Your lot is one of them. I want you to hear this from us."

**"Do I have to stop using it?"**
- Yes, no need to put it aside as a precaution. Take one look at the seal: if it's dry, keep using it.
- If it's damp or dripping: stop using it and call me — we'll exchange it.

**"Who pays for this?"**
- We cover the replacement seal and fitting it, even after the warranty has run out.

**"How long does the exchange take?"**
- We collect it or exchange it on site; we'll book the date right on the phone, and I'll send it as a calendar entry.`}

// talkingPoints writes the demo team's talking points through the Store, as
// a team lead would in Settings.
func (g *demoGen) talkingPoints(s *data.Store) error {
	var by data.User
	if err := s.DB().Order("id").First(&by).Error; err != nil {
		return err
	}
	saved := s.Now
	s.Now = func() time.Time { return g.now.Add(-days(30)) }
	defer func() { s.Now = saved }()
	save := func(kind string, notice uint, lang, text string) error {
		tp, err := s.TalkingPointsOf(data.TalkScope{Kind: kind, NoticeID: notice}, lang)
		if err != nil {
			return err
		}
		tp.Text = text
		_, err = s.SaveTalkingPoints(tp, by.ID)
		return err
	}
	for _, t := range demoTalk {
		if err := save(t.kind, 0, data.LangDE, t.de); err != nil {
			return err
		}
		if err := save(t.kind, 0, data.LangEN, t.en); err != nil {
			return err
		}
	}
	if g.noticeID == 0 {
		return nil
	}
	s.Now = func() time.Time { return g.now.Add(-days(2)) }
	if err := save("", g.noticeID, data.LangDE, fmt.Sprintf(demoNoticeTalk[0], g.noticeProduct)); err != nil {
		return err
	}
	return save("", g.noticeID, data.LangEN, fmt.Sprintf(demoNoticeTalk[1], g.noticeProduct))
}
