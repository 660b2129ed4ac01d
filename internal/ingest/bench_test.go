package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/store"
)

// benchCSV builds n events shaped like the workshop sample: 11 columns,
// about 15 events a user, a handful of distinct values per property.
func benchCSV(n int) []byte {
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"page_view", "scroll_depth", "video_play", "view_item", "add_to_cart", "begin_checkout", "purchase", "search", "pricing_view"}
	b.WriteString("user_id,event,timestamp,session_id,country,device,page,utm_campaign,utm_medium,utm_source,variant\n")
	t := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		u := i / 15
		t = t.Add(time.Duration(r.IntN(3000)) * time.Millisecond)
		fmt.Fprintf(&b, "u%07d,%s,%s,su%07d-%d,DE,mobile,/p/%d,spring_sale,cpc,google,%c\n", u, names[r.IntN(len(names))],
			t.Format("2006-01-02T15:04:05.000Z"), u, i%15/5, r.IntN(40), 'A'+rune(u%2))
	}
	return b.Bytes()
}

// benchNDJSON is benchCSV's events as NDJSON records, with an insert id as
// the sample's NDJSON has, and the page only on page views (so the fields
// of consecutive records do not always line up).
func benchNDJSON(n int) []byte {
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"page_view", "scroll_depth", "video_play", "view_item", "add_to_cart", "begin_checkout", "purchase", "search", "pricing_view"}
	t := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		u := i / 15
		t = t.Add(time.Duration(r.IntN(3000)) * time.Millisecond)
		name := names[r.IntN(len(names))]
		page := ""
		if name == "page_view" {
			page = fmt.Sprintf(`"page":"/p/%d",`, r.IntN(40))
		}
		fmt.Fprintf(&b, `{"user_id":"u%07d","event":"%s","timestamp":"%s","session_id":"su%07d-%d","insert_id":"e%d","country":"DE","device":"mobile",%s"utm_campaign":"spring_sale","utm_medium":"cpc","utm_source":"google","variant":"%c"}`+"\n",
			u, name, t.Format("2006-01-02T15:04:05.000Z"), u, i%15/5, i, page, 'A'+rune(u%2))
	}
	return b.Bytes()
}

// BenchmarkImportCSV measures a whole import (parse, encode, insert, commit)
// into a fresh store; events/s is the figure to compare with the import
// target (600 k events/s on 2 cores, 1 M the next one).
func BenchmarkImportCSV(b *testing.B) { benchImport(b, "bench.csv", benchCSV) }

// BenchmarkImportNDJSON is BenchmarkImportCSV for NDJSON, whose parser
// (JSON, then flattening) bounds the import where CSV's does not.
func BenchmarkImportNDJSON(b *testing.B) { benchImport(b, "bench.ndjson", benchNDJSON) }

func benchImport(b *testing.B, name string, gen func(int) []byte) {
	const n = 200_000
	data := gen(n)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		im := &Importer{Store: st}
		b.StartTimer()
		res, err := im.ImportReader(context.Background(), name, bytes.NewReader(data), int64(len(data)))
		if err != nil || res.Imported != n {
			b.Fatalf("imported %d: %v", res.Imported, err)
		}
		b.StopTimer()
		st.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}
