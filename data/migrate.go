package data

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// migration is one versioned schema step; each writes its exact SQL so that
// later model changes never alter what an old step did. Every step has the
// SQL of both databases side by side (up for the SQLite file, pg for a
// PostgreSQL server), so that a schema version means the same tables,
// columns and rules on both.
type migration struct {
	version int
	name    string
	up      func(tx *gorm.DB) error
	pg      func(tx *gorm.DB) error
}

// migrations in order; the file's PRAGMA user_version (the server's
// zusage_schema.version) is the last one applied.
var migrations = []migration{
	{1, "initial schema", execAll(schemaV1), execAll(pgSchemaV1)},
	{2, "customer search index", execAll(schemaV2), execAll(pgSchemaV2)},
	{3, "open promises index", execAll(schemaV3), execAll(pgSchemaV3)},
	{4, "at-risk promises index", execAll(schemaV4), execAll(pgSchemaV4)},
	{5, "what the customer was told", execAll(schemaV5), execAll(pgSchemaV5)},
	{6, "calendar feed addresses and handovers", execAll(schemaV6), execAll(pgSchemaV6)},
	{7, "customer language, message templates, talking points", execAll(schemaMessages), execAll(pgSchemaMessages)},
	{8, "imports and the customer journal", execAll(schemaImports), execAll(pgSchemaImports)},
	{9, "covering indexes for the cold paths", execAll(schemaCovering), execAll(pgSchemaCovering)},
	{10, "change log", execAll(schemaChangeLog()), execAll(pgSchemaChangeLog())},
	{11, "statistics for the server's planner", execAll(nil), execAll(pgSchemaStatistics)},
}

// SchemaVersion is the newest schema this build knows.
var SchemaVersion = migrations[len(migrations)-1].version

func execAll(stmts []string) func(tx *gorm.DB) error {
	return func(tx *gorm.DB) error {
		for _, q := range stmts {
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("%w in %q", err, q)
			}
		}
		return nil
	}
}

var schemaV1 = []string{
	`CREATE TABLE users (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		email TEXT NOT NULL UNIQUE COLLATE NOCASE,
		phone TEXT NOT NULL DEFAULT '',
		archived INTEGER NOT NULL DEFAULT 0,
		version INTEGER NOT NULL DEFAULT 1,
		created_at INTEGER,
		updated_at INTEGER)`,
	`CREATE TABLE customers (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		company TEXT NOT NULL DEFAULT '',
		email TEXT NOT NULL DEFAULT '',
		phone TEXT NOT NULL DEFAULT '',
		address TEXT NOT NULL DEFAULT '',
		notes TEXT NOT NULL DEFAULT '',
		owner_id INTEGER NOT NULL REFERENCES users(id),
		archived INTEGER NOT NULL DEFAULT 0,
		version INTEGER NOT NULL DEFAULT 1,
		created_at INTEGER,
		updated_at INTEGER,
		last_contact_at INTEGER)`,
	`CREATE INDEX idx_customers_owner ON customers(owner_id)`,
	`CREATE INDEX idx_customers_email ON customers(email COLLATE NOCASE)`,
	`CREATE INDEX idx_customers_name ON customers(name COLLATE NOCASE)`,
	`CREATE TABLE products (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL UNIQUE COLLATE NOCASE,
		created_at INTEGER)`,
	`CREATE TABLE notices (
		id INTEGER PRIMARY KEY,
		title TEXT NOT NULL,
		product_id INTEGER NOT NULL REFERENCES products(id),
		description TEXT NOT NULL DEFAULT '',
		risk TEXT NOT NULL DEFAULT '',
		lot TEXT NOT NULL DEFAULT '',
		by_id INTEGER NOT NULL REFERENCES users(id),
		due_days INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER)`,
	`CREATE TABLE commitments (
		id INTEGER PRIMARY KEY,
		customer_id INTEGER NOT NULL REFERENCES customers(id),
		owner_id INTEGER NOT NULL REFERENCES users(id),
		kind TEXT NOT NULL,
		title TEXT NOT NULL,
		details TEXT NOT NULL DEFAULT '',
		promised_at INTEGER NOT NULL,
		due_at INTEGER,
		due_date TEXT NOT NULL DEFAULT '',
		estimate_at INTEGER,
		status TEXT NOT NULL DEFAULT 'open',
		done_at INTEGER,
		uid TEXT NOT NULL UNIQUE,
		sequence INTEGER NOT NULL DEFAULT 0,
		version INTEGER NOT NULL DEFAULT 1,
		scheduled_at INTEGER,
		told_at INTEGER,
		notice_id INTEGER REFERENCES notices(id),
		created_at INTEGER,
		updated_at INTEGER)`,
	`CREATE INDEX idx_commitments_status_due ON commitments(status, due_at)`,
	`CREATE INDEX idx_commitments_owner_status_due ON commitments(owner_id, status, due_at)`,
	`CREATE INDEX idx_commitments_customer_status ON commitments(customer_id, status)`,
	`CREATE INDEX idx_commitments_notice ON commitments(notice_id) WHERE notice_id IS NOT NULL`,
	`CREATE TABLE contacts (
		id INTEGER PRIMARY KEY,
		customer_id INTEGER NOT NULL REFERENCES customers(id),
		user_id INTEGER NOT NULL REFERENCES users(id),
		at INTEGER NOT NULL,
		channel TEXT NOT NULL,
		direction TEXT NOT NULL,
		summary TEXT NOT NULL,
		notes TEXT NOT NULL DEFAULT '',
		commitment_id INTEGER REFERENCES commitments(id),
		delay_notice INTEGER NOT NULL DEFAULT 0,
		product_id INTEGER REFERENCES products(id),
		concern TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL DEFAULT 1,
		created_at INTEGER,
		updated_at INTEGER)`,
	`CREATE INDEX idx_contacts_customer_at ON contacts(customer_id, at, id)`,
	`CREATE INDEX idx_contacts_user_at ON contacts(user_id, at)`,
	`CREATE INDEX idx_contacts_commitment ON contacts(commitment_id) WHERE commitment_id IS NOT NULL`,
	`CREATE INDEX idx_contacts_product_at ON contacts(product_id, at) WHERE product_id IS NOT NULL`,
	`CREATE TABLE contact_revisions (
		id INTEGER PRIMARY KEY,
		contact_id INTEGER NOT NULL REFERENCES contacts(id),
		summary TEXT NOT NULL,
		notes TEXT NOT NULL DEFAULT '',
		edited_by INTEGER NOT NULL REFERENCES users(id),
		edited_at INTEGER NOT NULL)`,
	`CREATE INDEX idx_contact_revisions_contact ON contact_revisions(contact_id)`,
	`CREATE TABLE commitment_events (
		id INTEGER PRIMARY KEY,
		commitment_id INTEGER NOT NULL REFERENCES commitments(id),
		customer_id INTEGER NOT NULL REFERENCES customers(id),
		type TEXT NOT NULL,
		at INTEGER NOT NULL,
		by_id INTEGER NOT NULL REFERENCES users(id),
		old_due INTEGER,
		new_due INTEGER,
		old_due_date TEXT NOT NULL DEFAULT '',
		new_due_date TEXT NOT NULL DEFAULT '',
		old_owner_id INTEGER,
		new_owner_id INTEGER,
		reason TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX idx_events_customer_at ON commitment_events(customer_id, at, id)`,
	`CREATE INDEX idx_events_commitment ON commitment_events(commitment_id)`,
	`CREATE TABLE purchases (
		id INTEGER PRIMARY KEY,
		customer_id INTEGER NOT NULL REFERENCES customers(id),
		product_id INTEGER NOT NULL REFERENCES products(id),
		date TEXT NOT NULL DEFAULT '',
		lot TEXT NOT NULL DEFAULT '',
		created_at INTEGER)`,
	`CREATE INDEX idx_purchases_product ON purchases(product_id, lot)`,
	`CREATE INDEX idx_purchases_customer ON purchases(customer_id)`,
	`CREATE TABLE settings (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL)`,
}

