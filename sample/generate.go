package sample

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
)

// Config says which sample to generate. The zero value is the workshop
// default: 20,000 users from 2026-09-01 UTC over 56 days, seed 0.
type Config struct {
	Users int       // number of users; 0 means DefaultUsers
	Seed  int64     // the same seed gives the same events, byte for byte
	Start time.Time // first instant of the window; zero means DefaultStart
	Days  int       // length of the window in days; 0 means DefaultDays
}

// Defaults of Config's zero fields.
const (
	DefaultUsers = 20_000
	DefaultDays  = 56
)

// DefaultStart is the start of the default window, 2026-09-01 00:00 UTC.
var DefaultStart = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

// EventsPerUser is the measured mean number of events per user (for the
// default window; it barely depends on the seed).
const EventsPerUser = 13.4

// EstimateEvents returns about how many events Generate produces for users
// users, to size a benchmark log or a progress bar.
func EstimateEvents(users int) int {
	return int(float64(users)*EventsPerUser + 0.5)
}

func (c Config) normalised() (Config, error) {
	switch {
	case c.Users < 0:
		return c, fmt.Errorf("sample: %d users: the number of users must be positive", c.Users)
	case c.Days < 0:
		return c, fmt.Errorf("sample: %d days: the window must be at least one day", c.Days)
	case c.Users > 9_999_999:
		return c, fmt.Errorf("sample: %d users: at most 9,999,999 (user ids have 7 digits)", c.Users)
	}
	if c.Users == 0 {
		c.Users = DefaultUsers
	}
	if c.Days == 0 {
		c.Days = DefaultDays
	}
	if c.Start.IsZero() {
		c.Start = DefaultStart
	}
	return c, nil
}

// Generate produces the sample's events and calls emit for each, user by
// user (u0000001, u0000002, ...), each user's events in time order. Every
// call gets a freshly allocated *ingest.Event that emit may keep; nothing in
// it is reused. Properties are sorted by key. Times are whole milliseconds
// inside [Start, Start+Days). An error from emit stops generation and is
// returned as is.
//
// Each user is drawn from its own random stream, derived from Seed and the
// user's number, so user i's events do not depend on Users: a sample of 100
// users is the first 100 users of a sample of 20,000.
func Generate(cfg Config, emit func(*ingest.Event) error) error {
	cfg, err := cfg.normalised()
	if err != nil {
		return err
	}
	g := newGen(cfg, emit)
	for i := 1; i <= cfg.Users; i++ {
		g.genUser(i)
		if g.err != nil {
			return g.err
		}
	}
	return nil
}

// Time constants in microseconds.
const (
	msec   = int64(1000)
	second = 1000 * msec
	minute = 60 * second
	hour   = 60 * minute
	day    = 24 * hour
)

// Session timing. A session's events span at most maxSession (see the
// bound on genSession), and session starts are at least minSessionGap apart,
// so at least 30 minutes pass between two sessions of a user.
const (
	maxSession    = 2 * hour
	minSessionGap = maxSession + 45*minute
	maxSessions   = 6
)

// gen holds the state of one Generate call.
type gen struct {
	start, end int64 // window in µs, start rounded up to a whole millisecond
	seed       uint64
	pcg        *rand.PCG
	r          *rand.Rand
	emit       func(*ingest.Event) error
	err        error

	// The current user.
	user      string
	userProps []ingest.Prop // country, device, variant
	idPrefix  []byte        // "e" + user + "-"
	seq       int           // events emitted for the user, for insert ids
	orders    int

	// The current session.
	session string
	utm     []ingest.Prop
	t       int64 // time of the last event
	first   bool  // no event emitted yet in this session

	plans  [maxSessions]sessionPlan
	starts [maxSessions]int64
	buf    []byte // scratch for ids
}

func newGen(cfg Config, emit func(*ingest.Event) error) *gen {
	start := cfg.Start.UnixMicro()
	if r := start % msec; r != 0 { // round up to a whole millisecond, even before 1970
		start += (msec - r) % msec
	}
	pcg := rand.NewPCG(0, 0)
	return &gen{
		start: start,
		end:   cfg.Start.UnixMicro() + int64(cfg.Days)*day,
		seed:  uint64(cfg.Seed),
		pcg:   pcg,
		r:     rand.New(pcg),
		emit:  emit,
	}
}

