// Package sample generates the deterministic workshop dataset: realistic
// micro-conversion journeys of a small web shop, with known insights
// planted in them, and writes it in every export format funnelscope
// imports. It owns no storage and must not depend on the clock: the same
// Config always gives the same bytes.
//
// Each user has 1 to 6 sessions (heavy-tailed) over the window, at least 30
// minutes apart, each a few seconds-to-minutes-apart events: an entry
// (ad_click then landing_page_view for paid traffic, else page_view), some
// page_view and scroll_depth, maybe search, video_play, pricing_view,
// newsletter_signup and chat_open, then the shop: view_item, add_to_cart,
// begin_checkout, purchase. Every event carries the user's device, country
// and A/B variant; the events of a campaign session carry utm_source,
// utm_medium and utm_campaign.
//
// The planted insights, measured on Config{Users: 20000, Seed: 1} (the
// test TestInsightsArePlanted checks them on three seeds):
//
//  1. Video players buy about twice as often: 8.2% of the users who play a
//     video purchase, 4.2% of the others (1.95x).
//  2. Mobile drops off at checkout: begin_checkout -> purchase is 27% on
//     mobile and 57% on desktop (0.48x), while view_item -> add_to_cart
//     (50% / 51%) and add_to_cart -> begin_checkout (68% / 68%) are alike.
//  3. tiktok_teens brings 41% of all ad clicks but almost no buyers: 3 of
//     its 5,119 clickers purchase (0.06%).
//  4. Variant B lifts view_item -> add_to_cart from 43.5% to 58.1% (+33%
//     relative); add_to_cart -> begin_checkout (69% / 67%) and
//     begin_checkout -> purchase (45% / 43%) are unchanged.
//  5. newsletter_signup is a strong micro-conversion: 11.5% of subscribers
//     purchase against 4.7% of the others (2.4x); 86% of buyers view the
//     pricing page before their first purchase (18% of those who view it
//     buy, 1% of those who do not).
//  6. 76% of first purchases happen in a later session than the first
//     visit; the median time from the first visit to the first purchase is
//     2.4 days.
//
// Overall, 5.2% of users purchase; there are about 13 events per user.
package sample

// Insights lists the planted insights, one sentence each with the numbers
// measured on Config{Users: 20000, Seed: 1}, for the README and the demo.
var Insights = []string{
	"Video players buy about twice as often: 8.2% of users who play a video purchase, against 4.2% of those who do not (1.95x).",
	"Mobile users drop off at checkout: begin_checkout -> purchase is 27% on mobile against 57% on desktop, while the earlier steps are alike (view_item -> add_to_cart 50% vs 51%, add_to_cart -> begin_checkout 68% vs 68%).",
	"The tiktok_teens campaign brings 41% of all ad clicks but almost no buyers: 3 of its 5,119 clickers purchase (0.06%).",
	"Variant B lifts view_item -> add_to_cart from 43.5% to 58.1% (+33% relative); the other steps are unchanged (begin_checkout -> purchase 45% for A, 43% for B).",
	"Newsletter sign-up is a strong micro-conversion: 11.5% of subscribers purchase against 4.7% of the others (2.4x), and 86% of buyers view the pricing page before their first purchase.",
	"Purchases come later: 76% of first purchases happen in a later session than the first visit, a median of 2.4 days after it.",
	"Overall 5.2% of users purchase, with about 13 events per user.",
}
