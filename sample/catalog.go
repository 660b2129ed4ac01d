package sample

import (
	"strconv"

	"github.com/funnelscope/funnelscope/internal/ingest"
)

// The fixed vocabulary of the sample: devices, countries, channels, pages,
// items and search queries. Everything is a slice, never a map, so that no
// iteration order can leak into the output.

// Property keys the generator writes. PropKeys lists them all, sorted.
const (
	keyCategory    = "category"
	keyCountry     = "country"
	keyCurrency    = "currency"
	keyDevice      = "device"
	keyItemID      = "item_id"
	keyOrderID     = "order_id"
	keyPage        = "page"
	keyPercent     = "percent"
	keyQuery       = "query"
	keyUTMCampaign = "utm_campaign"
	keyUTMMedium   = "utm_medium"
	keyUTMSource   = "utm_source"
	keyValue       = "value"
	keyVariant     = "variant"
)

// propKeys is the union of every property key the generator can produce,
// sorted: the CSV writer's fixed column set.
var propKeys = []string{
	keyCategory, keyCountry, keyCurrency, keyDevice, keyItemID, keyOrderID, keyPage, keyPercent,
	keyQuery, keyUTMCampaign, keyUTMMedium, keyUTMSource, keyValue, keyVariant,
}

// PropKeys returns the union of all property keys the generator can produce,
// sorted. The result is a fresh slice.
func PropKeys() []string { return append([]string(nil), propKeys...) }

// Event names, in the order a journey usually meets them.
const (
	evAdClick          = "ad_click"
	evLandingPageView  = "landing_page_view"
	evPageView         = "page_view"
	evScrollDepth      = "scroll_depth"
	evVideoPlay        = "video_play"
	evSearch           = "search"
	evPricingView      = "pricing_view"
	evNewsletterSignup = "newsletter_signup"
	evChatOpen         = "chat_open"
	evViewItem         = "view_item"
	evAddToCart        = "add_to_cart"
	evBeginCheckout    = "begin_checkout"
	evPurchase         = "purchase"
)

// EventNames lists every event name the generator can produce, in funnel order.
var EventNames = []string{
	evAdClick, evLandingPageView, evPageView, evScrollDepth, evVideoPlay, evSearch, evPricingView,
	evNewsletterSignup, evChatOpen, evViewItem, evAddToCart, evBeginCheckout, evPurchase,
}

// weighted is one choice of a weighted draw.
type weighted[T any] struct {
	w float64
	v T
}

// pick draws one value; the weights need not sum to 1.
func pick[T any](u float64, choices []weighted[T]) T {
	total := 0.0
	for _, c := range choices {
		total += c.w
	}
	u *= total
	for _, c := range choices {
		if u < c.w {
			return c.v
		}
		u -= c.w
	}
	return choices[len(choices)-1].v
}

// device is a user's device class and how likely a started checkout ends
// in a purchase on it (insight 2: mobile checkouts fail twice as often).
type device struct {
	name string
	buy  float64
}

var devices = []weighted[device]{
	{0.45, device{"desktop", 0.66}},
	{0.45, device{"mobile", 0.33}},
	{0.10, device{"tablet", 0.60}},
}

var countries = []weighted[string]{
	{0.24, "DE"}, {0.14, "FR"}, {0.14, "GB"}, {0.18, "US"}, {0.09, "ES"}, {0.08, "NL"},
	{0.06, "IT"}, {0.04, "AT"}, {0.03, "CH"},
}

// channel is where a session came from. A nil *channel is a direct visit,
// whose events carry no utm_* properties.
type channel struct {
	source, medium, campaign string
	paid                     bool    // paid sessions start with ad_click, landing_page_view
	entry                    string  // landing page of paid sessions, first page otherwise
	viewMult                 float64 // on the chance that the user ever views an item (first touch only)
	buyMult                  float64 // on checkout -> purchase (first touch only)
	utm                      []ingest.Prop
}