// splitmix64 scrambles x; it derives well-separated PCG seeds from (seed, user).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// sessionPlan says what happens in one session; genSession turns it into events.
type sessionPlan struct {
	ch                     *channel // nil: direct
	views                  int      // view_item events
	cart, checkout, buy    bool
	video, signup, pricing bool
}

// Probabilities of the user-level journey. The planted insights live here
// and in catalog.go (devices' buy, channels' viewMult and buyMult).
const (
	pVideo      = 0.25 // user ever plays a video
	pNewsletter = 0.07 // user ever signs up for the newsletter
	pViewBase   = 0.30 // user ever views an item (before the multipliers)
	videoLift   = 2.0  // video players view items (and so buy) twice as often
	signupView  = 2.0  // subscribers view items twice as often ...
	signupCheck = 1.45 // ... and, with a cart, begin checkout 1.45 times as often
	pCartA      = 0.45 // view_item -> add_to_cart, variant A
	variantLift = 1.32 // variant B's relative lift on view_item -> add_to_cart
	pCheckout   = 0.65 // add_to_cart -> begin_checkout
	pLaterBuy   = 0.80 // a buyer with several sessions buys after the first one
	pMoreVisits = 0.90 // a buyer with one session gets more sessions
	pPricingBuy = 0.85 // a buyer views the pricing page before the first purchase
	pRepeat     = 0.12 // a later session of a buyer holds another purchase
)

// morePages is how many pages a visitor views after the entry page.
var morePages = []weighted[int]{{0.45, 0}, {0.30, 1}, {0.15, 2}, {0.10, 3}}

// sessionCounts is the heavy-tailed number of sessions per user.
var sessionCounts = []weighted[int]{{0.42, 1}, {0.22, 2}, {0.14, 3}, {0.10, 4}, {0.07, 5}, {0.05, 6}}

