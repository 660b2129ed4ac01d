package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/store"
)

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2024-03-01T10:00:00Z", "2024-03-01T10:00:00+02:00", "2024-03-01T10:00:00-0530",
		"2019-10-01 00:00:00 UTC", "2024-03-01T10:00:00.123456789Z", "2024-03-01 10:00:00,5 +01",
		"2024-02-29", "2023-02-29", "1709287200", "1709287200123", "1709287200123456",
		"1709287200123456789", "1709287200.25", "-86400", "1e300", "0x1p4", "NaN", "", " ",
		"2024-13-01", "9999-12-31T23:59:59.999999Z", "0000-01-01T00:00:00Z", "2024-03-01T10:00:60Z",
	} {
		f.Add(s, uint8(0))
	}
	f.Add("1709287200", uint8(UnitMillis))
	f.Add("1.5", uint8(UnitNanos))
	f.Fuzz(func(t *testing.T, s string, unit uint8) {
		u := TimeUnit(unit % 5)
		got, err := ParseTime(s, u)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("ParseTime(%q): empty error message", s)
			}
			return
		}
		// Where the standard library also reads s as RFC 3339, both agree.
		if tm, perr := time.Parse(time.RFC3339Nano, s); perr == nil {
			if want := tm.UnixMicro(); got != want {
				t.Errorf("ParseTime(%q) = %d, time.Parse says %d", s, got, want)
			}
		}
		// What ParseTime returns it reads back the same from RFC 3339.
		tm := time.UnixMicro(got).UTC()
		if y := tm.Year(); y >= 0 && y <= 9999 {
			text := tm.Format(time.RFC3339Nano)
			back, err := ParseTime(text, UnitAuto)
			if err != nil || back != got {
				t.Errorf("ParseTime(%q) = %d, formatted %q, read back %d, %v", s, got, text, back, err)
			}
		}
	})
}

// fuzzStore is one store per fuzz worker, replaced now and then so that it
// (and the importer's dedup keys) does not grow without bound.
type fuzzStore struct {
	dir     string
	st      *store.Store
	im      *Importer
	imports int
}

func newFuzzStore(f *testing.F) *fuzzStore {
	fs := &fuzzStore{dir: f.TempDir()}
	f.Cleanup(func() {
		if fs.st != nil {
			fs.st.Close()
		}
	})
	return fs
}

// importer returns the worker's importer, reusing its encoder between
// iterations (no dictionary reload) until 500 imports have gone by.
func (fs *fuzzStore) importer(t *testing.T) *Importer {
	if fs.st != nil && fs.imports < 500 {
		return fs.im
	}
	if fs.st != nil {
		fs.st.Close()
		os.RemoveAll(filepath.Dir(fs.st.Path()))
	}
	dir, err := os.MkdirTemp(fs.dir, "store")
	if err != nil {
		t.Fatal(err)
	}
	if fs.st, err = store.Open(filepath.Join(dir, "fuzz.db")); err != nil {
		t.Fatal(err)
	}
	fs.im, fs.imports = &Importer{Store: fs.st}, 0
	return fs.im
}

// storeFailure markers: an error that mentions one of these came from the
// database rather than from the input, and no input may cause one.
var storeFailure = []string{"sqlite", "insert events", "add to ", "record dedup keys", "record import",
	"commit import", "begin import", "load ", "constraint"}

// fuzzImport imports data and checks what must hold whatever the input.
func fuzzImport(t *testing.T, fs *fuzzStore, opts Options, data []byte) {
	im := fs.importer(t)
	im.Options = opts
	res, err := im.ImportReader(context.Background(), "fuzz", bytes.NewReader(data), int64(len(data)))
	fs.imports++
	if err != nil {
		var ne *NotEventDataError
		if !errors.As(err, &ne) {
			for _, m := range storeFailure {
				if strings.Contains(err.Error(), m) {
					t.Fatalf("input caused a store failure: %v", err)
				}
			}
		}
		if res.Imported != 0 && !strings.Contains(err.Error(), "nothing of this file was imported") &&
			!strings.Contains(err.Error(), "interrupted") {
			t.Errorf("failed import reports %d imported without saying none were kept: %v", res.Imported, err)
		}
		return
	}
	if sum := res.Imported + res.Duplicates + res.Rejected + res.Skipped; sum != res.RowsRead {
		t.Errorf("imported %d + duplicates %d + rejected %d + skipped %d = %d, but %d rows read",
			res.Imported, res.Duplicates, res.Rejected, res.Skipped, sum, res.RowsRead)
	}
	if len(res.Errors) > im.Options.MaxErrors || int64(len(res.Errors)) > res.Rejected {
		t.Errorf("%d errors reported for %d rejected rows (max %d)", len(res.Errors), res.Rejected, im.Options.MaxErrors)
	}
	for _, e := range res.Errors {
		if e.File != "fuzz" || e.Line < 1 {
			t.Errorf("row error without a place: %+v", e)
		}
	}
	sum := sha256.Sum256(data)
	if res.Size != int64(len(data)) || res.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("size %d sha256 %s, want %d %x", res.Size, res.SHA256, len(data), sum)
	}
}