func newChannel(source, medium, campaign string, paid bool, entry string, viewMult, buyMult float64) *channel {
	return &channel{source: source, medium: medium, campaign: campaign, paid: paid, entry: entry,
		viewMult: viewMult, buyMult: buyMult,
		utm: []ingest.Prop{{Key: keyUTMCampaign, Value: campaign}, {Key: keyUTMMedium, Value: medium},
			{Key: keyUTMSource, Value: source}}}
}

// The campaigns. tiktok_teens (insight 3) brings clicks from people who
// browse a little and almost never buy.
var (
	chSpringGoogle   = newChannel("google", "cpc", "spring_sale", true, "/lp/spring-sale", 1, 1)
	chSpringFacebook = newChannel("facebook", "paid_social", "spring_sale", true, "/lp/spring-sale", 1, 1)
	chBrand          = newChannel("google", "cpc", "brand_search", true, "/lp/brand", 1.1, 1)
	chRetargeting    = newChannel("facebook", "paid_social", "retargeting_q3", true, "/lp/welcome-back", 1, 1)
	chTikTok         = newChannel("tiktok", "paid_social", "tiktok_teens", true, "/lp/tiktok", 0.45, 0.04)
	chLinkedIn       = newChannel("linkedin", "social", "autumn_launch", false, "/blog/micro-conversions", 1, 1)
	chNewsletter     = newChannel("newsletter", "email", "weekly_digest", false, "/blog/funnel-basics", 1, 1)
)

// firstTouch is the channel of a user's first session.
var firstTouch = []weighted[*channel]{
	{0.30, nil},
	{0.12, chSpringGoogle},
	{0.10, chSpringFacebook},
	{0.10, chBrand},
	{0.26, chTikTok},
	{0.12, chLinkedIn},
}

// returning is the channel of later sessions; weekly_digest only reaches
// subscribers (others come direct instead), and TikTok users come back
// mostly through more TikTok ads.
var returning = []weighted[*channel]{
	{0.45, nil},
	{0.15, chBrand},
	{0.15, chRetargeting},
	{0.25, chNewsletter},
}

var returningTikTok = []weighted[*channel]{
	{0.45, nil},
	{0.55, chTikTok},
}

// contentPages are the pages a visitor browses after the entry page.
var contentPages = []weighted[string]{
	{0.20, "/"}, {0.22, "/features"}, {0.10, "/about"}, {0.12, "/blog/funnel-basics"},
	{0.10, "/blog/utm-tracking-guide"}, {0.10, "/blog/ab-testing-101"}, {0.08, "/blog/micro-conversions"},
	{0.08, "/blog/checkout-ux"},
}

var directEntry = []weighted[string]{{0.75, "/"}, {0.15, "/features"}, {0.10, "/blog/funnel-basics"}}

var queries = []string{
	"running shoes", "rain jacket", "backpack", "gift ideas", "size guide", "free shipping",
	"discount code", "return policy", "trail shoes", "wool socks", "sale", "gore-tex",
}

var percents = [4]string{"25", "50", "75", "100"}

// item is one product of the shop; prices are in cents.
type item struct {
	id, category string
	cents        int
	price        string // cents as "49.90"
}

var items = func() []item {
	cats := []string{"shoes", "jackets", "bags", "accessories"}
	prices := []int{1990, 2990, 4990, 7990, 9900, 12900, 14990, 3490, 5990, 8990}
	var out []item
	for i := range 24 {
		c := prices[(i*7)%len(prices)]
		out = append(out, item{id: "sku-" + strconv.Itoa(1001+i), category: cats[i%len(cats)], cents: c, price: money(c)})
	}
	return out
}()

// money formats cents as "49.90".
func money(cents int) string {
	b := strconv.AppendInt(nil, int64(cents/100), 10)
	b = append(b, '.', byte('0'+cents/10%10), byte('0'+cents%10))
	return string(b)
}
