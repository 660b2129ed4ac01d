package sshserve

import (
	"net"
	"sync"
	"time"
)

// rateLimiter is a token bucket per remote address: burst connections at
// once, then one more per every. Buckets that are full again are dropped,
// so the map only holds addresses seen recently.
type rateLimiter struct {
	burst int
	every time.Duration
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(burst int, every time.Duration) *rateLimiter {
	return &rateLimiter{burst: burst, every: every, now: time.Now, buckets: map[string]*bucket{}}
}

// allow takes a token for addr's host, reporting false when none is left.
func (r *rateLimiter) allow(addr net.Addr) bool {
	host := hostOf(addr)
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buckets) > 4096 {
		r.sweep(now)
	}
	b, ok := r.buckets[host]
	if !ok {
		b = &bucket{tokens: float64(r.burst), last: now}
		r.buckets[host] = b
	}
	b.tokens = min(float64(r.burst), b.tokens+float64(now.Sub(b.last))/float64(r.every))
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// refund gives back the token of a connection dropped for another reason
// before it did any work, so its retry is not also rate limited.
func (r *rateLimiter) refund(addr net.Addr) {
	host := hostOf(addr)
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.buckets[host]; ok {
		b.tokens = min(float64(r.burst), b.tokens+1)
	}
}

func hostOf(addr net.Addr) string {
	host := addr.String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return host
}

func (r *rateLimiter) sweep(now time.Time) {
	for k, b := range r.buckets {
		if b.tokens+float64(now.Sub(b.last))/float64(r.every) >= float64(r.burst) {
			delete(r.buckets, k)
		}
	}
}
