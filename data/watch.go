package data

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// watcher polls one dedicated connection for changes to the file.
type watcher struct {
	s          *Store
	quit       chan struct{}
	done       chan struct{}
	cancel     context.CancelFunc
	once       sync.Once
	inCallback atomic.Bool
}

// Watch calls onChange, from its own goroutine, whenever the database has
// changed: by another desktop (PRAGMA data_version, polled every interval
// on one dedicated read-only connection — data_version is per connection)
// or through this Store. Polling costs one small read of the file header
// when nothing changed. stop ends the goroutine and releases the
// connection; after it returns no new onChange starts, and it may be called
// from inside onChange. Close stops every watcher. The UI wraps its
// reaction in fyne.Do.
func (s *Store) Watch(interval time.Duration, onChange func()) (stop func()) {
	if interval <= 0 {
		interval = DefaultWatchInterval
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{s: s, quit: make(chan struct{}), done: make(chan struct{}), cancel: cancel}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		cancel()
		return func() {}
	}
	s.watchers[w] = struct{}{}
	s.mu.Unlock()
	go s.d.watch(ctx, w, interval, s.writes.Load(), onChange)
	return w.stop
}

func (w *watcher) stop() {
	w.once.Do(func() {
		close(w.quit)
		w.cancel()
	})
	// From inside onChange the goroutine cannot end before we return.
	if !w.inCallback.Load() {
		<-w.done
	}
	w.s.mu.Lock()
	delete(w.s.watchers, w)
	w.s.mu.Unlock()
}

func (w *watcher) run(ctx context.Context, interval time.Duration, lastWrites uint64, onChange func()) {
	defer close(w.done)
	var (
		db       *sql.DB
		conn     *sql.Conn
		lastData int64
	)
	release := func() {
		if conn != nil {
			conn.Close()
			conn = nil
		}
		if db != nil {
			db.Close()
			db = nil
		}
	}
	defer release()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		changed := false
		if conn == nil {
			// (Re)connect; a share that was away may have missed changes,
			// so a reconnection after a failure counts as a change.
			var c *sql.Conn
			var err error
			db, c, err = w.s.watchConn(ctx)
			if err == nil {
				lastData, err = dataVersion(ctx, c)
				if err != nil {
					c.Close()
				}
			}
			if err != nil {
				release()
			} else {
				conn = c
			}
		} else {
			if v, err := dataVersion(ctx, conn); err != nil {
				release()
				changed = true
			} else if v != lastData {
				lastData = v
				changed = true
			}
		}
		// The same poll notices a file that was replaced, renamed or
		// deleted under this desktop (Store.OnFileGone is told).
		w.s.checkFile()
		if !w.deliver(changed, &lastWrites, onChange) {
			return
		}
		select {
		case <-w.quit:
			return
		case <-ticker.C:
		}
	}
}

// dataVersion is one poll: PRAGMA data_version changes when another
// connection committed a change to the file. It reads 16 bytes of the
// file's header (one round trip on the share) besides taking and releasing
// the shared lock.
func dataVersion(ctx context.Context, conn *sql.Conn) (int64, error) {
	var v int64
	err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// watchConn opens the watch's own read-only connection to the file.
func (s *Store) watchConn(ctx context.Context) (*sql.DB, *sql.Conn, error) {
	db := sql.OpenDB(&connector{dsn: s.roDSN, readOnly: true, busy: busyOf(s.lockWait)})
	db.SetMaxOpenConns(1)
	c, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, c, nil
}

// deliver adds this Store's own writes to changed and, when anything
// changed, calls onChange; it reports false when the watcher was stopped.
func (w *watcher) deliver(changed bool, lastWrites *uint64, onChange func()) bool {
	if n := w.s.writes.Load(); n != *lastWrites {
		*lastWrites = n
		changed = true
	}
	if !changed {
		return true
	}
	select {
	case <-w.quit:
		return false
	default:
	}
	w.inCallback.Store(true)
	onChange()
	w.inCallback.Store(false)
	return true
}
