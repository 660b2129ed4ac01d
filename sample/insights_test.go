package sample

import (
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/ingest"
)

// userFacts is what the insight checks need to know about one user, taken
// from the events alone (never from the generator's internals).
type userFacts struct {
	device, variant                  string
	did                              map[string]bool
	videoBeforeBuy, pricingBeforeBuy bool
	signupBeforeBuy                  bool
	tiktokClicker                    bool
	firstTime, firstBuyTime          int64
	firstSession, firstBuySession    string
	bought                           bool
}

// facts collects per-user facts from a generated sample, with plain loops.
func facts(t testing.TB, cfg Config) (users []*userFacts, events, adClicks, tiktokClicks int) {
	t.Helper()
	var cur *userFacts
	var curUser string
	err := Generate(cfg, func(ev *ingest.Event) error {
		events++
		if ev.User != curUser {
			curUser = ev.User
			dev, _ := ev.Prop("device")
			variant, _ := ev.Prop("variant")
			cur = &userFacts{device: dev, variant: variant, did: map[string]bool{},
				firstTime: ev.Time, firstSession: ev.Session}
			users = append(users, cur)
		}
		if ev.Name == evAdClick {
			adClicks++
			if c, _ := ev.Prop("utm_campaign"); c == "tiktok_teens" {
				tiktokClicks++
				cur.tiktokClicker = true
			}
		}
		if ev.Name == evPurchase && !cur.bought {
			cur.bought = true
			cur.firstBuyTime, cur.firstBuySession = ev.Time, ev.Session
			cur.videoBeforeBuy = cur.did[evVideoPlay]
			cur.pricingBeforeBuy = cur.did[evPricingView]
			cur.signupBeforeBuy = cur.did[evNewsletterSignup]
		}
		cur.did[ev.Name] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return users, events, adClicks, tiktokClicks
}

// rate is P(to | from) over the users that keep says.
func rate(users []*userFacts, keep func(*userFacts) bool, from, to string) float64 {
	n, k := 0, 0
	for _, u := range users {
		if keep(u) && (from == "" || u.did[from]) {
			n++
			if u.did[to] {
				k++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

func all(*userFacts) bool { return true }

func with(field func(*userFacts) string, value string) func(*userFacts) bool {
	return func(u *userFacts) bool { return field(u) == value }
}

func deviceOf(u *userFacts) string  { return u.device }
func variantOf(u *userFacts) string { return u.variant }

// measured holds the numbers quoted in Insights.
type measured struct {
	users, events                                  int
	conversion                                     float64
	buyVideo, buyNoVideo                           float64
	desktopCheckoutBuy, mobileCheckoutBuy          float64
	desktopViewCart, mobileViewCart                float64
	desktopCartCheckout, mobileCartCheckout        float64
	desktopStartView, mobileStartView              float64
	tiktokClickShare, tiktokBuyRate                float64
	tiktokClickers                                 int
	cartA, cartB, checkoutA, checkoutB, buyA, buyB float64
	viewA, viewB                                   float64
	buySignup, buyNoSignup, signupBeforeBuy        float64
	pricingBeforeBuy, buyPricing, buyNoPricing     float64
	laterSession, medianDaysToBuy                  float64
}

func measure(t testing.TB, cfg Config) measured {
	users, events, adClicks, tiktokClicks := facts(t, cfg)
	var m measured
	m.events = events
	m.users = len(users)
	m.conversion = rate(users, all, "", evPurchase)
	video := func(u *userFacts) bool { return u.did[evVideoPlay] }
	m.buyVideo = rate(users, video, "", evPurchase)
	m.buyNoVideo = rate(users, func(u *userFacts) bool { return !video(u) }, "", evPurchase)

	desk, mob := with(deviceOf, "desktop"), with(deviceOf, "mobile")
	m.desktopCheckoutBuy = rate(users, desk, evBeginCheckout, evPurchase)
	m.mobileCheckoutBuy = rate(users, mob, evBeginCheckout, evPurchase)
	m.desktopViewCart = rate(users, desk, evViewItem, evAddToCart)
	m.mobileViewCart = rate(users, mob, evViewItem, evAddToCart)
	m.desktopCartCheckout = rate(users, desk, evAddToCart, evBeginCheckout)
	m.mobileCartCheckout = rate(users, mob, evAddToCart, evBeginCheckout)
	m.desktopStartView = rate(users, desk, "", evViewItem)
	m.mobileStartView = rate(users, mob, "", evViewItem)

	m.tiktokClickShare = float64(tiktokClicks) / float64(adClicks)
	buyers := 0
	for _, u := range users {
		if u.tiktokClicker {
			m.tiktokClickers++
			if u.bought {
				buyers++
			}
		}
	}
	m.tiktokBuyRate = float64(buyers) / float64(m.tiktokClickers)

	a, b := with(variantOf, "A"), with(variantOf, "B")
	m.viewA, m.viewB = rate(users, a, "", evViewItem), rate(users, b, "", evViewItem)
	m.cartA, m.cartB = rate(users, a, evViewItem, evAddToCart), rate(users, b, evViewItem, evAddToCart)
	m.checkoutA, m.checkoutB = rate(users, a, evAddToCart, evBeginCheckout), rate(users, b, evAddToCart, evBeginCheckout)
	m.buyA, m.buyB = rate(users, a, evBeginCheckout, evPurchase), rate(users, b, evBeginCheckout, evPurchase)

	// Drivers as docs/semantics.md defines them: for buyers, "did X" means before
	// the first purchase.
	didBefore := func(u *userFacts, before bool, x string) bool {
		if u.bought {
			return before
		}
		return u.did[x]
	}
	signup := func(u *userFacts) bool { return didBefore(u, u.signupBeforeBuy, evNewsletterSignup) }
	m.buySignup = rate(users, signup, "", evPurchase)
	m.buyNoSignup = rate(users, func(u *userFacts) bool { return !signup(u) }, "", evPurchase)
	pricing := func(u *userFacts) bool { return didBefore(u, u.pricingBeforeBuy, evPricingView) }
	m.buyPricing = rate(users, pricing, "", evPurchase)
	m.buyNoPricing = rate(users, func(u *userFacts) bool { return !pricing(u) }, "", evPurchase)

	var later, withPricing, withSignup, signedUp int
	var days []float64
	for _, u := range users {
		if !u.bought {
			continue
		}
		if u.firstBuySession != u.firstSession {
			later++
		}
		if u.pricingBeforeBuy {
			withPricing++
		}
		if u.did[evNewsletterSignup] {
			signedUp++
			if u.signupBeforeBuy {
				withSignup++
			}
		}
		days = append(days, float64(u.firstBuyTime-u.firstTime)/float64(day))
	}
	nb := float64(len(days))
	m.laterSession = float64(later) / nb
	m.pricingBeforeBuy = float64(withPricing) / nb
	m.signupBeforeBuy = float64(withSignup) / float64(signedUp)
	slices.Sort(days)
	m.medianDaysToBuy = days[len(days)/2]
	return m
}

// TestInsightsArePlanted checks every insight of Insights on the workshop
// sample (20,000 users) for a few seeds, so that no seed is lucky.
func TestInsightsArePlanted(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 60,000 users")
	}
	for _, seed := range []int64{1, 2, 3} {
		m := measure(t, Config{Users: 20_000, Seed: seed})
		t.Logf("seed %d: %+v", seed, m)
		checks := []struct {
			name string
			ok   bool
			got  float64
		}{
			{"overall purchase conversion is between 3% and 8%", m.conversion >= 0.03 && m.conversion <= 0.08, m.conversion},
			{"video players buy at least 1.6x as often as the others", m.buyVideo >= 1.6*m.buyNoVideo, m.buyVideo / m.buyNoVideo},
			{"video players buy at most 2.6x as often as the others", m.buyVideo <= 2.6*m.buyNoVideo, m.buyVideo / m.buyNoVideo},
			{"mobile checkout -> purchase is at most 0.7x desktop's", m.mobileCheckoutBuy <= 0.7*m.desktopCheckoutBuy, m.mobileCheckoutBuy / m.desktopCheckoutBuy},
			{"mobile reaches view_item like desktop", near(m.mobileStartView, m.desktopStartView, 0.1), m.mobileStartView / m.desktopStartView},
			{"mobile view_item -> add_to_cart like desktop", near(m.mobileViewCart, m.desktopViewCart, 0.15), m.mobileViewCart / m.desktopViewCart},
			{"mobile add_to_cart -> begin_checkout like desktop", near(m.mobileCartCheckout, m.desktopCartCheckout, 0.15), m.mobileCartCheckout / m.desktopCartCheckout},
			{"tiktok_teens has at least 10% of the ad clicks", m.tiktokClickShare >= 0.10, m.tiktokClickShare},
			{"at most 1% of tiktok_teens clickers buy", m.tiktokBuyRate <= 0.01, m.tiktokBuyRate},
			{"variant B lifts view_item -> add_to_cart by at least 15%", m.cartB >= 1.15*m.cartA, m.cartB/m.cartA - 1},
			{"variant B leaves reaching view_item unchanged", near(m.viewB, m.viewA, 0.1), m.viewB / m.viewA},
			{"variant B leaves add_to_cart -> begin_checkout unchanged", near(m.checkoutB, m.checkoutA, 0.15), m.checkoutB / m.checkoutA},
			{"variant B leaves begin_checkout -> purchase unchanged", near(m.buyB, m.buyA, 0.15), m.buyB / m.buyA},
			{"newsletter subscribers buy at least 2x as often", m.buySignup >= 2*m.buyNoSignup, m.buySignup / m.buyNoSignup},
			{"buyers who subscribe mostly do so before buying", m.signupBeforeBuy >= 0.9, m.signupBeforeBuy},
			{"most buyers view pricing before their first purchase", m.pricingBeforeBuy >= 0.7, m.pricingBeforeBuy},
			{"most first purchases are in a later session than the first visit", m.laterSession >= 0.6, m.laterSession},
			{"the median time to the first purchase is at least a day", m.medianDaysToBuy >= 1, m.medianDaysToBuy},
		}
		for _, c := range checks {
			if !c.ok {
				t.Errorf("seed %d: %s: got %.3f", seed, c.name, c.got)
			}
		}
	}
}

// near says whether a is within rel (relative) of b.
func near(a, b, rel float64) bool {
	return a >= b*(1-rel) && a <= b*(1+rel)
}
