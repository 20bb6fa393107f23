package main

import (
	"fmt"

	"github.com/zusage/zusage/data"
)

// draftJSON is the --json shape of `zusage draft` (design.md): one object.
// "mailto_complete" is false when the body did not fit into the mailto:
// address and was left out of it; "lang" is the language written in.
type draftJSON struct {
	To             string `json:"to"`
	Subject        string `json:"subject"`
	Body           string `json:"body"`
	Mailto         string `json:"mailto"`
	MailtoComplete bool   `json:"mailto_complete"`
	Lang           string `json:"lang"`
}

func init() {
	register(&command{
		name:  "draft",
		usage: "--db PATH (--commitment ID | --customer ID) --kind delay|intro|callback|notice [--lang de|en] [--new-due TIME|DATE] [--json]",
		run: func(c *cmdCtx) error {
			commitment := c.fs.String("commitment", "", "the promise the message is about (delay, callback, notice)")
			customer := c.fs.String("customer", "", "the customer (intro)")
			kind := c.fs.String("kind", "", "delay, intro, callback or notice")
			lang := c.fs.String("lang", "", "de or en (default: the customer's language)")
			newDue := c.fs.String("new-due", "", "with --kind delay: the new date to announce")
			asJSON := c.fs.Bool("json", false, "print one JSON object")
			if err := c.parse(c.args(), "db", "kind"); err != nil {
				return err
			}
			k, err := data.ParseDraftKind(*kind)
			if err != nil {
				return usagef("--kind must be delay, intro, callback or notice, not %q", *kind)
			}
			if (*commitment == "") == (*customer == "") {
				return usagef("give either --commitment or --customer")
			}
			if *customer != "" && k != data.DraftIntro {
				return usagef("a %s message is about a promise: give --commitment", k)
			}
			if *newDue != "" && k != data.DraftDelay {
				return usagef("--new-due goes with --kind delay")
			}
			if *lang != "" && *lang != data.LangDE && *lang != data.LangEN {
				return usagef("--lang must be de or en, not %q", *lang)
			}
			r := data.DraftRequest{Kind: k, Lang: *lang}
			if *commitment != "" {
				if r.CommitmentID, err = parseID("commitment", *commitment); err != nil {
					return err
				}
			} else if r.CustomerID, err = parseID("customer", *customer); err != nil {
				return err
			}
			if err := c.open(false); err != nil {
				return err
			}
			if *newDue != "" {
				if r.NewDue, err = c.parseDue("new-due", *newDue); err != nil {
					return err
				}
			}
			d, err := c.store.Draft(r)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(c, draftJSON{To: d.To, Subject: d.Subject, Body: d.Body, Mailto: d.Mailto, MailtoComplete: d.MailtoComplete, Lang: d.Lang})
			}
			if d.To != "" {
				fmt.Fprintf(c.stdout, "To: %s\n", d.To)
			}
			fmt.Fprintf(c.stdout, "Subject: %s\n\n%s\n\n%s\n", d.Subject, d.Body, d.Mailto)
			if !d.MailtoComplete {
				fmt.Fprintf(c.stderr, "the text is too long for a mailto: address (%d characters at most): the address above has no body; paste the text into the e-mail\n", data.MailtoLimit)
			}
			return nil
		},
	})
}
