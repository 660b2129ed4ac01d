package ingest

import (
	"hash/maphash"
	"strings"
)

// The users and sessions dictionaries grow with the data (millions of
// strings in a large export), so the encoder does not hold them: it keeps
// the strings it saw last (genCache) and a Bloom filter of every string
// the dictionary holds (knownSet). A string in neither is new and gets its
// id at once; one the filter may know goes to the writer, which looks it
// up in the store (ImportTx.LookupDict). Memory is the cache plus about
// 1.5 bytes a string, where a Go map took some 80.

// genCacheSize is how many strings one generation of a genCache holds. A
// variable, as are the filter's sizes below, so that tests can make them
// small.
var genCacheSize = 128 << 10

// genCache maps recent strings to ids in two generations: when the young
// one is full it becomes the old one and the oldest strings are dropped.
// A hit in the old generation moves the string to the young one.
type genCache struct {
	young, old map[string]int64
}

func (c *genCache) get(s string) (int64, bool) {
	if id, ok := c.young[s]; ok {
		return id, true
	}
	id, ok := c.old[s]
	if ok {
		c.put(strings.Clone(s), id) // the old map's key may go with it
	}
	return id, ok
}

// put remembers s, which the caller owns (a copy of the reader's text).
func (c *genCache) put(s string, id int64) {
	if c.young == nil || len(c.young) >= genCacheSize {
		c.old, c.young = c.young, make(map[string]int64, min(genCacheSize, 1024))
	}
	c.young[s] = id
}

// knownSet is a Bloom filter that grows: a new layer of twice the
// capacity when the last one is full, so its false positives stay near
// 1% however many strings it takes.
type knownSet struct {
	seed   maphash.Seed
	layers []bloomLayer
}

type bloomLayer struct {
	bits []uint64
	n    int // strings added
	cap  int
}

// bloomBits per string and bloomHashes probes give about 1% false positives.
const (
	bloomBits   = 10
	bloomHashes = 7
)

// bloomFirst is how many strings the first layer holds.
var bloomFirst = 1 << 20

func newKnownSet() *knownSet { return &knownSet{seed: maphash.MakeSeed()} }

func (k *knownSet) add(s string) {
	if len(k.layers) == 0 || k.layers[len(k.layers)-1].n >= k.layers[len(k.layers)-1].cap {
		c := bloomFirst
		if len(k.layers) > 0 {
			c = 2 * k.layers[len(k.layers)-1].cap
		}
		k.layers = append(k.layers, bloomLayer{bits: make([]uint64, max(1, c*bloomBits/64)), cap: c})
	}
	l := &k.layers[len(k.layers)-1]
	h := maphash.String(k.seed, s)
	l.set(h)
	l.n++
}

func (k *knownSet) mayHave(s string) bool {
	h := maphash.String(k.seed, s)
	for i := range k.layers {
		if k.layers[i].has(h) {
			return true
		}
	}
	return false
}

// probes derives the filter's bit positions from one 64-bit hash (double
// hashing).
func (l *bloomLayer) probe(h uint64, fn func(bit uint64) bool) bool {
	n := uint64(len(l.bits)) * 64
	a, b := h, h>>32|1
	for i := uint64(0); i < bloomHashes; i++ {
		if !fn((a + i*b) % n) {
			return false
		}
	}
	return true
}

func (l *bloomLayer) set(h uint64) {
	l.probe(h, func(bit uint64) bool { l.bits[bit/64] |= 1 << (bit % 64); return true })
}

func (l *bloomLayer) has(h uint64) bool {
	return l.probe(h, func(bit uint64) bool { return l.bits[bit/64]&(1<<(bit%64)) != 0 })
}