// pgSchemaV1 is schemaV1 on PostgreSQL. The same representation as in the
// file, so that a moved database is the same row by row: moments are Unix
// seconds (bigint), flags the integers 0 and 1, text compares byte by byte
// (COLLATE "C", SQLite's BINARY). Where SQLite compares a column without
// regard to case (COLLATE NOCASE: a salesperson's e-mail, a product's
// name), the column gets zusage_nocase, a case-insensitive collation;
// ordering "by name regardless of case" is lower(name COLLATE "C") (see
// pgSQL). Ids come from identity columns; a load with explicit ids sets
// them past the largest (bulkLoadServer, Move).
var pgSchemaV1 = []string{
	`CREATE COLLATION zusage_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
	`CREATE SEQUENCE zusage_change_seq`,
	`CREATE TABLE users (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		name text COLLATE "C" NOT NULL,
		email text COLLATE zusage_nocase NOT NULL UNIQUE,
		phone text COLLATE "C" NOT NULL DEFAULT '',
		archived integer NOT NULL DEFAULT 0,
		version integer NOT NULL DEFAULT 1,
		created_at bigint,
		updated_at bigint)`,
	`CREATE TABLE customers (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		name text COLLATE "C" NOT NULL,
		company text COLLATE "C" NOT NULL DEFAULT '',
		email text COLLATE "C" NOT NULL DEFAULT '',
		phone text COLLATE "C" NOT NULL DEFAULT '',
		address text COLLATE "C" NOT NULL DEFAULT '',
		notes text COLLATE "C" NOT NULL DEFAULT '',
		owner_id bigint NOT NULL REFERENCES users(id),
		archived integer NOT NULL DEFAULT 0,
		version integer NOT NULL DEFAULT 1,
		created_at bigint,
		updated_at bigint,
		last_contact_at bigint)`,
	`CREATE INDEX idx_customers_owner ON customers(owner_id)`,
	`CREATE INDEX idx_customers_email ON customers(email COLLATE zusage_nocase)`,
	`CREATE INDEX idx_customers_name ON customers(lower(name COLLATE "C"), id)`,
	`CREATE TABLE products (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		name text COLLATE zusage_nocase NOT NULL UNIQUE,
		created_at bigint)`,
	`CREATE TABLE notices (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		title text COLLATE "C" NOT NULL,
		product_id bigint NOT NULL REFERENCES products(id),
		description text COLLATE "C" NOT NULL DEFAULT '',
		risk text COLLATE "C" NOT NULL DEFAULT '',
		lot text COLLATE "C" NOT NULL DEFAULT '',
		by_id bigint NOT NULL REFERENCES users(id),
		due_days integer NOT NULL DEFAULT 0,
		created_at bigint)`,
	`CREATE TABLE commitments (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		customer_id bigint NOT NULL REFERENCES customers(id),
		owner_id bigint NOT NULL REFERENCES users(id),
		kind text COLLATE "C" NOT NULL,
		title text COLLATE "C" NOT NULL,
		details text COLLATE "C" NOT NULL DEFAULT '',
		promised_at bigint NOT NULL,
		due_at bigint,
		due_date text COLLATE "C" NOT NULL DEFAULT '',
		estimate_at bigint,
		status text COLLATE "C" NOT NULL DEFAULT 'open',
		done_at bigint,
		uid text COLLATE "C" NOT NULL UNIQUE,
		sequence integer NOT NULL DEFAULT 0,
		version integer NOT NULL DEFAULT 1,
		scheduled_at bigint,
		told_at bigint,
		notice_id bigint REFERENCES notices(id),
		created_at bigint,
		updated_at bigint)`,
	`CREATE INDEX idx_commitments_status_due ON commitments(status, due_at)`,
	`CREATE INDEX idx_commitments_owner_status_due ON commitments(owner_id, status, due_at)`,
	`CREATE INDEX idx_commitments_customer_status ON commitments(customer_id, status)`,
	`CREATE INDEX idx_commitments_notice ON commitments(notice_id) WHERE notice_id IS NOT NULL`,
	`CREATE TABLE contacts (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		customer_id bigint NOT NULL REFERENCES customers(id),
		user_id bigint NOT NULL REFERENCES users(id),
		at bigint NOT NULL,
		channel text COLLATE "C" NOT NULL,
		direction text COLLATE "C" NOT NULL,
		summary text COLLATE "C" NOT NULL,
		notes text COLLATE "C" NOT NULL DEFAULT '',
		commitment_id bigint REFERENCES commitments(id),
		delay_notice integer NOT NULL DEFAULT 0,
		product_id bigint REFERENCES products(id),
		concern text COLLATE "C" NOT NULL DEFAULT '',
		version integer NOT NULL DEFAULT 1,
		created_at bigint,
		updated_at bigint)`,
	`CREATE INDEX idx_contacts_customer_at ON contacts(customer_id, at, id)`,
	`CREATE INDEX idx_contacts_user_at ON contacts(user_id, at)`,
	`CREATE INDEX idx_contacts_commitment ON contacts(commitment_id) WHERE commitment_id IS NOT NULL`,
	`CREATE INDEX idx_contacts_product_at ON contacts(product_id, at) WHERE product_id IS NOT NULL`,
	`CREATE TABLE contact_revisions (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		contact_id bigint NOT NULL REFERENCES contacts(id),
		summary text COLLATE "C" NOT NULL,
		notes text COLLATE "C" NOT NULL DEFAULT '',
		edited_by bigint NOT NULL REFERENCES users(id),
		edited_at bigint NOT NULL)`,
	`CREATE INDEX idx_contact_revisions_contact ON contact_revisions(contact_id)`,
	`CREATE TABLE commitment_events (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		commitment_id bigint NOT NULL REFERENCES commitments(id),
		customer_id bigint NOT NULL REFERENCES customers(id),
		type text COLLATE "C" NOT NULL,
		at bigint NOT NULL,
		by_id bigint NOT NULL REFERENCES users(id),
		old_due bigint,
		new_due bigint,
		old_due_date text COLLATE "C" NOT NULL DEFAULT '',
		new_due_date text COLLATE "C" NOT NULL DEFAULT '',
		old_owner_id bigint,
		new_owner_id bigint,
		reason text COLLATE "C" NOT NULL DEFAULT '')`,
	`CREATE INDEX idx_events_customer_at ON commitment_events(customer_id, at, id)`,
	`CREATE INDEX idx_events_commitment ON commitment_events(commitment_id)`,
	`CREATE TABLE purchases (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		customer_id bigint NOT NULL REFERENCES customers(id),
		product_id bigint NOT NULL REFERENCES products(id),
		date text COLLATE "C" NOT NULL DEFAULT '',
		lot text COLLATE "C" NOT NULL DEFAULT '',
		created_at bigint)`,
	`CREATE INDEX idx_purchases_product ON purchases(product_id, lot)`,
	`CREATE INDEX idx_purchases_customer ON purchases(customer_id)`,
	`CREATE TABLE settings (
		key text COLLATE "C" PRIMARY KEY,
		value text COLLATE "C" NOT NULL)`,
}

// schemaV2 adds infix search over customers: an external-content FTS5 table
// with the trigram tokenizer (any three letters inside a name, company,
// e-mail or phone, from an index instead of a scan), kept in step by
// triggers in the same transaction as the row it mirrors, and filled for
// the customers that already exist. The update trigger fires only for the
// searched columns, not for every last_contact_at bump of LogContact.
var schemaV2 = []string{
	`CREATE VIRTUAL TABLE customers_fts USING fts5(name, company, email, phone,
		content='customers', content_rowid='id', tokenize='trigram')`,
	`CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
		INSERT INTO customers_fts(rowid, name, company, email, phone) VALUES (new.id, new.name, new.company, new.email, new.phone);
	END`,
	`CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
		INSERT INTO customers_fts(customers_fts, rowid, name, company, email, phone) VALUES ('delete', old.id, old.name, old.company, old.email, old.phone);
	END`,
	`CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, company, email, phone ON customers BEGIN
		INSERT INTO customers_fts(customers_fts, rowid, name, company, email, phone) VALUES ('delete', old.id, old.name, old.company, old.email, old.phone);
		INSERT INTO customers_fts(rowid, name, company, email, phone) VALUES (new.id, new.name, new.company, new.email, new.phone);
	END`,
	`INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')`,
}

