package demo

import "github.com/zusage/zusage/data"

// Word lists for the demo generator: German and English names, the kinds of
// businesses in the practitioners' stories (pumps and seals for Haustechnik,
// tools, maintenance contracts, software licences) and what sales teams
// write into a contact journal.

var demoFirstDE = []string{
	"Jana", "Lukas", "Sabine", "Thomas", "Katrin", "Michael", "Julia", "Stefan", "Anja", "Markus",
	"Claudia", "Andreas", "Petra", "Frank", "Melanie", "Jörg", "Nicole", "Uwe", "Sandra", "Jürgen",
	"Birgit", "Matthias", "Heike", "Dirk", "Tanja", "Sven", "Susanne", "Holger", "Kerstin", "Ralf",
	"Lea", "Jonas", "Sophie", "Felix", "Marie", "Tobias", "Lena", "Florian", "Laura", "Niklas",
	"Monika", "Bernd", "Ute", "Klaus", "Gabriele", "Wolfgang", "Ines", "Torsten", "Silke", "Björn",
	"Doris", "Günter", "Renate", "Karl-Heinz", "Annette", "Dieter", "Ulrike", "Volker", "Carina", "Jens",
}

var demoLastDE = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
	"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
	"Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
	"Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
	"Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel",
	"Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann",
	"Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher",
	"Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt",
	"Haas", "Schreiber", "Graf", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn",
	"Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Oberländer", "Brinkmann",
}

var demoFirstEN = []string{
	"Oliver", "Emma", "James", "Charlotte", "Harry", "Amelia", "George", "Olivia", "Jack", "Isla",
	"Noah", "Sophie", "William", "Grace", "Thomas", "Emily", "Daniel", "Hannah", "Samuel", "Lucy",
}

var demoLastEN = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
	"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "O'Neill",
}

// demoTrades are the lines of business of German customers.
var demoTrades = []string{
	"Haustechnik", "Sanitär", "Heizungsbau", "Anlagenbau", "Maschinenbau", "Wassertechnik", "Brunnenbau",
	"Industrieservice", "Getränketechnik", "Lebensmitteltechnik", "Metallbau", "Pumpenservice", "Klimatechnik",
	"Gebäudetechnik", "Umwelttechnik", "Kältetechnik", "Hydraulik", "Werkzeughandel", "Landtechnik", "Schiffstechnik",
}

// demoTradesEN are the lines of business of English customers.
var demoTradesEN = []string{"Engineering", "Pumps", "Building Services", "Water Systems", "Process Solutions", "Marine Services", "Facilities"}

type demoCity struct {
	name, area, zip string
	uk              bool
}

var demoCities = []demoCity{
	{"Bremen", "421", "28", false}, {"Hamburg", "40", "22", false}, {"Berlin", "30", "10", false},
	{"München", "89", "80", false}, {"Köln", "221", "50", false}, {"Leipzig", "341", "04", false},
	{"Hannover", "511", "30", false}, {"Stuttgart", "711", "70", false}, {"Nürnberg", "911", "90", false},
	{"Dortmund", "231", "44", false}, {"Dresden", "351", "01", false}, {"Kiel", "431", "24", false},
	{"Oldenburg", "441", "26", false}, {"Osnabrück", "541", "49", false}, {"Münster", "251", "48", false},
	{"Kassel", "561", "34", false}, {"Freiburg", "761", "79", false}, {"Augsburg", "821", "86", false},
	{"Bielefeld", "521", "33", false}, {"Rostock", "381", "18", false}, {"Wilhelmshaven", "4421", "26", false},
	{"Leeds", "113", "LS", true}, {"Manchester", "161", "M", true}, {"Birmingham", "121", "B", true},
}

var demoStreets = []string{
	"Hauptstraße", "Industriestraße", "Am Hafen", "Bahnhofstraße", "Gewerbering", "Mühlenweg", "Lindenallee",
	"Schillerstraße", "Werftstraße", "Im Gewerbepark", "Kanalstraße", "Raiffeisenstraße", "Daimlerstraße",
	"Robert-Bosch-Straße", "Otto-Hahn-Straße", "An der Weser", "Dieselstraße", "Gutenbergstraße",
}

var demoStreetsEN = []string{"High Street", "Station Road", "Mill Lane", "Canal Street", "Park Road", "Church Lane"}

