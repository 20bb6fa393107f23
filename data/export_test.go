package data

import "context"

// Hooks for the tests of package data_test, which need demo data (made by
// data/demo, which imports data) and so cannot be internal tests.

// EscapeLike is escapeLike.
var EscapeLike = escapeLike

// SetSearchManyCap replaces the threshold of the name-ordered search plan
// and returns the function that puts it back.
func SetSearchManyCap(f func(limit, offset int) int) (restore func()) {
	old := searchManyCap
	searchManyCap = f
	return func() { searchManyCap = old }
}

// WatchPoll opens a connection like the watch's and returns one poll on
// it, for the benchmark of the idle poll's reads.
func (s *Store) WatchPoll() (poll func() (int64, error), stop func(), err error) {
	ctx := context.Background()
	db, c, err := s.watchConn(ctx)
	if err != nil {
		return nil, nil, err
	}
	return func() (int64, error) { return dataVersion(ctx, c) }, func() { c.Close(); db.Close() }, nil
}
