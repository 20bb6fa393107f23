package app

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
)

// benchOpenSpec is the hidden mode behind `make bench`'s memory rows of the
// real window (issue 15): ZUSAGE_BENCH_OPEN=ID:N opens the view of customer
// ID N times in a row, each time anew and waiting until it has loaded, as
// a user clicking through the list does, then prints one line to stdout
// and keeps running, so that cmd/benchtable can read the resident memory.
type benchOpenSpec struct {
	customer uint
	times    int
}

func benchOpenFromEnv() benchOpenSpec {
	id, n, ok := strings.Cut(os.Getenv("ZUSAGE_BENCH_OPEN"), ":")
	if !ok {
		return benchOpenSpec{}
	}
	cid, err1 := strconv.ParseUint(id, 10, 64)
	times, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || times <= 0 {
		return benchOpenSpec{}
	}
	return benchOpenSpec{customer: uint(cid), times: times}
}

// BenchOpenDone is the line the mode prints when it has opened the view.
const BenchOpenDone = "zusage: bench: opened customer %d %d times"

// runBenchOpen opens the customer view spec.times times. UI thread.
func (u *ui) runBenchOpen(spec benchOpenSpec) {
	go func() {
		for i := 0; i < spec.times; i++ {
			fyne.DoAndWait(func() {
				if u.customers.detail != nil && u.customers.detail.id == spec.customer {
					// Anew, as opening another customer and coming back does.
					u.customers.detail = nil
				}
				u.openCustomer(spec.customer)
			})
			for loading := true; loading; {
				time.Sleep(20 * time.Millisecond)
				fyne.DoAndWait(func() { loading = u.customers.detail.loading })
			}
		}
		fmt.Printf(BenchOpenDone+"\n", spec.customer, spec.times)
	}()
}