// demoProducts are what the demo customers buy.
var demoProducts = []string{
	"Kreiselpumpe KP 40", "Kreiselpumpe KP 65", "Tauchpumpe TP 200", "Dosierpumpe DP 7", "Umwälzpumpe UP 25-60",
	"Hebeanlage HA 150", "Gleitringdichtung GD 32", "Gleitringdichtung GD 48", "O-Ring-Satz NBR 70", "Flachdichtung FD DN 80",
	"Kugelhahn DN 50", "Rückschlagventil RV 25", "Druckminderer DM 1/2\"", "Magnetventil MV 24 V", "Sicherheitsventil SV 3 bar",
	"Absperrklappe AK DN 100", "Filterkartusche FK 10", "Frequenzumrichter FU 2,2 kW", "Druckschalter PS 16", "Füllstandssensor LS 4",
	"Fernwartungsmodul FW-3", "Softwarelizenz Pumpenplaner Pro (1 Jahr)", "Softwarelizenz Wartungsmanager (5 Plätze)",
	"Wartungsvertrag Basis", "Wartungsvertrag Premium", "Ersatzteilpaket Laufrad", "Schlauchpumpe SP 12", "Membranpumpe MP 30",
	"Akku-Bohrschrauber BS 18", "Rohrzange RZ 2\"", "Drehmomentschlüssel DS 200", "Leckageortungsset LO 1",
}

// demoConcerns are the concern tags the front line puts on contacts (lesson 8).
var demoConcerns = []string{"Lieferzeit", "Preis", "Qualität", "Undichtigkeit", "Geräusch", "Dokumentation", "Rechnung", "Ersatzteile"}

var demoConcernsEN = []string{"delivery time", "price", "quality", "leak", "noise", "documentation", "invoice", "spare parts"}

// Contact summaries by channel and direction; {p} is a product name.
var demoSummaryDE = map[string][2][]string{
	"phone": {
		{"Kunde fragt nach Lieferzeit für {p}", "Reklamation zu {p}", "Frage zur letzten Rechnung", "Bitte um Rückruf wegen Ersatzteilen",
			"Kunde meldet Geräusche an {p}", "Rückfrage zum Angebot {p}", "Kunde möchte Wartungstermin vereinbaren"},
		{"Rückruf wegen Preisanfrage {p}", "Nachgefragt, ob die Lieferung angekommen ist", "Termin für Vor-Ort-Besuch abgestimmt",
			"Angebot {p} telefonisch erläutert", "Kurz nachgefasst, Kunde meldet sich nächste Woche", "Liefertermin für {p} bestätigt",
			"Zufriedenheit nach Inbetriebnahme abgefragt"},
	},
	"email": {
		{"Anfrage: Preis und Verfügbarkeit {p}", "Kunde schickt Fotos vom Schaden an {p}", "Bestellung {p} per E-Mail", "Frage nach Datenblatt {p}",
			"Kunde bittet um Verschiebung des Termins"},
		{"Angebot für {p} geschickt", "Datenblatt {p} gesendet", "Auftragsbestätigung verschickt", "Lieferschein und Rechnung nachgesendet",
			"Einbauanleitung {p} geschickt", "Wartungsprotokoll übermittelt"},
	},
	"meeting": {
		{"Kunde war zur Werksbesichtigung da", "Besuch des Kunden am Messestand"},
		{"Besuch vor Ort: Anlage besichtigt", "Jahresgespräch, Rahmenvertrag besprochen", "Inbetriebnahme {p} vor Ort begleitet", "Schulung der Haustechniker zu {p}"},
	},
	"video": {
		{"Kunde bittet um kurze Videoberatung zu {p}"},
		{"Videocall: Einweisung in {p}", "Videocall: Auslegung der Pumpenanlage besprochen", "Onlinetermin: Softwarelizenz eingerichtet"},
	},
	"letter": {
		{"Schreiben des Kunden: Kündigung Wartungsvertrag geprüft", "Brief: Bitte um Gutschrift"},
		{"Preisanpassung zum 1. Januar mitgeteilt", "Garantiebestätigung {p} per Post", "Weihnachtsgruß mit Jahreskalender"},
	},
	"webform": {
		{"Kontaktformular: Bitte um Rückruf", "Kontaktformular: Anfrage {p}", "Webformular: Reklamation {p}"},
		{"Eingangsbestätigung zum Kontaktformular gesendet"},
	},
	"chat": {
		{"Chat: Frage zum Lieferstatus", "Chat: Kunde sucht Ersatzteilnummer für {p}"},
		{"Chat: Sendungsnummer mitgeteilt", "Chat: Kurz auf Rückfrage zu {p} geantwortet"},
	},
	"other": {
		{"Messe: Kunde kam an den Stand", "Kunde über Empfehlung eines Installateurs"},
		{"Messe: Gespräch am Stand, Interesse an {p}", "Notiz vom Außendienst: Anlage läuft stabil"},
	},
}

