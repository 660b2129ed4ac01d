package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// allocatedBy is how many bytes of heap run allocated, in all.
func allocatedBy(run func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestARecordOverMaxFieldIsRejectedAloneWithoutBeingHeldInMemory(t *testing.T) {
	const field = 96 << 20 // over the 64 MiB that NDJSON lines had as a fatal limit
	bomb := strings.Repeat("a", field)
	ok := func(u string) string {
		return `{"user_id":"` + u + `","event":"view","timestamp":"2024-03-01T10:00:00Z"}`
	}
	tests := []struct {
		name, file, data string
		wantErr          string
	}{
		{"an unquoted CSV field", "bomb.csv.gz",
			"user_id,event,timestamp\nu1,view,2024-03-01T10:00:00Z\nu2," + bomb + ",2024-03-01T10:00:00Z\nu3,view,2024-03-01T10:00:00Z\n",
			"bomb.csv.gz:3: record longer than 1.0 MiB (raise the limit with --max-field)"},
		{"a quoted CSV field of many lines", "lines.csv.gz",
			"user_id,event,timestamp\nu1,view,2024-03-01T10:00:00Z\nu2,\"" + strings.Repeat(strings.Repeat("a", 1023)+"\n", field>>10) +
				"\",2024-03-01T10:00:00Z\nu3,view,2024-03-01T10:00:00Z\n",
			"lines.csv.gz:3: record longer than 1.0 MiB"},
		{"an NDJSON line", "bomb.ndjson.gz",
			ok("u1") + "\n" + `{"user_id":"u2","event":"` + bomb + `","timestamp":1}` + "\n" + ok("u3") + "\n",
			"bomb.ndjson.gz:2: record longer than 1.0 MiB"},
		{"a record of a JSON array", "bomb.json.gz",
			"[\n" + ok("u1") + ",\n" + `{"user_id":"u2","event":"` + bomb + `","timestamp":1},` + "\n" + ok("u3") + "\n]\n",
			"bomb.json.gz:3: record longer than 1.0 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			z := gzipLevel([]byte(tt.data), gzip.BestSpeed) // fast: the bombs are mostly one byte
			im := &Importer{Store: st, Options: Options{MaxField: 1 << 20}}
			var res Result
			var err error
			alloc := allocatedBy(func() {
				res, err = im.ImportReader(context.Background(), tt.file, bytes.NewReader(z), int64(len(z)))
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := countsOf(res); got != (counts{RowsRead: 3, Imported: 2, Rejected: 1}) {
				t.Errorf("counts %+v, want 2 imported and the bomb rejected", got)
			}
			if len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0].Error(), tt.wantErr) {
				t.Errorf("errors %v, want one starting %q", res.Errors, tt.wantErr)
			}
			// Without the limit the reader holds the field two or three
			// times over (288 MB here; a 1 GB field took 6 GB).
			if alloc > 48<<20 {
				t.Errorf("the import allocated %d MB for a %d MB field: it must not grow with the field", alloc>>20, field>>20)
			}
		})
	}
}

func TestJSONNestedDeeperThanMaxDepthIsABadRowWithAShortReason(t *testing.T) {
	nested := func(depth int) string {
		return `{"user_id":"u2","event":"e","timestamp":"2024-03-01T10:00:00Z","x":` +
			strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + "}"
	}
	first := `{"user_id":"u1","event":"e","timestamp":"2024-03-01T10:00:00Z"}`
	tests := []struct {
		name, data string
		maxDepth   int
		wantErr    string // "" when the nested row is imported
	}{
		{"100000 levels in NDJSON", first + "\n" + nested(100000) + "\n", 0,
			"deep.json:2: JSON nested deeper than 300 levels (--max-depth)"},
		{"100000 levels in a JSON array", "[" + first + ",\n" + nested(100000) + "]", 0,
			"deep.json:2: JSON nested deeper than 300 levels (--max-depth)"},
		{"at the limit", first + "\n" + nested(5) + "\n", 5, ""},
		{"one over the limit", first + "\n" + nested(6) + "\n", 5, "deep.json:2: JSON nested deeper than 5 levels"},
		{"brackets in strings do not count", first + "\n" +
			`{"user_id":"u2","event":"e","timestamp":"2024-03-01T10:00:00Z","x":"[[[[[[[[[[\"{{{{{{{{"}` + "\n", 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importString(t, openTemp(t), Options{MaxDepth: tt.maxDepth}, "deep.json", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr == "" {
				if res.Imported != 2 {
					t.Errorf("imported %d, want 2: %v", res.Imported, res.Errors)
				}
				return
			}
			if res.Imported != 1 || len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0].Error(), tt.wantErr) {
				t.Errorf("imported %d, errors %v; want 1 and %q", res.Imported, res.Errors, tt.wantErr)
			}
		})
	}
}

func TestARowErrorIsCutToAFewHundredCharacters(t *testing.T) {
	long := strings.Repeat("é", 5000)
	first := `{"user_id":"u1","event":"e","timestamp":1709287200}` + "\n"
	tests := []struct{ name, data string }{
		{"a long bad timestamp", "user_id,event,timestamp\nu1,e," + long + "\n"},
		{"a long column name quoted per row", "user_id,event,timestamp," + long + "\n,e,2024-03-01,x\n"},
		{"JSON failing 250 levels deep", first + `{"user_id":"u1","event":"e","timestamp":1709287200,"x":` +
			strings.Repeat("[", 250) + "}\n"},
		{"a long JSON key missing its value", first + `{"user_id":"u1","event":"e","timestamp":1709287200,"` + long + "\":}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importString(t, openTemp(t), Options{Format: "auto"}, "f", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 1 {
				t.Fatalf("want one row error, got %v", res.Errors)
			}
			if msg := res.Errors[0].Error(); len(msg) > len("f:2: ")+maxErrorText+len("…") {
				t.Errorf("error of %d bytes: %.400s", len(msg), msg)
			}
		})
	}
}

func TestOptionsRefuseLimitsTheReadersCannotKeep(t *testing.T) {
	for _, o := range []Options{{MaxField: -1}, {MaxDepth: -1}, {MaxDepth: DefaultMaxDepth + 1}} {
		if err := o.Validate(); err == nil {
			t.Errorf("%+v: accepted", o)
		}
	}
	o := Options{}
	if err := o.Validate(); err != nil || o.MaxField != 16<<20 || o.MaxDepth != 300 {
		t.Errorf("defaults: %+v, %v; want 16 MiB and 300", o, err)
	}
}

func ExampleParseTimeRange() {
	for _, s := range []string{"1970-01-01..2100-01-01", "..2030-06-01T12:00:00Z", "2000-01-01..", "2001-01-01..2000-01-01", "1970"} {
		tr, err := ParseTimeRange(s)
		fmt.Printf("%q: %v %v\n", s, tr, err)
	}
	// Output:
	// "1970-01-01..2100-01-01": 1970-01-01..2100-01-01 <nil>
	// "..2030-06-01T12:00:00Z": ..2030-06-01T12:00:00Z <nil>
	// "2000-01-01..": 2000-01-01.. <nil>
	// "2001-01-01..2000-01-01": .. time range "2001-01-01..2000-01-01": ends before it starts
	// "1970": .. time range "1970": expected FROM..TO, for example 1970-01-01..2100-01-01
}