// genUser draws user i's attributes and journey, then emits its events.
func (g *gen) genUser(i int) {
	g.pcg.Seed(splitmix64(g.seed^splitmix64(uint64(i))), splitmix64(uint64(i)+0x5a5a5a5a))
	r := g.r

	var ub [8]byte
	u := append(ub[:0], 'u')
	u = appendPadded(u, i, 7)
	g.user = string(u)
	g.idPrefix = append(append(append(g.idPrefix[:0], 'e'), g.user...), '-')
	g.seq, g.orders = 0, 0

	dev := pick(r.Float64(), devices)
	country := pick(r.Float64(), countries)
	variant := "A"
	if r.IntN(2) == 1 {
		variant = "B"
	}
	// Shared by all the user's events: emit copies it into each event's own slice.
	g.userProps = append(g.userProps[:0],
		ingest.Prop{Key: keyCountry, Value: country},
		ingest.Prop{Key: keyDevice, Value: dev.name},
		ingest.Prop{Key: keyVariant, Value: variant})
	first := pick(r.Float64(), firstTouch)
	video := r.Float64() < pVideo
	signup := r.Float64() < pNewsletter

	// How far down the shop funnel the user ever gets: 0 nothing, 1
	// view_item, 2 add_to_cart, 3 begin_checkout, 4 purchase.
	pView := pViewBase
	buyMult := 1.0
	if first != nil {
		pView *= first.viewMult
		buyMult = first.buyMult
	}
	if video {
		pView *= videoLift
	}
	checkout := pCheckout
	if signup {
		pView *= signupView
		checkout *= signupCheck
	}
	pCart := pCartA
	if variant == "B" {
		pCart *= variantLift
	}
	stage := 0
	if r.Float64() < min(pView, 0.95) {
		stage = 1
		if r.Float64() < pCart {
			stage = 2
			if r.Float64() < checkout {
				stage = 3
				if r.Float64() < dev.buy*buyMult {
					stage = 4
				}
			}
		}
	}
	buyer := stage == 4

	n := pick(r.Float64(), sessionCounts)
	if buyer && n == 1 && r.Float64() < pMoreVisits {
		n = pick(r.Float64(), sessionCounts[1:])
	}
	plans := g.plans[:n]
	for k := range plans {
		plans[k] = sessionPlan{}
	}

	// The session of the first purchase (buyers), else of the deepest step.
	// lim is the last session in which the micro-conversions that precede
	// a purchase may happen.
	lim := n
	if stage > 0 {
		top := r.IntN(n)
		if buyer {
			top = 0
			if n > 1 && r.Float64() < pLaterBuy {
				top = 1 + r.IntN(n-1)
			}
			lim = top + 1
		}
		p := &plans[top]
		p.views = 1 + r.IntN(3)
		p.cart, p.checkout, p.buy = stage >= 2, stage >= 3, buyer
		for k := range plans {
			switch {
			case k == top:
			case buyer && k > top && r.Float64() < pRepeat:
				plans[k].views, plans[k].cart, plans[k].checkout, plans[k].buy = 1+r.IntN(2), true, true, true
			case r.Float64() < 0.35:
				plans[k].views = 1 + r.IntN(3)
				// Abandoned carts before the first purchase of a buyer.
				plans[k].cart = buyer && k < top && r.Float64() < 0.3
			}
		}
	}
	if video {
		plans[r.IntN(lim)].video = true
		for k := range plans {
			if r.Float64() < 0.2 {
				plans[k].video = true
			}
		}
	}
	signupAt := maxSessions
	if signup {
		signupAt = r.IntN(lim)
		plans[signupAt].signup = true
	}
	switch {
	case buyer:
		if r.Float64() < pPricingBuy {
			at := lim - 1
			if at > 0 && r.Float64() < 0.4 {
				at = r.IntN(at)
			}
			plans[at].pricing = true
		}
		for k := lim; k < n; k++ {
			plans[k].pricing = r.Float64() < 0.1
		}
	default:
		pp := 0.09
		if stage == 3 {
			pp = 0.3
		}
		for k := range plans {
			plans[k].pricing = r.Float64() < pp
		}
	}
	// Channels: the first touch, then returning visits.
	plans[0].ch = first
	for k := 1; k < n; k++ {
		ret := returning
		if first == chTikTok {
			ret = returningTikTok
		}
		ch := pick(r.Float64(), ret)
		if ch == chNewsletter && signupAt >= k {
			ch = nil // only subscribers come from the newsletter
		}
		plans[k].ch = ch
	}

	// Session start times: gaps of at least minSessionGap plus a heavy
	// tail (same day, or days later), squeezed if they overflow the window,
	// and the whole journey placed uniformly where it fits.
	starts := g.starts[:n]
	var extra [maxSessions]int64
	sumExtra := int64(0)
	for k := 1; k < n; k++ {
		var e int64
		if r.Float64() < 0.2 {
			e = r.Int64N(8 * hour)
		} else {
			e = int64(min(r.ExpFloat64()*5, 21) * float64(day))
		}
		extra[k] = e / msec * msec
		sumExtra += extra[k]
	}
	avail := g.end - g.start - maxSession // the last session must end inside the window
	fixed := int64(n-1) * minSessionGap
	if fixed+sumExtra > avail {
		// Squeeze into a random part of the room, not all of it, so that
		// these journeys do not all start at the first instant.
		room := max(avail-fixed, 0)
		room = room/2 + r.Int64N(room/2+1)
		for k := 1; k < n; k++ {
			extra[k] = int64(float64(extra[k])*float64(room)/float64(sumExtra)) / msec * msec
		}
		sumExtra = 0
		for k := 1; k < n; k++ {
			sumExtra += extra[k]
		}
	}
	slack := max(avail-fixed-sumExtra, 1)
	t := g.start + r.Int64N(slack)/msec*msec
	for k := range starts {
		if k > 0 {
			t += minSessionGap + extra[k]
		}
		starts[k] = t
	}

	for k := range plans {
		g.genSession(k+1, &plans[k], starts[k])
		if g.err != nil {
			return
		}
	}
}