// fuzzImports fuzzes fuzzImport with the options that options makes of
// the fuzzed flags, seeded with seeds (each with its index as flags).
func fuzzImports(f *testing.F, seeds []string, options func(flags uint8) Options) {
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	fs := newFuzzStore(f)
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) { fuzzImport(t, fs, options(flags), data) })
}

func FuzzCSV(f *testing.F) {
	fuzzImports(f, []string{
		"user_id,event,timestamp\nu1,view,2024-03-01T10:00:00Z\nu1,cart,2024-03-01T10:00:01Z\n",
		"event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n" +
			"2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n" +
			"2019-10-01 00:00:00 UTC,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc\n",
		"user_id;event;timestamp;price\ns1;buy;2024-03-01T10:00:00Z;1,50\n",
		"user_id\tevent\ttimestamp\tcountry\nt1\tview\t1709287200\tDE\n",
		"\ufeffUser ID,Event Name,Timestamp,Session ID,note\r\nc1,view,2024-03-01T10:00:00Z,s-1,\"hello, \"\"world\"\"\"\r\n",
		badCSV,
		"uid,action,ts\nh1,view,1709287200\nh1,view,1709287200\n",
		"Administrative;Month;Revenue\n0;Feb;FALSE\n",
		"",
	}, func(flags uint8) Options {
		opts := Options{Format: "csv", Strict: flags&1 != 0}
		if flags&2 != 0 {
			opts.Format = "auto"
		}
		if flags&4 != 0 {
			opts.NoHeader, opts.ColumnNames = true, []string{"user_id", "event", "timestamp", "a", "b"}
		}
		return opts
	})
}

func FuzzNDJSON(f *testing.F) {
	fuzzImports(f, []string{
		threeEvents,
		badNDJSON,
		`{"event":"Signup","properties":{"distinct_id":"mp1","time":1709287200,"$insert_id":"i1","plan":"pro"}}` + "\n",
		`{"event_type":"Play","user_id":"am1","device_id":"d","event_time":"2024-01-02 03:04:05.678000","session_id":1704164645000,"event_properties":{"song":"x"}}` + "\n",
		`{"type":"track","event":"Order","userId":"u3","messageId":"m1","timestamp":"2024-02-03T04:05:06.789Z","properties":{"total":9.5}}` + "\n" +
			`{"type":"identify","userId":"u3","traits":{"plan":"pro"}}` + "\n",
		`{"event":"$pageview","distinct_id":"ph1","timestamp":"2024-03-04T05:06:07Z","properties":{"$session_id":"s"}}` + "\n",
		`{"event_name":"page_view","event_timestamp":1604192073036492,"user_pseudo_id":"1.2","event_params":[{"key":"ga_session_id","value":{"int_value":48}},{"key":"page","value":{"string_value":"/"}}],"user_properties":[{"key":"plan","value":{"string_value":"pro"}}],"device":{"category":"desktop"}}` + "\n",
		`{"session":0,"events":[{"aid":1517085,"ts":1659304800025,"type":"clicks"},{"aid":2,"ts":1659304800026,"type":"carts"}]}` + "\n",
		"[\n  {\n    \"user\": \"j1\",\n    \"name\": \"open\",\n    \"time\": 1709287200000\n  },\n  {\"user\": \"j2\", \"name\": \"x\", \"time\": \"2024-03-01\"}\n]\n",
		`{"a": 1}` + "\n",
		"{\n",
		"[",
	}, func(flags uint8) Options {
		opts := Options{Strict: flags&1 != 0}
		if flags&2 != 0 {
			opts.Explode, opts.Columns.User = "events", "session"
		}
		return opts
	})
}