// pgSchemaV2 is the same search on PostgreSQL: pg_trgm's GIN index over the
// four searched columns answers an ILIKE on any three letters. The columns
// are indexed under an ICU collation, whose ILIKE folds case for every
// alphabet as FTS5's trigram tokenizer does ("MÜL" finds "Müller"); the
// search names the same collation (pgDialect.search). PostgreSQL keeps the
// index in step in the transaction of the row itself, so no triggers.
// pg_trgm is a trusted extension: the database's owner may create it, and
// an admin may have done so already (README).
var pgSchemaV2 = []string{
	`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
	`CREATE INDEX idx_customers_trgm ON customers USING gin (
		name COLLATE "und-x-icu" gin_trgm_ops, company COLLATE "und-x-icu" gin_trgm_ops,
		email COLLATE "und-x-icu" gin_trgm_ops, phone COLLATE "und-x-icu" gin_trgm_ops)`,
}

// schemaV3 keeps the open promises, with every column the warnings and the
// promise lists read, in one small partial index: a ten-year file has
// hundreds of thousands of closed promises and a few thousand open ones, and
// computing the warnings must not fetch each open row from the big table.
// "due_at IS NOT NULL" is part of the condition on purpose: without it the
// planner also takes this index for "has the customer an open promise"
// (status alone), scanning every open promise per customer instead of
// idx_commitments_customer_status.
var schemaV3 = []string{
	`CREATE INDEX idx_commitments_open ON commitments(status, due_at, estimate_at, owner_id, customer_id, kind, scheduled_at, told_at, due_date, title)
		WHERE status = 'open' AND due_at IS NOT NULL`,
	// "No next step" looks for customers not heard from for weeks; this finds
	// them without reading every customer row. The expression is the one
	// Store.Warnings compares.
	`CREATE INDEX idx_customers_quiet ON customers(COALESCE(last_contact_at, created_at, 0)) WHERE archived = 0`,
}

// pgSchemaV3: the same partial indexes on PostgreSQL, without the covering
// columns: the server keeps the pages in its own memory, so fetching the
// few thousand open rows costs no round trips, and a long title never
// meets the B-tree's row size limit.
var pgSchemaV3 = []string{
	`CREATE INDEX idx_commitments_open ON commitments(status, due_at) WHERE status = 'open' AND due_at IS NOT NULL`,
	`CREATE INDEX idx_customers_quiet ON customers((COALESCE(last_contact_at, created_at, 0))) WHERE archived = 0`,
}

// schemaV4 keeps the promises whose internal estimate is later than the
// promised date (at risk, lesson 5) in their own tiny index, so the warnings
// find them without walking every open promise.
var schemaV4 = []string{
	`CREATE INDEX idx_commitments_at_risk ON commitments(status, due_at, estimate_at, owner_id, customer_id, kind, scheduled_at, told_at, due_date, title)
		WHERE status = 'open' AND due_at IS NOT NULL AND estimate_at > due_at`,
}

// pgSchemaV4 is schemaV4 on PostgreSQL.
var pgSchemaV4 = []string{
	`CREATE INDEX idx_commitments_at_risk ON commitments(status, due_at) WHERE status = 'open' AND due_at IS NOT NULL AND estimate_at > due_at`,
}

// schemaV5 keeps, beside each promise's deadline, the deadline the customer
// last heard, and orders "told since it was rescheduled" by the promise's
// version counter instead of by desktops' clocks (docs/design.md). Existing
// promises count as told: nothing recorded before says otherwise. The
// warnings' covering index gains the new columns, and the small index of
// promises that need attention although their deadline is far (at risk)
// now also holds the untold ones.
var schemaV5 = []string{
	`ALTER TABLE commitments ADD COLUMN told_due_at INTEGER`,
	`ALTER TABLE commitments ADD COLUMN told_due_date TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE commitments ADD COLUMN scheduled_ver INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE commitments ADD COLUMN told_ver INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE commitments ADD COLUMN about_at INTEGER`,
	`ALTER TABLE commitment_events ADD COLUMN told TEXT NOT NULL DEFAULT ''`,
	`UPDATE commitments SET told_due_at = due_at, told_due_date = due_date, scheduled_ver = version,
		told_ver = CASE WHEN told_at IS NOT NULL AND told_at >= scheduled_at THEN version ELSE 0 END,
		about_at = (SELECT max(k.at) FROM contacts k WHERE k.commitment_id = commitments.id)`,
	`DROP INDEX idx_commitments_open`,
	`DROP INDEX idx_commitments_at_risk`,
	`CREATE INDEX idx_commitments_open ON commitments(status, due_at, estimate_at, owner_id, customer_id, kind, told_due_at,
		scheduled_ver, told_ver, about_at, due_date, told_due_date, title)
		WHERE status = 'open' AND due_at IS NOT NULL`,
	`CREATE INDEX idx_commitments_attention ON commitments(status, due_at, estimate_at, owner_id, customer_id, kind, told_due_at,
		scheduled_ver, told_ver, about_at, due_date, told_due_date, title)
		WHERE status = 'open' AND due_at IS NOT NULL AND (estimate_at > due_at OR told_due_at IS NOT due_at)`,
}

// pgSchemaV5 is schemaV5 on PostgreSQL.
var pgSchemaV5 = []string{
	`ALTER TABLE commitments ADD COLUMN told_due_at bigint`,
	`ALTER TABLE commitments ADD COLUMN told_due_date text COLLATE "C" NOT NULL DEFAULT ''`,
	`ALTER TABLE commitments ADD COLUMN scheduled_ver integer NOT NULL DEFAULT 0`,
	`ALTER TABLE commitments ADD COLUMN told_ver integer NOT NULL DEFAULT 0`,
	`ALTER TABLE commitments ADD COLUMN about_at bigint`,
	`ALTER TABLE commitment_events ADD COLUMN told text COLLATE "C" NOT NULL DEFAULT ''`,
	`UPDATE commitments SET told_due_at = due_at, told_due_date = due_date, scheduled_ver = version,
		told_ver = CASE WHEN told_at IS NOT NULL AND told_at >= scheduled_at THEN version ELSE 0 END,
		about_at = (SELECT max(k.at) FROM contacts k WHERE k.commitment_id = commitments.id)`,
	`DROP INDEX idx_commitments_at_risk`,
	`CREATE INDEX idx_commitments_attention ON commitments(status, due_at)
		WHERE status = 'open' AND due_at IS NOT NULL AND (estimate_at > due_at OR told_due_at IS DISTINCT FROM due_at)`,
}

// schemaV6 adds what the calendar needs beyond the export (issue 13):
//   - feed_tokens: the secret part of each salesperson's feed address
//     (/feed/<token>.ics), one per salesperson, replaced on rotation;
//   - calendar_removals: which handovers ("remove from your calendar") the
//     previous owner has dealt with, by the reassigned event's id;
//   - a small partial index to find a salesperson's recent handovers
//     without reading every commitment event;
//   - a kept promise now raises its SEQUENCE (its calendar event is
//     cancelled, and a cancellation must be newer than the last invite):
//     promises kept before this version get the same step once.
var schemaV6 = []string{
	`CREATE TABLE feed_tokens (
		user_id INTEGER PRIMARY KEY REFERENCES users(id),
		token TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL)`,
	`CREATE TABLE calendar_removals (
		user_id INTEGER NOT NULL REFERENCES users(id),
		event_id INTEGER NOT NULL REFERENCES commitment_events(id),
		at INTEGER NOT NULL,
		PRIMARY KEY (user_id, event_id))`,
	`CREATE INDEX idx_events_handed_over ON commitment_events(old_owner_id, at) WHERE type = 'reassigned'`,
	`UPDATE commitments SET sequence = sequence + 1 WHERE status = 'done'`,
}

// pgSchemaV6 is schemaV6 on PostgreSQL.
var pgSchemaV6 = []string{
	`CREATE TABLE feed_tokens (
		user_id bigint PRIMARY KEY REFERENCES users(id),
		token text COLLATE "C" NOT NULL UNIQUE,
		created_at bigint NOT NULL)`,
	`CREATE TABLE calendar_removals (
		user_id bigint NOT NULL REFERENCES users(id),
		event_id bigint NOT NULL REFERENCES commitment_events(id),
		at bigint NOT NULL,
		PRIMARY KEY (user_id, event_id))`,
	`CREATE INDEX idx_events_handed_over ON commitment_events(old_owner_id, at) WHERE type = 'reassigned'`,
	`UPDATE commitments SET sequence = sequence + 1 WHERE status = 'done'`,
}

// schemaMessages gives every customer a language for the messages written
// to them (an empty one follows the team's default, a setting) and keeps
// the team's message templates and talking points (issue 14). A template or a talking
// point that has no row is the built-in default; a row is what the team
// wrote, with who changed it last and a version for optimistic locking.
// Talking points belong to a promise kind (notice_id 0) or to one notice
// (empty kind).
var schemaMessages = []string{
	`ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT ''`,
	`CREATE TABLE message_templates (
		kind TEXT NOT NULL,
		lang TEXT NOT NULL,
		subject TEXT NOT NULL,
		body TEXT NOT NULL,
		version INTEGER NOT NULL DEFAULT 1,
		updated_by INTEGER NOT NULL REFERENCES users(id),
		updated_at INTEGER,
		PRIMARY KEY (kind, lang))`,
	`CREATE TABLE talking_points (
		kind TEXT NOT NULL DEFAULT '',
		notice_id INTEGER NOT NULL DEFAULT 0,
		lang TEXT NOT NULL,
		text TEXT NOT NULL,
		version INTEGER NOT NULL DEFAULT 1,
		updated_by INTEGER NOT NULL REFERENCES users(id),
		updated_at INTEGER,
		PRIMARY KEY (kind, notice_id, lang))`,
}

// pgSchemaMessages is schemaMessages on PostgreSQL.
var pgSchemaMessages = []string{
	`ALTER TABLE customers ADD COLUMN language text COLLATE "C" NOT NULL DEFAULT ''`,
	`CREATE TABLE message_templates (
		kind text COLLATE "C" NOT NULL,
		lang text COLLATE "C" NOT NULL,
		subject text COLLATE "C" NOT NULL,
		body text COLLATE "C" NOT NULL,
		version integer NOT NULL DEFAULT 1,
		updated_by bigint NOT NULL REFERENCES users(id),
		updated_at bigint,
		PRIMARY KEY (kind, lang))`,
	`CREATE TABLE talking_points (
		kind text COLLATE "C" NOT NULL DEFAULT '',
		notice_id bigint NOT NULL DEFAULT 0,
		lang text COLLATE "C" NOT NULL,
		text text COLLATE "C" NOT NULL,
		version integer NOT NULL DEFAULT 1,
		updated_by bigint NOT NULL REFERENCES users(id),
		updated_at bigint,
		PRIMARY KEY (kind, notice_id, lang))`,
}

// schemaImports makes an import a unit that can be taken back (an imports row,
// and the id of the import on every customer and purchase it created, so
// an undo archives exactly those) and gives customers a journal of their
// own: every change of a field with its old and new value, a handover,
// an archive, each with who and when, written in the same transaction as
// the change (nothing in the file changes without a row that says who did
// it). Purchases get an archived flag, because an undone purchase import
// must leave the notices' buyers without deleting a row.
var schemaImports = []string{
	`CREATE TABLE imports (
		id INTEGER PRIMARY KEY,
		kind TEXT NOT NULL,
		source TEXT NOT NULL DEFAULT '',
		by_id INTEGER REFERENCES users(id),
		started_at INTEGER NOT NULL,
		finished_at INTEGER,
		imported INTEGER NOT NULL DEFAULT 0,
		rejected INTEGER NOT NULL DEFAULT 0,
		undone_at INTEGER,
		undone_by INTEGER REFERENCES users(id))`,
	`ALTER TABLE customers ADD COLUMN import_id INTEGER REFERENCES imports(id)`,
	`CREATE INDEX idx_customers_import ON customers(import_id) WHERE import_id IS NOT NULL`,
	`ALTER TABLE purchases ADD COLUMN import_id INTEGER REFERENCES imports(id)`,
	`ALTER TABLE purchases ADD COLUMN archived INTEGER NOT NULL DEFAULT 0`,
	`CREATE INDEX idx_purchases_import ON purchases(import_id) WHERE import_id IS NOT NULL`,
	`CREATE TABLE customer_events (
		id INTEGER PRIMARY KEY,
		customer_id INTEGER NOT NULL REFERENCES customers(id),
		type TEXT NOT NULL,
		field TEXT NOT NULL DEFAULT '',
		old_value TEXT NOT NULL DEFAULT '',
		new_value TEXT NOT NULL DEFAULT '',
		old_owner_id INTEGER REFERENCES users(id),
		new_owner_id INTEGER REFERENCES users(id),
		at INTEGER NOT NULL,
		by_id INTEGER NOT NULL REFERENCES users(id),
		import_id INTEGER REFERENCES imports(id),
		reason TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX idx_customer_events_customer_at ON customer_events(customer_id, at, id)`,
}

// pgSchemaImports is schemaImports on PostgreSQL.
var pgSchemaImports = []string{
	`CREATE TABLE imports (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		kind text COLLATE "C" NOT NULL,
		source text COLLATE "C" NOT NULL DEFAULT '',
		by_id bigint REFERENCES users(id),
		started_at bigint NOT NULL,
		finished_at bigint,
		imported integer NOT NULL DEFAULT 0,
		rejected integer NOT NULL DEFAULT 0,
		undone_at bigint,
		undone_by bigint REFERENCES users(id))`,
	`ALTER TABLE customers ADD COLUMN import_id bigint REFERENCES imports(id)`,
	`CREATE INDEX idx_customers_import ON customers(import_id) WHERE import_id IS NOT NULL`,
	`ALTER TABLE purchases ADD COLUMN import_id bigint REFERENCES imports(id)`,
	`ALTER TABLE purchases ADD COLUMN archived integer NOT NULL DEFAULT 0`,
	`CREATE INDEX idx_purchases_import ON purchases(import_id) WHERE import_id IS NOT NULL`,
	`CREATE TABLE customer_events (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		customer_id bigint NOT NULL REFERENCES customers(id),
		type text COLLATE "C" NOT NULL,
		field text COLLATE "C" NOT NULL DEFAULT '',
		old_value text COLLATE "C" NOT NULL DEFAULT '',
		new_value text COLLATE "C" NOT NULL DEFAULT '',
		old_owner_id bigint REFERENCES users(id),
		new_owner_id bigint REFERENCES users(id),
		at bigint NOT NULL,
		by_id bigint NOT NULL REFERENCES users(id),
		import_id bigint REFERENCES imports(id),
		reason text COLLATE "C" NOT NULL DEFAULT '')`,
	`CREATE INDEX idx_customer_events_customer_at ON customer_events(customer_id, at, id)`,
}

// schemaCovering (issue 15) lets the cold paths read fewer pages. On the office
// share every page SQLite reads is a network round trip, and another
// desktop's write empties the page cache, so Today, the team's warnings and
// the search must not fetch rows from the big tables one page each:
//   - "no next step" finds the quiet customers, with everything the
//     warning shows and the owner it filters on, in one index range;
//   - whether a customer has an open promise other than a standing one is
//     answered from a small partial index instead of a promise row each;
//   - the customer list and the name-ordered search walk one partial index
//     that holds every column the list shows.
//
// The column of a partial index's condition is in the index too: SQLite
// counts an index as covering only when it holds every column the query
// names, also those of a condition the index already implies.
var schemaCovering = []string{
	`DROP INDEX idx_customers_quiet`,
	`CREATE INDEX idx_customers_quiet ON customers(COALESCE(last_contact_at, created_at, 0), owner_id, name, company, last_contact_at, created_at, archived)
		WHERE archived = 0`,
	`CREATE INDEX idx_commitments_open_customer ON commitments(customer_id, kind, status) WHERE status = 'open'`,
	`CREATE INDEX idx_customers_list ON customers(name COLLATE NOCASE, id, company, email, phone, owner_id, archived) WHERE archived = 0`,
}

// changeLogVersion is the migration that made the change log.
const changeLogVersion = 10

// schemaChangeLog (issue 15) keeps a log of which customers and promises
// changed, in file order, so that a desktop re-reads what another desktop's
// change touched instead of recomputing every view from a cold cache
// (ChangesSince, WarningsView). Triggers write it in the same transaction as
// the row they mirror, so no Store operation — today's or a future one —
// can change a customer without a log entry. The id only grows
// (AUTOINCREMENT: never reused after pruning, and with the write lock held
// from BEGIN IMMEDIATE the ids are in commit order). The log keeps about
// the last 5,000 entries; a desktop that fell further behind reloads.
// A contact logged with a customer also moves the customer's last contact:
// that update is "contact", not "customer", so the customer list (which
// does not show it) need not reload.
func schemaChangeLog() []string {
	stmts := []string{
		`CREATE TABLE changes (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			customer_id INTEGER,
			commitment_id INTEGER,
			what TEXT NOT NULL)`,
		`CREATE TRIGGER changes_prune AFTER INSERT ON changes WHEN new.id % 500 = 0 BEGIN
			DELETE FROM changes WHERE id <= new.id - 5000;
		END`,
		// Readers that knew the file before the log existed start from here.
		`INSERT INTO changes (what) VALUES ('reset')`,
	}
	// One trigger per table and event; @ in customer and commitment is the
	// row (new, or old for a delete).
	each := func(table, customer, commitment, what string) {
		for _, ev := range []struct{ suffix, event, row string }{
			{"ai", "INSERT", "new"}, {"au", "UPDATE", "new"}, {"ad", "DELETE", "old"},
		} {
			stmts = append(stmts, fmt.Sprintf(`CREATE TRIGGER changes_%s_%s AFTER %s ON %s BEGIN
				INSERT INTO changes (customer_id, commitment_id, what) VALUES (%s, %s, %s);
			END`, table, ev.suffix, ev.event, table,
				strings.ReplaceAll(customer, "@", ev.row), strings.ReplaceAll(commitment, "@", ev.row), what))
		}
	}
	each("commitments", "@.customer_id", "@.id", "'commitment'")
	each("contacts", "@.customer_id", "@.commitment_id", "'contact'")
	each("purchases", "@.customer_id", "NULL", "'purchase'")
	each("users", "NULL", "NULL", "'user'")
	each("settings", "NULL", "NULL", "'settings'")
	each("notices", "NULL", "NULL", "'notice'")
	each("products", "NULL", "NULL", "'product'")
	// The customer journal accompanies a change of the customer row; as
	// "other" with the customer it reloads that customer's view, not the list.
	each("customer_events", "@.customer_id", "NULL", "'other'")
	for _, t := range []string{"feed_tokens", "calendar_removals", "message_templates", "talking_points", "imports"} {
		each(t, "NULL", "NULL", "'other'")
	}
	stmts = append(stmts,
		`CREATE TRIGGER changes_customers_ai AFTER INSERT ON customers BEGIN
			INSERT INTO changes (customer_id, what) VALUES (new.id, 'customer');
		END`,
		`CREATE TRIGGER changes_customers_au AFTER UPDATE ON customers BEGIN
			INSERT INTO changes (customer_id, what) VALUES (new.id,
				CASE WHEN old.name IS new.name AND old.company IS new.company AND old.email IS new.email
					AND old.phone IS new.phone AND old.owner_id IS new.owner_id AND old.archived IS new.archived
					AND old.address IS new.address AND old.notes IS new.notes AND old.language IS new.language
				THEN 'contact' ELSE 'customer' END);
		END`,
		`CREATE TRIGGER changes_customers_ad AFTER DELETE ON customers BEGIN
			INSERT INTO changes (customer_id, what) VALUES (old.id, 'customer');
		END`,
		// A promise moved to another customer changes the old one too.
		`CREATE TRIGGER changes_commitments_moved AFTER UPDATE OF customer_id ON commitments
			WHEN old.customer_id IS NOT new.customer_id BEGIN
			INSERT INTO changes (customer_id, commitment_id, what) VALUES (old.customer_id, old.id, 'commitment');
		END`,
		`CREATE TRIGGER changes_contacts_moved AFTER UPDATE OF customer_id ON contacts
			WHEN old.customer_id IS NOT new.customer_id BEGIN
			INSERT INTO changes (customer_id, commitment_id, what) VALUES (old.customer_id, old.commitment_id, 'contact');
		END`,
	)
	return stmts
}

// pgSchemaCovering is schemaCovering on PostgreSQL: the same indexes,
// the covered columns as INCLUDE.
var pgSchemaCovering = []string{
	`DROP INDEX idx_customers_quiet`,
	`CREATE INDEX idx_customers_quiet ON customers((COALESCE(last_contact_at, created_at, 0)))
		INCLUDE (owner_id, last_contact_at, created_at) WHERE archived = 0`,
	`CREATE INDEX idx_commitments_open_customer ON commitments(customer_id, kind, status) WHERE status = 'open'`,
	`CREATE INDEX idx_customers_list ON customers(lower(name COLLATE "C"), id) WHERE archived = 0`,
}

// pgSchemaChangeLog is the change log on PostgreSQL. The triggers are the
// same as on the file (the same tables, the same kinds, a customer row
// whose shown fields did not change is "contact"), but a position cannot
// be taken when the row is written: a sequence value is taken at insert,
// not at commit, so a transaction with a lower id could become visible
// after one with a higher id, and a reader that jumped past it would miss
// it. The triggers therefore write their rows without a position, marked
// with their transaction, and zusage_log_commit() — the last statement of
// every write (pgDialect.commit) — numbers them under an advisory lock
// held until COMMIT: the (short) tails of concurrent writers take their
// turn, so positions are in commit order and without gaps, as ChangesSince
// expects (docs/design.md).
func pgSchemaChangeLog() []string {
	stmts := []string{
		`CREATE TABLE changes (
			id bigint UNIQUE,
			customer_id bigint,
			commitment_id bigint,
			what text COLLATE "C" NOT NULL,
			seq bigserial,
			tx xid8)`,
		`CREATE INDEX changes_pending ON changes(tx) WHERE tx IS NOT NULL`,
		`CREATE SEQUENCE changes_pos`,
		`INSERT INTO changes (id, what) VALUES (nextval('changes_pos'), 'reset')`,
		`CREATE FUNCTION zusage_change() RETURNS trigger LANGUAGE plpgsql AS $$
		DECLARE r jsonb;
		BEGIN
			IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
			INSERT INTO changes (customer_id, commitment_id, what, tx) VALUES (
				CASE WHEN TG_ARGV[0] = '' THEN NULL ELSE (r ->> TG_ARGV[0])::bigint END,
				CASE WHEN TG_ARGV[1] = '' THEN NULL ELSE (r ->> TG_ARGV[1])::bigint END,
				TG_ARGV[2], pg_current_xact_id());
			RETURN NULL;
		END $$`,
		`CREATE FUNCTION zusage_change_customer() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_OP = 'DELETE' THEN
				INSERT INTO changes (customer_id, what, tx) VALUES (OLD.id, 'customer', pg_current_xact_id());
			ELSIF TG_OP = 'UPDATE' AND (OLD.name, OLD.company, OLD.email, OLD.phone, OLD.owner_id, OLD.archived,
					OLD.address, OLD.notes, OLD.language) IS NOT DISTINCT FROM (NEW.name, NEW.company, NEW.email,
					NEW.phone, NEW.owner_id, NEW.archived, NEW.address, NEW.notes, NEW.language) THEN
				INSERT INTO changes (customer_id, what, tx) VALUES (NEW.id, 'contact', pg_current_xact_id());
			ELSE
				INSERT INTO changes (customer_id, what, tx) VALUES (NEW.id, 'customer', pg_current_xact_id());
			END IF;
			RETURN NULL;
		END $$`,
		// A promise or contact moved to another customer changes the old one too.
		`CREATE FUNCTION zusage_change_moved() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF OLD.customer_id IS DISTINCT FROM NEW.customer_id THEN
				INSERT INTO changes (customer_id, commitment_id, what, tx) VALUES (OLD.customer_id,
					CASE WHEN TG_ARGV[0] = '' THEN NULL ELSE (to_jsonb(OLD) ->> TG_ARGV[0])::bigint END,
					TG_ARGV[1], pg_current_xact_id());
			END IF;
			RETURN NULL;
		END $$`,
		`CREATE FUNCTION zusage_log_commit() RETURNS bigint LANGUAGE plpgsql AS $$
		DECLARE last bigint;
		BEGIN
			IF pg_current_xact_id_if_assigned() IS NULL
				OR NOT EXISTS (SELECT 1 FROM changes WHERE tx = pg_current_xact_id()) THEN
				RETURN NULL;
			END IF;
			PERFORM pg_advisory_xact_lock(1515407153, hashtext(current_schema() || '.changes'));
			UPDATE changes c SET id = p.pos, tx = NULL
				FROM (SELECT o.seq, nextval('changes_pos') AS pos
					FROM (SELECT seq FROM changes WHERE tx = pg_current_xact_id() ORDER BY seq) o) p
				WHERE c.seq = p.seq;
			last := currval('changes_pos');
			-- The log keeps about the last 5,000 entries, as on the file.
			DELETE FROM changes WHERE id <= last - 5000;
			RETURN last;
		END $$`,
	}
	each := func(table, customer, commitment, what string) {
		stmts = append(stmts, fmt.Sprintf(`CREATE TRIGGER changes_%s AFTER INSERT OR UPDATE OR DELETE ON %s
			FOR EACH ROW EXECUTE FUNCTION zusage_change('%s', '%s', '%s')`, table, table, customer, commitment, what))
	}
	each("commitments", "customer_id", "id", "commitment")
	each("contacts", "customer_id", "commitment_id", "contact")
	each("purchases", "customer_id", "", "purchase")
	each("users", "", "", "user")
	each("settings", "", "", "settings")
	each("notices", "", "", "notice")
	each("products", "", "", "product")
	each("customer_events", "customer_id", "", "other")
	for _, t := range []string{"feed_tokens", "calendar_removals", "message_templates", "talking_points", "imports"} {
		each(t, "", "", "other")
	}
	return append(stmts,
		`CREATE TRIGGER changes_customers AFTER INSERT OR UPDATE OR DELETE ON customers
			FOR EACH ROW EXECUTE FUNCTION zusage_change_customer()`,
		`CREATE TRIGGER changes_commitments_moved AFTER UPDATE OF customer_id ON commitments
			FOR EACH ROW EXECUTE FUNCTION zusage_change_moved('id', 'commitment')`,
		`CREATE TRIGGER changes_contacts_moved AFTER UPDATE OF customer_id ON contacts
			FOR EACH ROW EXECUTE FUNCTION zusage_change_moved('commitment_id', 'contact')`,
	)
}

// pgSchemaStatistics gives PostgreSQL's planner what it cannot know from
// the columns alone (SQLite needs nothing: its plans are fixed by the
// indexes and INDEXED BY). A partial index's expression has no statistics
// of its own, so the planner guessed a third of all customers quiet — 6,542
// where 366 are, on the full-scale file — and filtered every customer
// instead of taking idx_customers_quiet (9.2 → 1.8 ms for the whole team's
// "no next step"). ANALYZE fills it: here for a server already in use,
// later autovacuum and zusage move.
var pgSchemaStatistics = []string{
	`CREATE STATISTICS customers_quiet_since ON (COALESCE(last_contact_at, created_at, 0)) FROM customers`,
	`ANALYZE customers`,
}

// migrate brings the database to SchemaVersion.
func (s *Store) migrate() error { return s.d.migrate(s) }

// migrateFile applies the missing migrations to a SQLite file, each in its
// own write transaction together with the new user_version, so a crash
// leaves a consistent file.
func (s *Store) migrateFile() error {
	// A file that is already current needs no write lock at all: every
	// desktop opening the shared file would otherwise take it once per
	// migration. The version only ever grows, so a read outside the lock is
	// enough to know there is nothing to do.
	var cur int
	if err := s.db.Raw("PRAGMA user_version").Scan(&cur).Error; err != nil {
		return mapErr(err)
	}
	if cur >= SchemaVersion {
		return nil
	}
	for _, m := range migrations {
		err := s.db.Transaction(func(tx *gorm.DB) error {
			// Read the version inside the write lock: another desktop may have
			// migrated the file a moment ago.
			var v int
			if err := tx.Raw("PRAGMA user_version").Scan(&v).Error; err != nil {
				return err
			}
			if v >= m.version {
				return nil
			}
			if v != m.version-1 {
				return fmt.Errorf("schema version %d cannot be upgraded to %d", v, m.version)
			}
			if m.version == 1 {
				if err := tx.Exec(fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)).Error; err != nil {
					return err
				}
			}
			if err := m.up(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
			}
			if m.version > changeLogVersion {
				// A new schema may change what any view shows: every
				// desktop that holds views reloads them.
				if err := tx.Exec(`INSERT INTO changes (what) VALUES ('reset')`).Error; err != nil {
					return err
				}
			}
			return tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", m.version)).Error
		})
		if err != nil {
			return mapErr(err)
		}
	}
	return nil
}