// genSession emits the events of one session. Its events are at most 37
// (2 entry + 4 scrolls + 3 * 5 page views and scrolls + search + 5 video
// + pricing + signup + chat + 4 item views + cart, checkout, purchase),
// each at most 150 s after the previous: at most 93 minutes < maxSession.
func (g *gen) genSession(k int, p *sessionPlan, start int64) {
	r := g.r
	g.buf = append(append(g.buf[:0], 's'), g.user...)
	g.buf = strconv.AppendInt(append(g.buf, '-'), int64(k), 10)
	g.session = string(g.buf)
	g.utm = nil
	if p.ch != nil {
		g.utm = p.ch.utm
	}
	g.t, g.first = start, true

	// Entry.
	var entry string
	switch {
	case p.ch != nil && p.ch.paid:
		g.ev(evAdClick, 0, 0)
		entry = p.ch.entry
		g.ev(evLandingPageView, 1, 5, ingest.Prop{Key: keyPage, Value: entry})
	case p.ch != nil:
		entry = p.ch.entry
		g.ev(evPageView, 0, 0, ingest.Prop{Key: keyPage, Value: entry})
	default:
		entry = pick(r.Float64(), directEntry)
		g.ev(evPageView, 0, 0, ingest.Prop{Key: keyPage, Value: entry})
	}
	g.scroll()

	// Browsing.
	more := pick(r.Float64(), morePages)
	for range more {
		g.ev(evPageView, 3, 90, ingest.Prop{Key: keyPage, Value: pick(r.Float64(), contentPages)})
		g.scroll()
	}
	if r.Float64() < 0.18 {
		g.ev(evSearch, 3, 60, ingest.Prop{Key: keyQuery, Value: queries[r.IntN(len(queries))]})
	}
	if p.video {
		g.ev(evVideoPlay, 3, 60)
		for j, pc := range percents {
			if r.Float64() > 0.8-0.05*float64(j) {
				break
			}
			g.ev(evVideoPlay, 10, 90, ingest.Prop{Key: keyPercent, Value: pc})
		}
	}
	if p.pricing {
		g.ev(evPricingView, 3, 120)
	}
	if p.signup {
		g.ev(evNewsletterSignup, 5, 90)
	}
	chat := 0.04
	if p.checkout {
		chat = 0.12
	}
	if r.Float64() < chat {
		g.ev(evChatOpen, 3, 60)
	}

	// The shop.
	var it *item
	for range p.views {
		it = &items[r.IntN(len(items))]
		g.ev(evViewItem, 3, 120, ingest.Prop{Key: keyItemID, Value: it.id}, ingest.Prop{Key: keyCategory, Value: it.category})
	}
	if p.cart && it != nil {
		g.ev(evAddToCart, 5, 90, ingest.Prop{Key: keyItemID, Value: it.id}, ingest.Prop{Key: keyValue, Value: it.price})
		if p.checkout {
			g.ev(evBeginCheckout, 10, 120)
			if p.buy {
				value := it.price
				if r.Float64() < 0.15 { // two of them
					value = money(2 * it.cents)
				}
				g.orders++
				g.buf = append(append(g.buf[:0], 'o'), g.user...)
				g.buf = strconv.AppendInt(append(g.buf, '-'), int64(g.orders), 10)
				g.ev(evPurchase, 20, 150, ingest.Prop{Key: keyCurrency, Value: "EUR"},
					ingest.Prop{Key: keyOrderID, Value: string(g.buf)}, ingest.Prop{Key: keyValue, Value: value})
			}
		}
	}
}

// scroll emits the scroll_depth milestones reached on the page just viewed.
func (g *gen) scroll() {
	for j, pc := range percents {
		if g.r.Float64() > 0.6-0.12*float64(j) {
			return
		}
		g.ev(evScrollDepth, 2, 30, ingest.Prop{Key: keyPercent, Value: pc})
	}
}

// ev emits one event lo to hi seconds (whole milliseconds) after the
// previous one of the session; the first event of a session is at its start.
func (g *gen) ev(name string, lo, hi int64, props ...ingest.Prop) {
	if g.err != nil {
		return
	}
	if g.first {
		g.first = false
	} else {
		// Skewed towards short gaps: lo + (hi-lo) * u^2.
		u := g.r.Float64()
		g.t += lo*second + int64(u*u*float64((hi-lo)*1000))*msec
	}
	all := make([]ingest.Prop, 0, len(props)+len(g.userProps)+len(g.utm))
	all = append(append(append(all, props...), g.userProps...), g.utm...)
	g.seq++
	id := strconv.AppendInt(g.idPrefix, int64(g.seq), 10)
	ev := &ingest.Event{User: g.user, Name: name, Time: g.t, Session: g.session, InsertID: string(id), Props: all}
	sortProps(ev.Props)
	g.err = g.emit(ev)
}

// sortProps sorts a handful of properties by key, as ev.SortProps does,
// without its allocations: an insertion sort, as the slices are short
// (at most 9) and mostly sorted. It halves the cost of Generate.
func sortProps(p []ingest.Prop) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].Key < p[j-1].Key; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

// appendPadded appends n in decimal, zero-padded to width digits.
func appendPadded(b []byte, n, width int) []byte {
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}
