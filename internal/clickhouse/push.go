package clickhouse

import (
	"context"
	"fmt"
	"sort"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/store"
)

// Push copies every event of the local store st into the events table,
// in st's import order, through the same staging and dedup as a file:
// pushing twice adds nothing. The local store keeps no insert ids, so a
// pushed event's dedup key hashes its content (ingest.DedupKey without an
// insert id): importing a file that has insert ids after pushing it adds
// its events again. im.Progress, when set, hears how far the read has come.
func (im *Importer) Push(ctx context.Context, st *store.Store) (ingest.Result, error) {
	var dicts [store.NumDicts][]string
	for k := store.DictKind(0); k < store.NumDicts; k++ {
		d, err := st.DictStrings(ctx, k)
		if err != nil {
			return ingest.Result{}, fmt.Errorf("push %s: %w", st.Path(), err)
		}
		dicts[k] = d
	}
	name := st.Path()
	prog, err := newPushProgress(ctx, st, im.Progress)
	if err != nil {
		return ingest.Result{}, fmt.Errorf("push %s: %w", name, err)
	}
	return im.load(ctx, func(add func(*ingest.Event, int64) error) (ingest.Result, error) {
		res := ingest.Result{File: name, Format: "funnelscope"}
		err := st.ScanEvents(ctx, func(se *store.StoredEvent) error {
			ev, err := decodeStored(&dicts, se)
			if err != nil {
				return fmt.Errorf("event %d: %w", se.Seq, err)
			}
			res.RowsRead++
			res.Imported++
			prog.report(res.Imported, false)
			return add(ev, ingest.DedupKey(ev))
		})
		if err != nil {
			return res, fmt.Errorf("push %s: %w (nothing of it was pushed)", name, err)
		}
		// A last report: the copy on the server follows, with the bar full.
		prog.report(res.Imported, true)
		return res, nil
	})
}

// decodeStored is the event se stands for, its properties sorted by key
// (as DedupKey needs).
func decodeStored(d *[store.NumDicts][]string, se *store.StoredEvent) (*ingest.Event, error) {
	str := func(k store.DictKind, id int64) (string, error) {
		if id < 0 || id >= int64(len(d[k])) {
			return "", fmt.Errorf("%s id %d of %d: the database is corrupt", k, id, len(d[k]))
		}
		return d[k][id], nil
	}
	ev := &ingest.Event{Time: se.Time}
	var err error
	if ev.User, err = str(store.DictUsers, se.User); err != nil {
		return nil, err
	}
	if ev.Name, err = str(store.DictNames, se.Name); err != nil {
		return nil, err
	}
	if ev.Session, err = str(store.DictSessions, se.Session); err != nil {
		return nil, err
	}
	pairs, err := propblob.Decode(nil, se.Props)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		k, err := str(store.DictKeys, p.Key)
		if err != nil {
			return nil, err
		}
		v, err := str(store.DictValues, p.Value)
		if err != nil {
			return nil, err
		}
		ev.Props = append(ev.Props, ingest.Prop{Key: k, Value: v})
	}
	sort.Slice(ev.Props, func(i, j int) bool { return ev.Props[i].Key < ev.Props[j].Key })
	return ev, nil
}
