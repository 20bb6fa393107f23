package data

import (
	"sort"
	"strings"
	"time"
)

// ConcernRow is a product the front line heard concerns about (lesson 8).
type ConcernRow struct {
	ProductID uint
	Product   string
	// Concerns counts contacts tagged with a concern about the product.
	Concerns int
	// Customers counts the different customers who raised them.
	Customers int
	// Tags are the concern tags heard, most frequent first.
	Tags []TagCount
	Last time.Time
}

// TagCount is how often a concern tag was heard.
type TagCount struct {
	Tag   string
	Count int
}

// TopConcerns lists the products with the most concern-tagged contacts in
// [from, to) (a zero end is open), most first, at most limit (0: 10).
func (s *Store) TopConcerns(from, to time.Time, limit int) ([]ConcernRow, error) {
	if limit <= 0 {
		limit = 10
	}
	where := "k.product_id IS NOT NULL AND k.concern <> ''"
	var args []any
	if !from.IsZero() {
		where += " AND k.at >= ?"
		args = append(args, from.Unix())
	}
	if !to.IsZero() {
		where += " AND k.at < ?"
		args = append(args, to.Unix())
	}
	rows, err := s.db.Raw(`SELECT k.product_id, p.name, count(*), count(DISTINCT k.customer_id), max(k.at)
		FROM contacts k JOIN products p ON p.id = k.product_id
		WHERE `+where+`
		GROUP BY k.product_id, p.name ORDER BY count(*) DESC, p.name COLLATE NOCASE LIMIT ?`, append(args, limit)...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	var out []ConcernRow
	index := map[uint]int{}
	for rows.Next() {
		var r ConcernRow
		var last Stamp
		if err := rows.Scan(&r.ProductID, &r.Product, &r.Concerns, &r.Customers, &last); err != nil {
			rows.Close()
			return nil, err
		}
		r.Last = last.Time
		index[r.ProductID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]uint, 0, len(out))
	for _, r := range out {
		ids = append(ids, r.ProductID)
	}
	tagRows, err := s.db.Raw(`SELECT k.product_id, k.concern, count(*) FROM contacts k
		WHERE `+where+` AND k.product_id IN ?
		GROUP BY k.product_id, k.concern`, append(args, ids)...).Rows()
	if err != nil {
		return nil, mapErr(err)
	}
	defer tagRows.Close()
	// Tags differ in case and spacing as people type them; count them as one.
	merged := map[uint]map[string]*TagCount{}
	for tagRows.Next() {
		var id uint
		var tag string
		var n int
		if err := tagRows.Scan(&id, &tag, &n); err != nil {
			return nil, err
		}
		key := strings.ToLower(strings.Join(strings.Fields(tag), " "))
		if merged[id] == nil {
			merged[id] = map[string]*TagCount{}
		}
		if tc, ok := merged[id][key]; ok {
			tc.Count += n
		} else {
			merged[id][key] = &TagCount{Tag: strings.Join(strings.Fields(tag), " "), Count: n}
		}
	}
	if err := tagRows.Err(); err != nil {
		return nil, mapErr(err)
	}
	for id, tags := range merged {
		r := &out[index[id]]
		for _, tc := range tags {
			r.Tags = append(r.Tags, *tc)
		}
		sort.Slice(r.Tags, func(i, j int) bool {
			if r.Tags[i].Count != r.Tags[j].Count {
				return r.Tags[i].Count > r.Tags[j].Count
			}
			return strings.ToLower(r.Tags[i].Tag) < strings.ToLower(r.Tags[j].Tag)
		})
	}
	return out, nil
}

// ConcernTags lists the concern tags used so far, most used first, so the
// UI can offer them instead of a new spelling each time.
func (s *Store) ConcernTags(limit int) ([]string, error) {
	if limit <= 0 {
		limit = 50
	}
	var out []string
	err := s.db.Raw(`SELECT min(concern) FROM contacts WHERE concern <> '' GROUP BY concern COLLATE NOCASE
		ORDER BY count(*) DESC, concern COLLATE NOCASE LIMIT ?`, limit).Scan(&out).Error
	return out, mapErr(err)
}
