// Command benchtable makes the full-scale benchmark file and prints the
// performance table of `make bench`.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/zusage/zusage/data"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtable gen [--db PATH] | benchtable table [--db PATH] BENCH-OUTPUT...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "gen":
		fs := flag.NewFlagSet("gen", flag.ExitOnError)
		db := fs.String("db", benchDB(), "benchmark database")
		prof := fs.String("cpuprofile", "", "write a CPU profile of the generation here")
		fs.Parse(os.Args[2:])
		if *prof != "" {
			f, err := os.Create(*prof)
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchtable:", err)
				os.Exit(1)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		start := time.Now()
		if err := data.EnsureBenchFile(*db, bar()); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			pprof.StopCPUProfile()
			os.Exit(1)
		}
		fmt.Printf("%s ready (%s)\n", *db, time.Since(start).Round(time.Millisecond))
	default:
		fmt.Fprintln(os.Stderr, "benchtable: unknown command", os.Args[1])
		os.Exit(2)
	}
}

// benchDB is the file the benchmarks use: $ZUSAGE_BENCH_DB or the cache.
func benchDB() string {
	if p := os.Getenv("ZUSAGE_BENCH_DB"); p != "" {
		return p
	}
	return data.BenchFilePath()
}

func bar() func(done, total int) {
	last := -1
	return func(done, total int) {
		pct := done * 100 / total
		if pct != last {
			last = pct
			fmt.Fprintf(os.Stderr, "\rgenerating %3d%%", pct)
			if done == total {
				fmt.Fprintln(os.Stderr)
			}
		}
	}
}
