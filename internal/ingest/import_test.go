package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/propblob"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

// openTemp creates an empty store in the test's temporary directory.
var openTemp = storetest.Temp

// dataFile is a file of the shared real datasets (see
// /work/shared/data/README.md); the test is skipped when they are absent.
func dataFile(t *testing.T, rel string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not available: %v", err)
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

func importString(t testing.TB, st *store.Store, opts Options, name, data string) (Result, error) {
	t.Helper()
	im := &Importer{Store: st, Options: opts}
	return im.ImportReader(context.Background(), name, strings.NewReader(data), int64(len(data)))
}

// storedEvent is an event read back from the store with its strings resolved.
type storedEvent struct {
	User, Name string
	Time       int64
	Session    string
	Props      map[string]string // nil when the event has none
}

// storedEvents reads every event back in ScanSorted order (user id, time, seq).
func storedEvents(t testing.TB, st *store.Store) []storedEvent {
	t.Helper()
	ctx := context.Background()
	var dicts [store.NumDicts][]string
	for k := store.DictKind(0); k < store.NumDicts; k++ {
		d, err := st.DictStrings(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		dicts[k] = d
	}
	var out []storedEvent
	var pairs []propblob.Pair
	err := st.ScanSorted(ctx, func(e *store.StoredEvent) error {
		se := storedEvent{User: dicts[store.DictUsers][e.User], Name: dicts[store.DictNames][e.Name], Time: e.Time,
			Session: dicts[store.DictSessions][e.Session]}
		var err error
		if pairs, err = propblob.Decode(pairs[:0], e.Props); err != nil {
			return err
		}
		for _, p := range pairs {
			if se.Props == nil {
				se.Props = map[string]string{}
			}
			se.Props[dicts[store.DictKeys][p.Key]] = dicts[store.DictValues][p.Value]
		}
		out = append(out, se)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// findEvent returns the stored event of user at time.
func findEvent(t *testing.T, evs []storedEvent, user string, time int64) storedEvent {
	t.Helper()
	for _, e := range evs {
		if e.User == user && e.Time == time {
			return e
		}
	}
	t.Fatalf("no stored event of user %q at %d", user, time)
	return storedEvent{}
}

func summary(t testing.TB, st *store.Store) store.Summary {
	t.Helper()
	sm, err := st.Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sm
}

func imports(t testing.TB, st *store.Store) []store.Import {
	t.Helper()
	ims, err := st.Imports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ims
}

func dict(t testing.TB, st *store.Store, kind store.DictKind) []string {
	t.Helper()
	d, err := st.DictStrings(context.Background(), kind)
	if err != nil {
		t.Fatal(err)
	}
	return d[1:] // index 0 is the unused ""
}

func eventCounts(t testing.TB, st *store.Store) []store.EventCount {
	t.Helper()
	ec, err := st.EventCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ec
}

// counts is the part of a Result that says what became of the rows.
type counts struct{ RowsRead, Imported, Duplicates, Rejected, Skipped int64 }

func countsOf(r Result) counts {
	return counts{r.RowsRead, r.Imported, r.Duplicates, r.Rejected, r.Skipped}
}

// us is a UTC wall time in µs since the epoch, computed with the time
// package rather than the parser under test.
func us(year int, month time.Month, day, hour, minute, sec, micro int) int64 {
	return time.Date(year, month, day, hour, minute, sec, micro*1000, time.UTC).UnixMicro()
}

// gzipped is s gzipped at the default level.
func gzipped(s string) []byte { return gzipLevel([]byte(s), gzip.DefaultCompression) }

// gzipLevel compresses b at level, a valid one: into a bytes.Buffer the
// writer cannot fail.
func gzipLevel(b []byte, level int) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, level)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// ---- Real data ----

func TestImportOfREES46CSVStoresEveryDistinctRowOnce(t *testing.T) {
	path := dataFile(t, "rees46-multicategory-2019oct-head/2019-Oct-head.csv")
	st := openTemp(t)
	im := &Importer{Store: st}
	res, err := im.ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	// 17,434 rows; 5 repeat an earlier row exactly. Rows that differ only in
	// user_session are distinct events (the session is part of the dedup
	// hash), so 17,429 are stored.
	if got, want := countsOf(res), (counts{RowsRead: 17434, Imported: 17429, Duplicates: 5}); got != want {
		t.Errorf("counts: got %+v, want %+v", got, want)
	}
	if res.Format != "csv" || len(res.Errors) != 0 {
		t.Errorf("format %q, errors %v; want csv and none", res.Format, res.Errors)
	}
	want := store.Summary{Events: 17429, Users: 4504, EventNames: 3,
		First: us(2019, 10, 1, 0, 0, 0, 0), Last: us(2019, 10, 1, 2, 50, 0, 0)}
	if got := summary(t, st); got != want {
		t.Errorf("summary: got %+v, want %+v", got, want)
	}
	wantCounts := []store.EventCount{{Name: "view", Count: 17051, Users: 4504},
		{Name: "purchase", Count: 214, Users: 193}, {Name: "cart", Count: 164, Users: 111}}
	if got := eventCounts(t, st); !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("event counts: got %+v, want %+v", got, wantCounts)
	}
	if got := len(dict(t, st, store.DictSessions)); got != 5066 {
		t.Errorf("sessions: got %d distinct user_session values, want 5066", got)
	}
	// The first row of the file, with its empty category_code left out and
	// user_session as the session rather than a property.
	first := findEvent(t, storedEvents(t, st), "541312140", us(2019, 10, 1, 0, 0, 0, 0))
	wantFirst := storedEvent{User: "541312140", Name: "view", Time: us(2019, 10, 1, 0, 0, 0, 0),
		Session: "72d76fde-8bb3-4e00-8c23-a032dfed738c",
		Props: map[string]string{"product_id": "44600062", "category_id": "2103807459595387724",
			"brand": "shiseido", "price": "35.79"}}
	if !reflect.DeepEqual(first, wantFirst) {
		t.Errorf("first row:\n got %+v\nwant %+v", first, wantFirst)
	}

	t.Run("importing it again stores nothing new", func(t *testing.T) {
		res, err := im.ImportFile(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := countsOf(res), (counts{RowsRead: 17434, Duplicates: 17434}); got != want {
			t.Errorf("counts: got %+v, want %+v", got, want)
		}
		if got := summary(t, st); got != want {
			t.Errorf("summary changed: got %+v, want %+v", got, want)
		}
	})
	t.Run("a fresh importer also finds the stored keys", func(t *testing.T) {
		res, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
		if err != nil || res.Imported != 0 || res.Duplicates != 17434 {
			t.Errorf("third import: imported %d, duplicates %d, err %v; want 0, 17434, nil", res.Imported, res.Duplicates, err)
		}
	})
}

func TestImportOfGA4ExportFlattensParamsAndTakesTheSession(t *testing.T) {
	path := dataFile(t, "ga4-obfuscated-ecommerce-sample/ga4_events_sample.ndjson")
	st := openTemp(t)
	res, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "ga4" {
		t.Errorf("format: got %q, want ga4", res.Format)
	}
	if got, want := countsOf(res), (counts{RowsRead: 460, Imported: 460}); got != want {
		t.Errorf("counts: got %+v, want %+v", got, want)
	}
	sm := summary(t, st)
	if sm.Events != 460 || sm.Users != 167 || sm.EventNames != 11 {
		t.Errorf("summary: got %+v, want 460 events, 167 users, 11 names", sm)
	}
	keys := dict(t, st, store.DictKeys)
	for _, k := range []string{"device.category", "geo.country", "traffic_source.source", "page_location",
		"page_title", "ga_session_number", "device.web_info.browser", "user_ltv.revenue"} {
		if !slices.Contains(keys, k) {
			t.Errorf("property key %q missing; keys: %v", k, keys)
		}
	}
	// Roles, the params array itself and per-event transport fields are
	// not properties.
	for _, k := range []string{"ga_session_id", "event_params", "event_name", "event_timestamp", "user_pseudo_id",
		"event_bundle_sequence_id", "event_params.ga_session_id"} {
		if slices.Contains(keys, k) {
			t.Errorf("property key %q should not be stored", k)
		}
	}
	if got := len(dict(t, st, store.DictSessions)); got != 190 {
		t.Errorf("sessions: got %d distinct ga_session_id values, want 190", got)
	}

	ts := int64(1604192073036492)
	got := findEvent(t, storedEvents(t, st), "1005694.5834348403", ts)
	want := storedEvent{User: "1005694.5834348403", Name: "first_visit", Time: ts, Session: "4863244888",
		Props: map[string]string{
			"event_date":      "20201101",
			"session_engaged": "1", "ga_session_number": "1", "engaged_session_event": "1",
			"page_location":                     "https://shop.googlemerchandisestore.com/Google+Redesign/Lifestyle/Drinkware",
			"page_title":                        "Drinkware | Lifestyle | Google Merchandise Store",
			"privacy_info.uses_transient_token": "No",
			"user_first_touch_timestamp":        "1604192073036492",
			"user_ltv.currency":                 "USD", "user_ltv.revenue": "0.0",
			"device.category": "desktop", "device.is_limited_ad_tracking": "No", "device.language": "zh",
			"device.mobile_brand_name": "Google", "device.mobile_marketing_name": "<Other>",
			"device.mobile_model_name": "Chrome", "device.operating_system": "Web",
			"device.operating_system_version": "10", "device.web_info.browser": "Chrome",
			"device.web_info.browser_version": "86.0",
			"geo.city":                        "Delhi", "geo.continent": "Asia", "geo.country": "India", "geo.metro": "(not set)",
			"geo.region": "Delhi", "geo.sub_continent": "Southern Asia",
			"traffic_source.medium": "organic", "traffic_source.name": "(organic)", "traffic_source.source": "google",
			"stream_id": "2100450278", "platform": "WEB", "_source_table": "events_20201101",
		}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("first GA4 event:\n got %+v\nwant %+v", got, want)
		for k, v := range got.Props {
			if want.Props[k] != v {
				t.Errorf("  property %q = %q, want %q", k, v, want.Props[k])
			}
		}
	}
}

func TestImportOfGA4FlatCSVFindsTheSameEvents(t *testing.T) {
	path := dataFile(t, "ga4-obfuscated-ecommerce-sample/ga4_events_sample_flat.csv")
	st := openTemp(t)
	res, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countsOf(res), (counts{RowsRead: 460, Imported: 460}); got != want || res.Format != "csv" {
		t.Errorf("format %q counts %+v, want csv %+v", res.Format, got, want)
	}
	sm := summary(t, st)
	if sm.Events != 460 || sm.Users != 167 || sm.EventNames != 11 {
		t.Errorf("summary: got %+v, want 460 events, 167 users, 11 names", sm)
	}
	if got := len(dict(t, st, store.DictSessions)); got != 190 {
		t.Errorf("sessions: got %d, want the 190 ga_session_id values", got)
	}
}

func TestImportOfFirebaseExportKeepsUserPropertiesUnderTheirPrefix(t *testing.T) {
	path := dataFile(t, "firebase-flood-it-app-events-sample/firebase_events_sample.ndjson")
	st := openTemp(t)
	res, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "ga4" || res.Imported != 570 || res.RowsRead != 570 {
		t.Errorf("got format %q, %d of %d imported; want ga4, 570 of 570", res.Format, res.Imported, res.RowsRead)
	}
	if sm := summary(t, st); sm.Events != 570 || sm.Users != 91 || sm.EventNames != 25 {
		t.Errorf("summary: got %+v, want 570 events, 91 users, 25 names", sm)
	}
	var userProps []string
	for _, k := range dict(t, st, store.DictKeys) {
		if name, ok := strings.CutPrefix(k, "user_properties."); ok {
			userProps = append(userProps, name)
		}
	}
	sort.Strings(userProps)
	want := []string{"ad_frequency", "firebase_exp_1", "firebase_exp_3", "firebase_exp_4", "firebase_exp_5",
		"firebase_last_notification", "first_open_time", "initial_extra_steps", "num_levels_available",
		"plays_progressive", "plays_quickplay"}
	if !reflect.DeepEqual(userProps, want) {
		t.Errorf("user_properties.* keys:\n got %v\nwant %v", userProps, want)
	}
	ev := findEvent(t, storedEvents(t, st), "06984AB55E6069C42FE61F3510F1522B", 1528821591045003)
	for k, v := range map[string]string{"board": "M", "firebase_event_origin": "app+gtm",
		"user_properties.plays_quickplay": "true", "user_properties.first_open_time": "1495918324676000",
		"device.category": "mobile"} {
		if ev.Props[k] != v {
			t.Errorf("property %q = %q, want %q", k, ev.Props[k], v)
		}
	}
	if ev.Name != "level_end_quickplay" {
		t.Errorf("name %q, want level_end_quickplay", ev.Name)
	}
}

func TestImportOfGA360HitsNeedsAndHonoursColumnFlags(t *testing.T) {
	path := dataFile(t, "ga360-merchstore-sessions-sample/ga360_hits_flat.csv")
	t.Run("without flags it is refused for want of an event column", func(t *testing.T) {
		st := openTemp(t)
		_, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
		var ne *NotEventDataError
		if !errors.As(err, &ne) || !reflect.DeepEqual(ne.Missing, []string{"event"}) {
			t.Fatalf("want a NotEventDataError missing [event], got %v", err)
		}
		if !strings.Contains(err.Error(), "--event-col") {
			t.Errorf("error should name --event-col: %v", err)
		}
	})
	t.Run("with flags every hit is an event", func(t *testing.T) {
		st := openTemp(t)
		opts := Options{Columns: Columns{User: "fullVisitorId", Event: "hit_type", Time: "event_timestamp_ms",
			Session: "visitId"}}
		res, err := (&Importer{Store: st, Options: opts}).ImportFile(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := countsOf(res), (counts{RowsRead: 12087, Imported: 12087}); got != want {
			t.Errorf("counts: got %+v, want %+v", got, want)
		}
		if sm := summary(t, st); sm.Events != 12087 || sm.Users != 1801 {
			t.Errorf("summary: got %+v, want 12087 events of 1801 visitors", sm)
		}
		wantCounts := []store.EventCount{{Name: "PAGE", Count: 9845, Users: 1800}, {Name: "EVENT", Count: 2242, Users: 593}}
		if got := eventCounts(t, st); !reflect.DeepEqual(got, wantCounts) {
			t.Errorf("event counts: got %+v, want %+v", got, wantCounts)
		}
		if got := len(dict(t, st, store.DictSessions)); got != 1830 {
			t.Errorf("sessions: got %d, want 1830 visitIds", got)
		}
		keys := dict(t, st, store.DictKeys)
		for _, k := range []string{"fullVisitorId", "visitId", "hit_type", "event_timestamp_ms"} {
			if slices.Contains(keys, k) {
				t.Errorf("role column %q stored as a property", k)
			}
		}
		ev := findEvent(t, storedEvents(t, st), "895954260133011192", 1470046245000000)
		if ev.Session != "1470046245" || ev.Name != "PAGE" || ev.Props["pagePath"] != "/google+redesign/apparel/men++s/men++s+t+shirts" ||
			ev.Props["country"] != "Germany" {
			t.Errorf("first hit: got %+v", ev)
		}
	})
}

func TestImportRefusesFilesThatAreNotEventData(t *testing.T) {
	tests := []struct {
		name, file  string
		wantMissing []string
		wantMsg     []string
	}{
		{"GA360 sessions hold their hits in a nested array", "ga360-merchstore-sessions-sample/ga_sessions_sample.ndjson.gz",
			[]string{"event"}, []string{"not event data", "--explode hits"}},
		{"OTTO sessions hold their events in a nested array", "otto-sample/train.jsonl",
			[]string{"user", "event", "time"}, []string{"not event data", "--explode events", "session"}},
		{"UCI shopper sessions are aggregates", "uci-online-shoppers-intention/online_shoppers_intention.csv",
			[]string{"user", "event", "time"}, []string{"not event data", "--user-col", "--event-col", "--time-col", "Administrative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := dataFile(t, tt.file)
			st := openTemp(t)
			res, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
			var ne *NotEventDataError
			if !errors.As(err, &ne) {
				t.Fatalf("want a *NotEventDataError, got %T %v (result %+v)", err, err, res)
			}
			if !reflect.DeepEqual(ne.Missing, tt.wantMissing) {
				t.Errorf("Missing: got %q, want %q", ne.Missing, tt.wantMissing)
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error should mention %q: %v", m, err)
				}
			}
			if sm := summary(t, st); sm.Events != 0 || sm.Users != 0 {
				t.Errorf("store not empty after a refused file: %+v", sm)
			}
			if ims := imports(t, st); len(ims) != 0 {
				t.Errorf("a refused file was recorded: %+v", ims)
			}
		})
	}
}

func TestImportOfOTTOWithExplodeMakesEachElementAnEvent(t *testing.T) {
	path := dataFile(t, "otto-sample/train.jsonl")
	st := openTemp(t)
	opts := Options{Explode: "events", Columns: Columns{User: "session"}}
	res, err := (&Importer{Store: st, Options: opts}).ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countsOf(res), (counts{RowsRead: 862, Imported: 862}); got != want {
		t.Errorf("counts: got %+v, want %+v", got, want)
	}
	wantCounts := []store.EventCount{{Name: "clicks", Count: 800, Users: 20}, {Name: "carts", Count: 52, Users: 7},
		{Name: "orders", Count: 10, Users: 3}}
	if got := eventCounts(t, st); !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("event counts: got %+v, want %+v", got, wantCounts)
	}
	evs := storedEvents(t, st)
	// The file's first element: session 0, {"aid":1517085,"ts":1659304800025,"type":"clicks"}.
	want := storedEvent{User: "0", Name: "clicks", Time: 1659304800025000, Props: map[string]string{"aid": "1517085"}}
	if got := findEvent(t, evs, "0", 1659304800025000); !reflect.DeepEqual(got, want) {
		t.Errorf("first element: got %+v, want %+v", got, want)
	}
}

// ---- Synthetic vendor records ----

func TestImportDetectsEachFormatAndMapsItsRecords(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		data       string
		wantFormat string
		want       []storedEvent // in ScanSorted order: user ids are given in order of first appearance
		wantCounts counts
	}{
		{
			name: "Mixpanel with time in seconds and in milliseconds",
			data: `{"event":"Signup","properties":{"distinct_id":"mp1","time":1709287200,"$insert_id":"i1","plan":"pro","$browser":"Chrome","utm":{"source":"ads"}}}
{"event":"Login","properties":{"distinct_id":"mp1","time":1709287260123,"$insert_id":"i2","session_id":"ms-1"}}
`,
			wantFormat: "mixpanel",
			want: []storedEvent{
				{User: "mp1", Name: "Signup", Time: us(2024, 3, 1, 10, 0, 0, 0),
					Props: map[string]string{"plan": "pro", "$browser": "Chrome", "utm.source": "ads"}},
				{User: "mp1", Name: "Login", Time: us(2024, 3, 1, 10, 1, 0, 123000), Session: "ms-1"},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			name: "Amplitude with user id, then device id only",
			data: `{"event_type":"Play Song","user_id":"am1","device_id":"dev-1","event_time":"2024-01-02 03:04:05.678000","session_id":1704164645000,"$insert_id":"ins-1","platform":"iOS","country":"DE","user_properties":{"plan":"pro"},"event_properties":{"song":"Intro","length":180},"client_upload_time":"2024-01-02 03:04:06.000000","server_upload_time":"2024-01-02 03:04:07.000000","amplitude_id":123456789}
{"event_type":"Open","user_id":null,"device_id":"dev-2","event_time":"2024-01-02 04:00:00.000000","session_id":-1,"amplitude_id":5}
`,
			wantFormat: "amplitude",
			want: []storedEvent{
				{User: "am1", Name: "Play Song", Time: us(2024, 1, 2, 3, 4, 5, 678000), Session: "1704164645000",
					Props: map[string]string{"device_id": "dev-1", "platform": "iOS", "country": "DE",
						"user_properties.plan": "pro", "song": "Intro", "length": "180", "amplitude_id": "123456789"}},
				{User: "dev-2", Name: "Open", Time: us(2024, 1, 2, 4, 0, 0, 0), Props: map[string]string{"amplitude_id": "5"}},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			name: "Segment track, identify (skipped), page, group (skipped) and screen",
			data: `{"type":"track","event":"Order Completed","userId":"u3","anonymousId":"a3","messageId":"m1","timestamp":"2024-02-03T04:05:06.789Z","sentAt":"2024-02-03T04:05:07Z","receivedAt":"2024-02-03T04:05:08Z","originalTimestamp":"2024-02-03T04:05:06.700Z","properties":{"total":9.5,"currency":"EUR"},"context":{"device":{"type":"ios"},"ip":"1.2.3.4"}}
{"type":"identify","userId":"u3","traits":{"plan":"pro"},"messageId":"m2","timestamp":"2024-02-03T04:00:00Z"}
{"type":"page","anonymousId":"a4","name":"Pricing","properties":{"path":"/pricing"},"messageId":"m3","timestamp":"2024-02-03T05:00:00Z"}
{"type":"group","userId":"u3","groupId":"g1","messageId":"m4","timestamp":"2024-02-03T04:00:00Z"}
{"type":"screen","userId":"u3","name":"Home","messageId":"m5","originalTimestamp":"2024-02-03T06:00:00+01:00"}
`,
			wantFormat: "segment",
			want: []storedEvent{
				{User: "u3", Name: "Order Completed", Time: us(2024, 2, 3, 4, 5, 6, 789000),
					Props: map[string]string{"anonymousId": "a3", "context.device.type": "ios", "context.ip": "1.2.3.4",
						"total": "9.5", "currency": "EUR"}},
				{User: "u3", Name: "screen", Time: us(2024, 2, 3, 5, 0, 0, 0), Props: map[string]string{"name": "Home"}},
				{User: "a4", Name: "page", Time: us(2024, 2, 3, 5, 0, 0, 0), Props: map[string]string{"name": "Pricing", "path": "/pricing"}},
			},
			wantCounts: counts{RowsRead: 5, Imported: 3, Skipped: 2},
		},
		{
			name:       "an event log with its event name in \"type\" is not Segment's",
			data:       `{"userId":"u1","type":"purchase","timestamp":"2024-03-01T10:00:00Z","amount":5}` + "\n",
			wantFormat: "ndjson",
			want: []storedEvent{{User: "u1", Name: "purchase", Time: us(2024, 3, 1, 10, 0, 0, 0),
				Props: map[string]string{"amount": "5"}}},
			wantCounts: counts{RowsRead: 1, Imported: 1},
		},
		{
			name: "PostHog with its session in $session_id",
			data: `{"event":"$pageview","distinct_id":"ph1","timestamp":"2024-03-04T05:06:07.123456+00:00","uuid":"01890000-0000-0000-0000-000000000001","properties":{"$current_url":"https://example.com/","$session_id":"sess-9","$browser":"Firefox"},"created_at":"2024-03-04T05:06:08Z","elements_chain":""}
`,
			wantFormat: "posthog",
			want: []storedEvent{
				{User: "ph1", Name: "$pageview", Time: us(2024, 3, 4, 5, 6, 7, 123456), Session: "sess-9",
					Props: map[string]string{"$current_url": "https://example.com/", "$browser": "Firefox"}},
			},
			wantCounts: counts{RowsRead: 1, Imported: 1},
		},
		{
			name: "plain NDJSON with nested objects, arrays, nulls and empty strings",
			data: `{"user_id":"n1","event":"signup","timestamp":"2024-03-01T10:00:00Z","plan":"free","utm":{"source":"ads","medium":"cpc"},"tags":["a","b"],"none":[],"empty":"","nothing":null,"score":1.50,"ok":true,"session_id":"sx"}

{"user":"n2","name":"login","ts":1709287200}
`,
			wantFormat: "ndjson",
			want: []storedEvent{
				{User: "n1", Name: "signup", Time: us(2024, 3, 1, 10, 0, 0, 0), Session: "sx",
					Props: map[string]string{"plan": "free", "utm.source": "ads", "utm.medium": "cpc", "tags": `["a","b"]`,
						"score": "1.50", "ok": "true"}},
				{User: "n2", Name: "login", Time: us(2024, 3, 1, 10, 0, 0, 0)},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			name: "a pretty-printed JSON array",
			data: `[
  {
    "distinct_id": "j1",
    "event_name": "open",
    "time": 1709287200000,
    "meta": {
      "os": "linux",
      "version": 3
    }
  },
  {
    "distinct_id": "j2",
    "event_name": "close",
    "time": "2024-03-01T10:00:00Z",
    "text": "a } and a ] and a \" inside"
  }
]
`,
			wantFormat: "json",
			want: []storedEvent{
				{User: "j1", Name: "open", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"meta.os": "linux", "meta.version": "3"}},
				{User: "j2", Name: "close", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"text": `a } and a ] and a " inside`}},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			name:       "TSV",
			data:       "user_id\tevent\ttimestamp\tcountry\tnote\nt1\tview\t2024-03-01 10:00:00\tDE\ta, b; c\n",
			wantFormat: "tsv",
			want: []storedEvent{{User: "t1", Name: "view", Time: us(2024, 3, 1, 10, 0, 0, 0),
				Props: map[string]string{"country": "DE", "note": "a, b; c"}}},
			wantCounts: counts{RowsRead: 1, Imported: 1},
		},
		{
			name:       "semicolon CSV with decimal commas",
			data:       "user_id;event;timestamp;price\ns1;buy;2024-03-01T10:00:00Z;1,50\ns2;buy;2024-03-01T10:00:01Z;\"2;5\"\n",
			wantFormat: "csv",
			want: []storedEvent{
				{User: "s1", Name: "buy", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"price": "1,50"}},
				{User: "s2", Name: "buy", Time: us(2024, 3, 1, 10, 0, 1, 0), Props: map[string]string{"price": "2;5"}},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			name: "CSV with a byte order mark, CRLF line ends and quoted fields",
			data: "\ufeffUser ID,Event Name,Timestamp,Session ID,note\r\nc1,view,2024-03-01T10:00:00Z,s-1,\"hello, \"\"world\"\"\"\r\n" +
				"c1,cart,2024-03-01T10:00:01.5Z,s-1,\"two\r\nlines\"\r\n",
			wantFormat: "csv",
			want: []storedEvent{
				{User: "c1", Name: "view", Time: us(2024, 3, 1, 10, 0, 0, 0), Session: "s-1", Props: map[string]string{"note": `hello, "world"`}},
				{User: "c1", Name: "cart", Time: us(2024, 3, 1, 10, 0, 1, 500000), Session: "s-1", Props: map[string]string{"note": "two\nlines"}},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			name:       "headerless CSV with column names",
			opts:       Options{NoHeader: true, ColumnNames: []string{"uid", "action", "ts", "page"}},
			data:       "h1,view,1709287200,/home\nh1,click,1709287201,\n",
			wantFormat: "csv",
			want: []storedEvent{
				{User: "h1", Name: "view", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"page": "/home"}},
				{User: "h1", Name: "click", Time: us(2024, 3, 1, 10, 0, 1, 0)},
			},
			wantCounts: counts{RowsRead: 2, Imported: 2},
		},
		{
			// Read in the unit asked for, the time is in 1970: the range must let it in.
			name: "explicit columns and time unit on CSV",
			opts: Options{Columns: Columns{User: "who", Event: "what", Time: "when", Session: "visit", InsertID: "row"},
				TimeUnit: UnitMillis, TimeRange: TimeRange{From: time.Unix(0, 0)}},
			data:       "row,who,what,when,visit,user_id\nr1,w1,go,1709287200,v1,other\n",
			wantFormat: "csv",
			want: []storedEvent{{User: "w1", Name: "go", Time: 1709287200 * 1000, Session: "v1",
				Props: map[string]string{"user_id": "other"}}},
			wantCounts: counts{RowsRead: 1, Imported: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, gz := range []bool{false, true} {
				st := openTemp(t)
				data := []byte(tt.data)
				if gz {
					data = gzipped(tt.data)
				}
				im := &Importer{Store: st, Options: tt.opts}
				res, err := im.ImportReader(context.Background(), "in", bytes.NewReader(data), int64(len(data)))
				if err != nil {
					t.Fatalf("gzip %v: %v", gz, err)
				}
				if res.Format != tt.wantFormat {
					t.Errorf("gzip %v: format %q, want %q", gz, res.Format, tt.wantFormat)
				}
				if got := countsOf(res); got != tt.wantCounts {
					t.Errorf("gzip %v: counts %+v, want %+v (errors %v)", gz, got, tt.wantCounts, res.Errors)
				}
				if res.Size != int64(len(data)) {
					t.Errorf("gzip %v: size %d, want the %d bytes read", gz, res.Size, len(data))
				}
				if got := storedEvents(t, st); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("gzip %v: stored events:\n got %+v\nwant %+v", gz, got, tt.want)
				}
			}
		})
	}
}

func TestImportHonoursAnExplicitFormat(t *testing.T) {
	tests := []struct {
		name, format, data, wantFormat, wantErr string
	}{
		{"tsv forces tabs even when commas dominate", "tsv", "user_id\tevent\ttimestamp\tnote\nu\te\t2024-03-01T10:00:00Z\ta,b,c,d\n", "tsv", ""},
		{"csv never picks tabs", "csv", "user_id,event,timestamp,a\tb\tc\td\nu,e,2024-03-01T10:00:00Z,x\n", "csv", ""},
		{"a JSON format refuses CSV text", "ndjson", "user_id,event,timestamp\n", "", "expects JSON"},
		{"an unknown format is refused", "xml", "<a/>", "", "unknown format"},
		{"json read line by line is reported as ndjson", "json", `{"user_id":"u","event":"e","timestamp":1709287200}` + "\n", "ndjson", ""},
		{"mixpanel forced on a plain record rejects its rows", "mixpanel", `{"user_id":"u","event":"e","timestamp":1709287200}` + "\n", "mixpanel", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			res, err := importString(t, st, Options{Format: tt.format}, "in", tt.data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("want an error mentioning %q, got %v", tt.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != tt.wantFormat {
				t.Errorf("format %q, want %q", res.Format, tt.wantFormat)
			}
			if res.Imported+res.Rejected != 1 {
				t.Errorf("want the one row imported or rejected, got %+v", res)
			}
		})
	}
}

func TestImportRefusesEmptyAndBinaryInput(t *testing.T) {
	tests := []struct {
		name, data string
		opts       Options
		wantErr    string // "" for an import of no rows
	}{
		{"empty", "", Options{}, "empty file"},
		{"only white space", " \n\t\n", Options{}, "empty file"},
		{"binary", "\x00\x01\x02\x03binary", Options{}, "not a text file"},
		{"headerless without column names", "u,e,1709287200\n", Options{NoHeader: true}, "--columns"},
		{"a header and nothing else is an import of no rows", "user_id,event,timestamp\n", Options{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			res, err := importString(t, st, tt.opts, "in", tt.data)
			if tt.wantErr == "" {
				if err != nil || res.RowsRead != 0 || len(imports(t, st)) != 1 {
					t.Errorf("want a recorded import of no rows, got %+v, %v", res, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("want an error mentioning %q, got %v", tt.wantErr, err)
			}
			if len(imports(t, st)) != 0 {
				t.Errorf("a refused file was recorded")
			}
		})
	}
}

func TestImportRefusesAJSONArrayOfNonEventsFromItsFirstRecord(t *testing.T) {
	for name, data := range map[string]string{
		"pretty-printed array":              "[\n  {\"a\": 1, \"b\": 2},\n  {\"a\": 3}\n]\n",
		"NDJSON starting with a blank line": "\n{\"a\": 1, \"b\": 2}\n{\"a\": 3}\n",
		"NDJSON":                            "{\"a\": 1, \"b\": 2}\n{\"a\": 3}\n",
	} {
		t.Run(name, func(t *testing.T) {
			st := openTemp(t)
			_, err := importString(t, st, Options{}, "in", data)
			var ne *NotEventDataError
			if !errors.As(err, &ne) {
				t.Fatalf("want a *NotEventDataError, got %v", err)
			}
			if !reflect.DeepEqual(ne.Missing, []string{"user", "event", "time"}) || !reflect.DeepEqual(ne.Fields, []string{"a", "b"}) {
				t.Errorf("got Missing %q Fields %q, want [user event time] and [a b]", ne.Missing, ne.Fields)
			}
			if len(imports(t, st)) != 0 {
				t.Errorf("a refused file was recorded")
			}
		})
	}
}

func TestASegmentRecordOfUnknownTypeIsRejectedNotSkipped(t *testing.T) {
	st := openTemp(t)
	data := `{"type":"track","event":"E","userId":"u","messageId":"m1","timestamp":"2024-03-01T10:00:00Z"}
{"event":"E2","userId":"u","messageId":"m2","timestamp":"2024-03-01T10:00:00Z"}
{"type":"Track","event":"E3","userId":"u","messageId":"m3","timestamp":"2024-03-01T10:00:00Z"}
{"type":"alias","userId":"u","previousId":"p","messageId":"m4","timestamp":"2024-03-01T10:00:00Z"}
`
	res, err := importString(t, st, Options{}, "seg.jsonl", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countsOf(res), (counts{RowsRead: 4, Imported: 1, Rejected: 2, Skipped: 1}); got != want || res.Format != "segment" {
		t.Errorf("format %q counts %+v, want segment %+v", res.Format, got, want)
	}
	if len(res.Errors) != 2 || !strings.HasPrefix(res.Errors[0].Error(), `seg.jsonl:2: unknown segment call type ""`) ||
		!strings.HasPrefix(res.Errors[1].Error(), `seg.jsonl:3: unknown segment call type "Track"`) {
		t.Errorf("errors %v, want lines 2 and 3 reported as unknown call types", res.Errors)
	}
}

func TestAJSONFieldWithAnEmptyNameIsNotTakenForAnExplicitColumn(t *testing.T) {
	st := openTemp(t)
	_, err := importString(t, st, Options{}, "in",
		`{"":"intruder","user_id":"u1","event":"e","timestamp":1709287200}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []storedEvent{{User: "u1", Name: "e", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"": "intruder"}}}
	if got := storedEvents(t, st); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestExplodeJoinsParentAndElementFieldsAndTheElementWins(t *testing.T) {
	st := openTemp(t)
	data := `{"user":"u","k":"parent","p":"only in parent","events":[{"event":"a","ts":1709287200,"k":"child"},{"event":"b","ts":1709287201}]}
{"user":"v","events":[]}
{"user":"w"}
{"user":"z","events":[5, {"event":"c","ts":1709287202}]}
`
	res, err := importString(t, st, Options{Explode: "events"}, "in.jsonl", data)
	if err != nil {
		t.Fatal(err)
	}
	// Each element is a row; an empty array has none; a record without
	// the array and an element without the roles are bad rows.
	if got, want := countsOf(res), (counts{RowsRead: 5, Imported: 3, Rejected: 2}); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	var errs []string
	for _, e := range res.Errors {
		errs = append(errs, e.Error())
	}
	wantErrs := []string{`in.jsonl:3: --explode events: the record has no array "events"`, "in.jsonl:4: no event, no time field"}
	if !reflect.DeepEqual(errs, wantErrs) {
		t.Errorf("errors %q, want %q", errs, wantErrs)
	}
	want := []storedEvent{
		{User: "u", Name: "a", Time: us(2024, 3, 1, 10, 0, 0, 0), Props: map[string]string{"k": "child", "p": "only in parent"}},
		{User: "u", Name: "b", Time: us(2024, 3, 1, 10, 0, 1, 0), Props: map[string]string{"k": "parent", "p": "only in parent"}},
		{User: "z", Name: "c", Time: us(2024, 3, 1, 10, 0, 2, 0)},
	}
	if got := storedEvents(t, st); !reflect.DeepEqual(got, want) {
		t.Errorf("stored:\n got %+v\nwant %+v", got, want)
	}
}

// ---- Dedup ----

const threeEvents = `{"user_id":"u1","event":"a","timestamp":"2024-03-01T10:00:00Z","k":"1"}
{"user_id":"u1","event":"b","timestamp":"2024-03-01T10:00:01Z","k":"2"}
{"user_id":"u2","event":"a","timestamp":"2024-03-01T10:00:02Z","k":"3"}
`

func TestDedupSkipsEventsAlreadyStored(t *testing.T) {
	tests := []struct {
		name        string
		first, then string
		opts        Options
		wantThen    counts
		wantEvents  int64
	}{
		{"the same file twice stores it once", threeEvents, threeEvents, Options{},
			counts{RowsRead: 3, Duplicates: 3}, 3},
		{"an overlapping file adds only its new events", threeEvents,
			`{"user_id":"u2","event":"a","timestamp":"2024-03-01T10:00:02Z","k":"3"}
{"user_id":"u1","event":"b","timestamp":"2024-03-01T10:00:01Z","k":"2"}
{"user_id":"u3","event":"c","timestamp":"2024-03-01T10:00:03Z"}
`, Options{}, counts{RowsRead: 3, Imported: 1, Duplicates: 2}, 4},
		{"property order in the JSON does not matter", threeEvents,
			`{"k":"1","timestamp":"2024-03-01T10:00:00Z","event":"a","user_id":"u1"}
`, Options{}, counts{RowsRead: 1, Duplicates: 1}, 3},
		{"the same event as CSV is the same event", threeEvents,
			"k,timestamp,event,user_id\n2,2024-03-01T10:00:01Z,b,u1\n", Options{}, counts{RowsRead: 1, Duplicates: 1}, 3},
		{"an equal time written differently is the same event", threeEvents,
			`{"user_id":"u1","event":"a","timestamp":"2024-03-01T11:00:00+01:00","k":"1"}
`, Options{}, counts{RowsRead: 1, Duplicates: 1}, 3},
		{"a different property value is a different event", threeEvents,
			`{"user_id":"u1","event":"a","timestamp":"2024-03-01T10:00:00Z","k":"9"}
`, Options{}, counts{RowsRead: 1, Imported: 1}, 4},
		{"a different session is a different event", threeEvents,
			`{"user_id":"u1","event":"a","timestamp":"2024-03-01T10:00:00Z","k":"1","session_id":"s"}
`, Options{}, counts{RowsRead: 1, Imported: 1}, 4},
		{"the same insert id with different content is a duplicate",
			`{"event":"Signup","properties":{"distinct_id":"m","time":1709287200,"$insert_id":"X1","plan":"pro"}}
`, `{"event":"Signup","properties":{"distinct_id":"m","time":1709287999,"$insert_id":"X1","plan":"free"}}
{"event":"Signup","properties":{"distinct_id":"m","time":1709287200,"$insert_id":"X2","plan":"pro"}}
`, Options{}, counts{RowsRead: 2, Imported: 1, Duplicates: 1}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			im := &Importer{Store: st, Options: tt.opts}
			ctx := context.Background()
			if _, err := im.ImportReader(ctx, "first", strings.NewReader(tt.first), -1); err != nil {
				t.Fatal(err)
			}
			res, err := im.ImportReader(ctx, "then", strings.NewReader(tt.then), -1)
			if err != nil {
				t.Fatal(err)
			}
			if got := countsOf(res); got != tt.wantThen {
				t.Errorf("second file: counts %+v, want %+v", got, tt.wantThen)
			}
			if got := summary(t, st).Events; got != tt.wantEvents {
				t.Errorf("stored events: %d, want %d", got, tt.wantEvents)
			}
			// A new importer (another process) loads the keys from the store.
			res, err = (&Importer{Store: st, Options: tt.opts}).ImportReader(ctx, "again", strings.NewReader(tt.then), -1)
			if err != nil || res.Imported != 0 {
				t.Errorf("third import by a fresh importer: imported %d, err %v; want 0", res.Imported, err)
			}
		})
	}
}

func TestDedupAlsoAppliesWithinOneFile(t *testing.T) {
	st := openTemp(t)
	data := threeEvents + threeEvents + `{"event":"x","properties":{"distinct_id":"m","time":1,"$insert_id":"z"}}` + "\n"
	res, err := importString(t, st, Options{}, "in", data)
	if err != nil {
		t.Fatal(err)
	}
	// The last line is a plain record without an event field: rejected.
	if got, want := countsOf(res), (counts{RowsRead: 7, Imported: 3, Duplicates: 3, Rejected: 1}); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
}

// ---- Bad rows ----

const badCSV = `user_id,event,timestamp,note
u1,view,2024-03-01T10:00:00Z,ok
u2,view,2024-03-01T10:00:00Z
u3,view,yesterday,x
,view,2024-03-01T10:00:00Z,x
u4,view,2024-03-01T10:00:01Z,"two
lines"
u5,view,2024-13-01T00:00:00Z,x
u6,,2024-03-01T10:00:00Z,x
u7,cart,2024-03-01T10:00:02Z,"bad"quote
u8,cart,2024-03-01T10:00:03Z,x
`

const badNDJSON = `{"user_id":"u1","event":"a","timestamp":"2024-03-01T10:00:00Z"}
{"user_id":"u2","event":"a",

{"user_id":"u3","timestamp":"2024-03-01T10:00:00Z"}
[1,2]
{"user_id":"u4","event":"a","timestamp":"not a time"}
{"user_id":"u5","event":"b","timestamp":"2024-03-01T10:00:01Z"}
`

const badJSONArray = `[
  {"user_id":"u1","event":"a","timestamp":1709287200},
  {"user_id":"u2",
   "timestamp":1709287200},
  {"user_id":"u3","event":"a","timestamp":"bad"},
  {"user_id": tru},
  {"user_id":"u4","event":"b","timestamp":1709287201}
]
`

func TestLenientImportSkipsBadRowsAndSaysWhere(t *testing.T) {
	tests := []struct {
		name, file, data string
		wantCounts       counts
		wantErrs         []string // prefixes of each reported error, in order
		wantUsers        []string
	}{
		{"CSV", "bad.csv", badCSV, counts{RowsRead: 9, Imported: 3, Rejected: 6}, []string{
			"bad.csv:3: expected 4 fields (as in the header), found 3",
			`bad.csv:4: column "timestamp": unrecognised timestamp "yesterday"`,
			`bad.csv:5: empty user id in column "user_id"`,
			`bad.csv:8: column "timestamp": bad timestamp "2024-13-01T00:00:00Z": date out of range`,
			`bad.csv:9: empty event name in column "event"`,
			`bad.csv:10: malformed CSV row`,
		}, []string{"u1", "u4", "u8"}},
		{"NDJSON", "bad.ndjson", badNDJSON, counts{RowsRead: 6, Imported: 2, Rejected: 4}, []string{
			"bad.ndjson:2: invalid JSON",
			"bad.ndjson:4: no event field",
			"bad.ndjson:5: expected a JSON object, found array",
			`bad.ndjson:6: field "timestamp": unrecognised timestamp "not a time"`,
		}, []string{"u1", "u5"}},
		{"JSON array", "bad.json", badJSONArray, counts{RowsRead: 5, Imported: 2, Rejected: 3}, []string{
			"bad.json:3: no event field",
			`bad.json:5: field "timestamp": unrecognised timestamp "bad"`,
			"bad.json:6: invalid JSON",
		}, []string{"u1", "u4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			res, err := importString(t, st, Options{}, tt.file, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := countsOf(res); got != tt.wantCounts {
				t.Errorf("counts %+v, want %+v", got, tt.wantCounts)
			}
			if len(res.Errors) != len(tt.wantErrs) {
				t.Fatalf("got %d errors, want %d: %v", len(res.Errors), len(tt.wantErrs), res.Errors)
			}
			for i, e := range res.Errors {
				if !strings.HasPrefix(e.Error(), tt.wantErrs[i]) {
					t.Errorf("error %d: got %q, want it to start with %q", i, e.Error(), tt.wantErrs[i])
				}
				if e.File != tt.file {
					t.Errorf("error %d: File %q, want %q", i, e.File, tt.file)
				}
			}
			var users []string
			for _, e := range storedEvents(t, st) {
				users = append(users, e.User)
			}
			if !reflect.DeepEqual(users, tt.wantUsers) {
				t.Errorf("stored users %v, want %v", users, tt.wantUsers)
			}
			ims := imports(t, st)
			if len(ims) != 1 || ims[0].Rejected != tt.wantCounts.Rejected || ims[0].RowsRead != tt.wantCounts.RowsRead {
				t.Errorf("import record %+v, want the rejected rows counted", ims)
			}
		})
	}
}

func TestLenientImportReportsOnlyMaxErrorsButCountsAll(t *testing.T) {
	st := openTemp(t)
	res, err := importString(t, st, Options{MaxErrors: 2}, "bad.csv", badCSV)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected != 6 || len(res.Errors) != 2 || res.Errors[1].Line != 4 {
		t.Errorf("got %d rejected, errors %v; want 6 rejected and the first 2 (lines 3, 4) reported", res.Rejected, res.Errors)
	}
}

func TestStrictImportStopsAtTheFirstBadRowAndStoresNothing(t *testing.T) {
	tests := []struct{ name, file, data, wantErr string }{
		{"CSV", "bad.csv", badCSV, "bad.csv:3: expected 4 fields"},
		{"NDJSON", "bad.ndjson", badNDJSON, "bad.ndjson:2: invalid JSON"},
		{"JSON array", "bad.json", badJSONArray, "bad.json:3: no event field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			if _, err := importString(t, st, Options{}, "good", threeEvents); err != nil {
				t.Fatal(err)
			}
			before, beforeImports := summary(t, st), len(imports(t, st))
			_, err := importString(t, st, Options{Strict: true}, tt.file, tt.data)
			if err == nil {
				t.Fatal("strict import of a bad file succeeded")
			}
			for _, want := range []string{"--strict", tt.wantErr, "nothing of this file was imported"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q should contain %q", err, want)
				}
			}
			if got := summary(t, st); got != before {
				t.Errorf("store changed: %+v, was %+v", got, before)
			}
			if got := len(imports(t, st)); got != beforeImports {
				t.Errorf("imports: %d, was %d", got, beforeImports)
			}
		})
	}
}

// ---- Atomicity ----

// manyEvents is a CSV of n distinct events, over 1 MiB for n >= 20,000, so
// that reading fails after detection and after batches were inserted.
func manyEvents(n int) []byte {
	var b bytes.Buffer
	b.WriteString("user_id,event,timestamp,page\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "user%05d,event%d,%d,/page/%d/of/the/site\n", i/10, i%7, 1709287200+i, i%50)
	}
	return b.Bytes()
}

// failingReader yields data up to limit bytes, then fails with err (and
// keeps failing); onLimit runs once when the limit is reached.
type failingReader struct {
	data    []byte
	limit   int
	err     error
	onLimit func()
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.limit <= 0 {
		if r.onLimit != nil {
			r.onLimit()
			r.onLimit = nil
		}
		return 0, r.err
	}
	n := copy(p[:min(len(p), r.limit)], r.data)
	r.data, r.limit = r.data[n:], r.limit-n
	return n, nil
}

func TestAFailedImportLeavesTheStoreAsItWas(t *testing.T) {
	const n = 40000
	data := manyEvents(n)
	errDisk := errors.New("disk on fire")
	tests := []struct {
		name    string
		run     func(im *Importer) error
		wantErr string
	}{
		{"an I/O error midway", func(im *Importer) error {
			_, err := im.ImportReader(context.Background(), "big.csv",
				&failingReader{data: data, limit: len(data) * 3 / 4, err: errDisk}, int64(len(data)))
			if !errors.Is(err, errDisk) {
				return fmt.Errorf("error does not wrap the I/O error: %w", err)
			}
			return err
		}, "nothing of this file was imported"},
		{"an I/O error past the last record", func(im *Importer) error {
			// The parser stops at the closing bracket; the rest is read for
			// the checksum, and failing there fails the import all the same.
			arr := []byte(`[{"user_id":"u","event":"e","timestamp":1709287200}]` + strings.Repeat("\n", 1<<20))
			_, err := im.ImportReader(context.Background(), "a.json",
				&failingReader{data: arr, limit: len(arr) - 1, err: errDisk}, int64(len(arr)))
			if !errors.Is(err, errDisk) {
				return fmt.Errorf("error does not wrap the I/O error: %w", err)
			}
			return err
		}, "nothing of this file was imported"},
		{"a context cancelled midway", func(im *Importer) error {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := &failingReader{data: data, limit: len(data) * 3 / 4, err: io.EOF, onLimit: cancel}
			// After the cancel the reader ends early: the import must still be abandoned.
			_, err := im.ImportReader(ctx, "big.csv", r, int64(len(data)))
			return err
		}, "interrupted"},
		{"a context cancelled before the start", func(im *Importer) error {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err := im.ImportReader(ctx, "big.csv", bytes.NewReader(data), int64(len(data)))
			return err
		}, ""},
		{"a bad gzip stream", func(im *Importer) error {
			z := gzipped(string(data))
			z = z[:len(z)/2]
			_, err := im.ImportReader(context.Background(), "big.csv.gz", bytes.NewReader(z), int64(len(z)))
			return err
		}, "nothing of this file was imported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			im := &Importer{Store: st}
			if _, err := im.ImportReader(context.Background(), "small", strings.NewReader(threeEvents), -1); err != nil {
				t.Fatal(err)
			}
			before := summary(t, st)
			beforeDicts := map[store.DictKind]int{}
			for k := store.DictKind(0); k < store.NumDicts; k++ {
				beforeDicts[k] = len(dict(t, st, k))
			}
			err := tt.run(im)
			if err == nil {
				t.Fatal("the import succeeded")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q should contain %q", err, tt.wantErr)
			}
			if got := summary(t, st); got != before {
				t.Errorf("store changed: %+v, was %+v", got, before)
			}
			for k, n := range beforeDicts {
				if got := len(dict(t, st, k)); got != n {
					t.Errorf("%s: %d strings, was %d", k, got, n)
				}
			}
			if ims := imports(t, st); len(ims) != 1 {
				t.Errorf("imports: %d recorded, want only the first", len(ims))
			}
			if ok, err := st.IntegrityCheck(context.Background()); err != nil || ok != "ok" {
				t.Errorf("integrity_check: %q, %v", ok, err)
			}
			// The same importer then imports the whole file: the abandoned
			// transaction's dictionary ids and keys are forgotten.
			res, err := im.ImportReader(context.Background(), "big.csv", bytes.NewReader(data), int64(len(data)))
			if err != nil || res.Imported != n {
				t.Fatalf("import after the failure: imported %d, err %v; want %d", res.Imported, err, n)
			}
			if got := summary(t, st); got.Events != before.Events+n {
				t.Errorf("events after the retry: %d, want %d", got.Events, before.Events+n)
			}
			if ok, err := st.IntegrityCheck(context.Background()); err != nil || ok != "ok" {
				t.Errorf("integrity_check after the retry: %q, %v", ok, err)
			}
		})
	}
}

// ---- The imports table ----

func TestImportsTableRecordsEachFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "events.csv")
	csvData := "user_id,event,timestamp\nu1,a,2024-03-01T10:00:00Z\nu1,a,2024-03-01T10:00:00Z\nu2,,2024-03-01T10:00:00Z\n"
	if err := os.WriteFile(plain, []byte(csvData), 0o644); err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "segment.ndjson.gz")
	seg := `{"type":"track","event":"E","userId":"u","messageId":"m1","timestamp":"2024-03-01T10:00:00Z"}
{"type":"identify","userId":"u","messageId":"m2","timestamp":"2024-03-01T10:00:00Z"}
`
	if err := os.WriteFile(gz, gzipped(seg), 0o644); err != nil {
		t.Fatal(err)
	}
	st := openTemp(t)
	im := &Importer{Store: st}
	start := time.Now().Add(-time.Second)
	for _, p := range []string{plain, gz, plain} {
		if _, err := im.ImportFile(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	fileInfo := func(p string) (int64, string) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		return int64(len(b)), hex.EncodeToString(sum[:])
	}
	plainSize, plainSum := fileInfo(plain)
	gzSize, gzSum := fileInfo(gz)
	want := []store.Import{
		{File: plain, Format: "csv", Size: plainSize, SHA256: plainSum, RowsRead: 3, Imported: 1, Duplicates: 1, Rejected: 1},
		{File: gz, Format: "segment", Size: gzSize, SHA256: gzSum, RowsRead: 2, Imported: 1, Skipped: 1},
		{File: plain, Format: "csv", Size: plainSize, SHA256: plainSum, RowsRead: 3, Duplicates: 2, Rejected: 1},
	}
	got := imports(t, st)
	if len(got) != len(want) {
		t.Fatalf("got %d imports, want %d: %+v", len(got), len(want), got)
	}
	for i := range got {
		g := got[i]
		if g.ID <= 0 || (i > 0 && g.ID <= got[i-1].ID) {
			t.Errorf("import %d: id %d not increasing", i, g.ID)
		}
		if g.Started.Before(start) || g.Finished.Before(g.Started) || g.Finished.After(time.Now()) {
			t.Errorf("import %d: started %v, finished %v: not in order", i, g.Started, g.Finished)
		}
		g.ID, g.Started, g.Finished = 0, time.Time{}, time.Time{}
		if g != want[i] {
			t.Errorf("import %d:\n got %+v\nwant %+v", i, g, want[i])
		}
	}
}

func TestAJSONArrayIsHashedWhole(t *testing.T) {
	// The parser stops at the closing bracket; the checksum must still
	// cover the bytes after it.
	data := `[{"user_id":"u","event":"e","timestamp":1709287200}]` + "\n\n   \n"
	st := openTemp(t)
	res, err := importString(t, st, Options{}, "a.json", data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(data))
	if res.Size != int64(len(data)) || res.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("size %d sha %s, want %d %x", res.Size, res.SHA256, len(data), sum)
	}
}
