package data

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