var demoSummaryEN = map[string][2][]string{
	"phone": {
		{"Customer asks about lead time for {p}", "Complaint about {p}", "Question about the last invoice", "Asks for a call back about spare parts"},
		{"Called back about the {p} price", "Checked that the delivery arrived", "Agreed a site visit", "Walked through the {p} quote", "Confirmed delivery date for {p}"},
	},
	"email": {
		{"Enquiry: price and availability of {p}", "Customer sent photos of the damaged {p}", "Order for {p} by e-mail"},
		{"Sent the quote for {p}", "Sent the {p} data sheet", "Sent the order confirmation", "Sent the maintenance report"},
	},
	"meeting": {{"Customer visited the plant"}, {"Site visit: inspected the installation", "Annual review, framework contract discussed", "Commissioned {p} on site"}},
	"video":   {{"Customer asked for a quick video call about {p}"}, {"Video call: {p} training", "Video call: pump sizing discussed"}},
	"letter":  {{"Letter from the customer: credit note requested"}, {"Announced the price change from 1 January", "Warranty confirmation for {p} by post"}},
	"webform": {{"Web form: please call back", "Web form: enquiry about {p}"}, {"Acknowledged the web form enquiry"}},
	"chat":    {{"Chat: asks for the delivery status", "Chat: looking for a spare part number for {p}"}, {"Chat: shared the tracking number"}},
	"other":   {{"Trade fair: customer came to the stand"}, {"Trade fair: interested in {p}"}},
}

// demoNotes are occasional longer notes on a contact.
var demoNotes = []string{
	"Ansprechpartner ist diese Woche im Urlaub, Vertretung Herr Krause.",
	"Kunde war etwas verärgert über die letzte Lieferung — bitte pünktlich sein.",
	"Budget für das nächste Jahr wird im Oktober freigegeben.",
	"Lieber per E-Mail als telefonisch, vormittags erreichbar.",
	"Anlage läuft seit der Wartung ohne Störungen.",
	"Customer prefers e-mail; reachable mornings only.",
	"Wettbewerber hat ein günstigeres Angebot abgegeben.",
}

// Promise titles per kind; {p} is a product name.
var demoTitlesDE = map[string][]string{
	data.KindCallback: {"Rückruf wegen Detailfragen zu {p}", "Rückruf zur Preisfrage", "Rückruf: Termin für die Wartung abstimmen", "Rückruf nach Rücksprache mit der Technik"},
	data.KindAnswer:   {"Rückfrage bei der Produktentwicklung zu {p} klären", "Antwort zur Materialverträglichkeit {p}", "Klären, ob {p} ab Lager lieferbar ist"},
	data.KindOffer:    {"Angebot {p} schicken", "Angebot Wartungsvertrag erstellen", "Nachtragsangebot {p}"},
	data.KindDelivery: {"Lieferung {p}", "Ersatzlieferung {p}", "Teillieferung {p}"},
	data.KindDocument: {"Datenblatt und Zertifikat {p} senden", "Wartungsprotokoll schicken", "Konformitätserklärung {p} nachreichen"},
	data.KindVisit:    {"Vor-Ort-Termin Inbetriebnahme {p}", "Wartungsbesuch", "Besuch zur Bestandsaufnahme"},
	data.KindInform:   {"Kunde über Chargenproblem {p} informieren", "Über neue Lieferzeiten {p} informieren"},
	data.KindOther:    {"Muster {p} bereitstellen", "Gutschrift veranlassen", "Schulungstermin organisieren"},
	data.KindStanding: {"Zahlung auf Rechnung, 30 Tage", "3 % Rabatt auf Ersatzteile", "Lieferung frei Haus ab 500 €", "Anlieferung nur vormittags",
		"Ersatzteile binnen 24 Stunden", "2 % Skonto bei Zahlung in 10 Tagen", "Fester Ansprechpartner im Innendienst"},
}

var demoTitlesEN = map[string][]string{
	data.KindCallback: {"Call back about {p}", "Call back about the price question"},
	data.KindAnswer:   {"Find out from engineering about {p}", "Answer on {p} material compatibility"},
	data.KindOffer:    {"Send the quote for {p}", "Quote for a maintenance contract"},
	data.KindDelivery: {"Deliver {p}", "Replacement delivery {p}"},
	data.KindDocument: {"Send {p} data sheet and certificate", "Send the maintenance report"},
	data.KindVisit:    {"Site visit to commission {p}", "Maintenance visit"},
	data.KindInform:   {"Tell the customer about the {p} batch issue"},
	data.KindOther:    {"Provide a {p} sample", "Arrange a credit note"},
	data.KindStanding: {"Payment on invoice, 30 days", "3% discount on spare parts", "Free delivery over £400", "Deliveries in the morning only"},
}

var demoRescheduleDE = []string{"Lieferant verspätet sich", "Rückfrage bei der Entwicklung dauert länger", "Teile fehlen im Lager",
	"Techniker krank", "Spedition hat umdisponiert", "Freigabe durch die Qualitätssicherung steht noch aus"}

var demoRescheduleEN = []string{"Supplier is late", "Engineering needs more time", "Parts out of stock", "Carrier rescheduled"}

var demoCancelDE = []string{"Kunde hat anders entschieden", "Auftrag storniert", "Hat sich erledigt, Kunde hat selbst repariert", "Wettbewerber war schneller"}

var demoCancelEN = []string{"Customer decided otherwise", "Order cancelled", "No longer needed"}
