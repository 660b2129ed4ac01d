package chengine

import (
	"context"
	"fmt"

	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/snapshot"
)

// dict gives strings ids in order of first sight, id 0 being "".
type dict struct {
	list []string
	ids  map[string]int32
}

func newDict(seed []string) *dict {
	d := &dict{list: []string{""}, ids: map[string]int32{}}
	for _, s := range seed {
		d.id(s)
	}
	return d
}

func (d *dict) id(s string) int32 {
	if v, ok := d.ids[s]; ok {
		return v
	}
	v := int32(len(d.list))
	d.ids[s] = v
	d.list = append(d.list, s)
	return v
}

// idOf is id for a string read into a reused buffer: a known one costs
// no allocation (the map lookup does not copy b).
func (d *dict) idOf(b []byte) int32 {
	if v, ok := d.ids[string(b)]; ok {
		return v
	}
	return d.id(string(b))
}

// load streams the rows of sql, which selects (user, time, name, session,
// prop_keys, prop_values) in import order (seq) as RowBinary, into a
// snapshot. The event and key dictionaries start as the catalog's, so an
// analysis knows (and suggests) every name the server holds, even those
// the query left out, and ids compare as in a local store. With span,
// a user of its own (spanUser) holds the table's first and last times.
func (e *Engine) load(ctx context.Context, sql string, span bool) (*snapshot.Log, error) {
	users, names, keys, values := newDict(nil), newDict(e.cat.names), newDict(e.cat.keys), newDict(nil)
	sessions := newDict(nil)
	var b snapshot.Builder
	var (
		user, name, sess []byte
		ks, vs           [][]byte
		pairs            []propblob.Pair
		blob             []byte
	)
	err := rows(ctx, e.q, sql, func(r *rowReader) (err error) {
		if user, err = r.bytes(user); err != nil {
			return err
		}
		t, err := r.int64()
		if err != nil {
			return err
		}
		if name, err = r.bytes(name); err != nil {
			return err
		}
		if sess, err = r.bytes(sess); err != nil {
			return err
		}
		if ks, err = r.byteArrays(ks); err != nil {
			return err
		}
		if vs, err = r.byteArrays(vs); err != nil {
			return err
		}
		if len(ks) != len(vs) {
			return fmt.Errorf("an event of user %q has %d property keys and %d values", user, len(ks), len(vs))
		}
		pairs = pairs[:0]
		for i, k := range ks {
			if len(vs[i]) > 0 {
				pairs = append(pairs, propblob.Pair{Key: int64(keys.idOf(k)), Value: int64(values.idOf(vs[i]))})
			}
		}
		propblob.Sort(pairs)
		blob = propblob.Append(blob[:0], pairs)
		sid := int32(0)
		if len(sess) > 0 {
			sid = sessions.idOf(sess)
		}
		b.Add(users.idOf(user), names.idOf(name), t, sid, blob)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stream events: %w", err)
	}
	if span && e.cat.summary.Events > 0 {
		u := users.id(spanUser(users))
		b.Add(u, 0, e.cat.summary.First, 0, nil)
		b.Add(u, 0, e.cat.summary.Last, 0, nil)
	}
	return b.Build(users.list, names.list, keys.list, values.list), nil
}

// spanUser is a user name that no streamed user has, whose two events
// carry the table's first and last times, so that an analysis reading
// the log's extent (trends' calendar and its incomplete periods) sees the
// whole table's. Their name is the empty one (id 0), which no step can
// name and the importer never stores, so they match nothing else.
func spanUser(users *dict) string {
	u := "\x00span"
	for {
		if _, taken := users.ids[u]; !taken {
			return u
		}
		u += "\x00"
	}
}
