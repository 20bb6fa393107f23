package data

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// runServer is the watcher on a PostgreSQL server: one connection of its
// own LISTENs for the notification every write sends at commit, so another
// desktop's change shows within a moment. A notification can be missed —
// the connection dropped, a pooler in between that forwards no
// notifications — so every interval without one it also reads the change
// counter (pgChangeSeq), and a reconnection after a failure counts as a
// change, as on the file.
func (w *watcher) runServer(ctx context.Context, interval time.Duration, lastWrites uint64, onChange func()) {
	defer close(w.done)
	var conn *pgx.Conn
	var lastSeq int64
	failed := false
	release := func() {
		if conn != nil {
			conn.Close(context.Background())
			conn = nil
		}
	}
	defer release()
	readSeq := func() (int64, error) {
		var v int64
		// A new sequence has last_value 1 before its first nextval.
		err := conn.QueryRow(ctx, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "+pgChangeSeq).Scan(&v)
		return v, err
	}
	for {
		changed := false
		if conn == nil {
			c, err := pgx.ConnectConfig(ctx, w.s.pgConfig.Copy())
			if err == nil {
				conn = c
				if _, err = conn.Exec(ctx, "LISTEN "+quoteIdent(w.s.d.(pgDialect).channel)); err == nil {
					lastSeq, err = readSeq()
				}
			}
			// Only a connection lost after it worked may have missed
			// changes, as on the file; a first connection that fails is
			// just tried again.
			if err != nil {
				release()
			} else if failed {
				failed, changed = false, true
			}
		}
		if conn != nil && !changed {
			wctx, cancel := context.WithTimeout(ctx, interval)
			_, err := conn.WaitForNotification(wctx)
			cancel()
			switch {
			case err == nil:
				changed = true
				// One refresh for a burst of changes.
				for {
					dctx, dcancel := context.WithTimeout(ctx, 20*time.Millisecond)
					_, derr := conn.WaitForNotification(dctx)
					dcancel()
					if derr != nil {
						break
					}
				}
				if v, err := readSeq(); err == nil {
					lastSeq = v
				}
			case ctx.Err() != nil:
				return
			case errors.Is(err, context.DeadlineExceeded):
				if v, err := readSeq(); err != nil {
					release()
					failed, changed = true, true
				} else if v != lastSeq {
					lastSeq, changed = v, true
				}
			default:
				release()
				failed, changed = true, true
			}
		} else if conn == nil {
			select {
			case <-w.quit:
				return
			case <-time.After(interval):
			}
		}
		if !w.deliver(changed, &lastWrites, onChange) {
			return
		}
		select {
		case <-w.quit:
			return
		default:
		}
	}
}
