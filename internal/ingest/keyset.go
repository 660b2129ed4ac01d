package ingest

// keySet is an open-addressing set of dedup keys. The keys are already
// hashes, so it needs no hashing of its own, and at 8 bytes a slot it holds
// a million keys in 16-32 MB where a Go map takes well over twice that.
type keySet struct {
	slots   []int64 // 0 marks an empty slot
	n       int
	hasZero bool
}

// add inserts k and reports whether it was new.
func (s *keySet) add(k int64) bool {
	if k == 0 {
		was := s.hasZero
		s.hasZero = true
		return !was
	}
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := len(s.slots) - 1
	for i := int(uint64(k)) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = k
			s.n++
			return true
		case k:
			return false
		}
	}
}

func (s *keySet) grow() {
	old := s.slots
	s.slots = make([]int64, max(1024, 2*len(old)))
	s.n = 0
	for _, k := range old {
		if k != 0 {
			s.add(k)
		}
	}
}

// keys returns the members in no particular order.
func (s *keySet) keys() []int64 {
	out := make([]int64, 0, s.n+1)
	if s.hasZero {
		out = append(out, 0)
	}
	for _, k := range s.slots {
		if k != 0 {
			out = append(out, k)
		}
	}
	return out
}
