package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

// The import fuzzers run the reading half of an import (detection, the
// readers and their limits, the row checks, dedup and encoding) on each
// input, without a store: a transaction per input made them run a few
// inputs a second, minimisation of a new input took whole runs, and the
// store is not what they test. TestFuzzSeedsImportIntoAStore puts their
// seeds through whole imports.

// csvSeeds and ndjsonSeeds seed the fuzzers; each seed's index is its flags.
var (
	csvSeeds = []string{
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
		// Hostile rows: a NUL, Latin-1, times from year 1 and 9999, a long quoted field.
		"user_id,event,timestamp,note\nu1,a\x00b,2024-03-01T10:00:00Z,\nu2,caf\xe9,2024-03-01T10:00:00Z,\n" +
			"u3,e,0001-01-01T00:00:00Z,\nu4,e,9999-12-31T00:00:00Z,\nu5,e,-86400,\"" + strings.Repeat("x\n\"\"", 30) + "\"\n",
		string(gzipped("user_id,event,timestamp\nu1,view,2024-03-01T10:00:00Z\n")),
	}
	ndjsonSeeds = []string{
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
		// Hostile rows: NULs escaped and raw, Latin-1, deep nesting, a long line.
		`{"user_id":"u\u0000","event":"e","timestamp":1709287200}` + "\n" +
			"{\"user_id\":\"u\xff\",\"event\":\"e\x00\",\"timestamp\":1709287200}\n" +
			`{"user_id":"u","event":"e","timestamp":1709287200,"x":[[[[[1]]]]]}` + "\n" +
			`{"user_id":"u","event":"` + strings.Repeat("e", 100) + `","timestamp":-1}` + "\n",
		string(gzipped(threeEvents)),
	}
)

// csvOptions and ndjsonOptions turn the fuzzed flags into import options;
// flag 8 sets a limit of 64 bytes a record, for the limits to be met.
func csvOptions(flags uint8) Options {
	opts := Options{Format: "csv", Strict: flags&1 != 0}
	if flags&2 != 0 {
		opts.Format = "auto"
	}
	if flags&4 != 0 {
		opts.NoHeader, opts.ColumnNames = true, []string{"user_id", "event", "timestamp", "a", "b"}
	}
	if flags&8 != 0 {
		opts.MaxField = 64
	}
	return opts
}

func ndjsonOptions(flags uint8) Options {
	opts := Options{Strict: flags&1 != 0}
	if flags&2 != 0 {
		opts.Explode, opts.Columns.User = "events", "session"
	}
	if flags&4 != 0 {
		opts.MaxDepth = 3
	}
	if flags&8 != 0 {
		opts.MaxField = 64
	}
	return opts
}

func FuzzCSV(f *testing.F) { fuzzReads(f, csvSeeds, csvOptions) }

func FuzzNDJSON(f *testing.F) { fuzzReads(f, ndjsonSeeds, ndjsonOptions) }

// fuzzReads fuzzes fuzzRead with the options that options makes of the
// fuzzed flags, seeded with seeds (each with its index as flags), and
// checks that a read in chunks of 1 to 16 bytes (the flags' high bits)
// gives what a sequential one does.
func fuzzReads(f *testing.F, seeds []string, options func(flags uint8) Options) {
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		fuzzRead(t, options(flags), data)
		want := parseAll(t, data, options(flags), 0, 0)
		got := parseAll(t, data, options(flags), 1+int(flags>>4), 4<<20)
		if diff := sameParse(got, want); diff != "" {
			t.Errorf("chunks of %d bytes: %s", 1+flags>>4, diff)
		}
	})
}

// fuzzRead reads data as an import would and checks what must hold whatever the input.
func fuzzRead(t *testing.T, opts Options, data []byte) {
	im := &Importer{Options: opts}
	if err := im.Options.Validate(); err != nil {
		t.Fatal(err)
	}
	counted := newAheadReader(bytes.NewReader(data), sha256.New())
	defer counted.Close()
	src, err := im.openStream("fuzz", counted)
	if err != nil {
		checkFatal(t, err)
		return
	}
	res := Result{File: "fuzz", TimeRange: TimeRange{}.resolve(time.Now())}
	from, to := res.TimeRange.From.UnixMicro(), res.TimeRange.To.UnixMicro()
	enc := newTestEncoder()
	err = im.readRows(context.Background(), enc, src.rr, &res, func(row store.Row) bool {
		res.Imported++
		if row.Time < from || row.Time > to {
			t.Errorf("row at %d kept, outside %v", row.Time, res.TimeRange)
		}
		return true
	})
	if err == nil {
		err = src.drain()
	}
	if err != nil {
		checkFatal(t, err)
		return
	}
	checkResult(t, res, im.Options.MaxErrors)
	added, _ := enc.takeAdded()
	for _, d := range added {
		if !utf8.ValidString(d.Value) || strings.IndexByte(d.Value, 0) >= 0 {
			t.Errorf("%s %q kept: not valid UTF-8, or holds a NUL", d.Kind, d.Value)
		}
	}
	sum := sha256.Sum256(data)
	if counted.Size() != int64(len(data)) || hex.EncodeToString(counted.h.Sum(nil)) != hex.EncodeToString(sum[:]) {
		t.Errorf("read %d bytes of %d, or hashed them wrong", counted.Size(), len(data))
	}
}

// checkFatal checks the error that ended a read: words, and few of them.
func checkFatal(t *testing.T, err error) {
	t.Helper()
	if msg := err.Error(); msg == "" || len(msg) > 2000 {
		t.Errorf("error of %d bytes: %.300q", len(msg), msg)
	}
}

// checkResult checks a read's counts and row errors.
func checkResult(t *testing.T, res Result, maxErrors int) {
	t.Helper()
	if sum := res.Imported + res.Duplicates + res.Rejected + res.Skipped; sum != res.RowsRead {
		t.Errorf("imported %d + duplicates %d + rejected %d + skipped %d = %d, but %d rows read",
			res.Imported, res.Duplicates, res.Rejected, res.Skipped, sum, res.RowsRead)
	}
	if res.BadTimes > res.Rejected || res.Repaired > res.Imported+res.Duplicates {
		t.Errorf("%d bad times of %d rejected, %d repaired of %d kept", res.BadTimes, res.Rejected, res.Repaired,
			res.Imported+res.Duplicates)
	}
	if len(res.Errors) > maxErrors || int64(len(res.Errors)) > res.Rejected {
		t.Errorf("%d errors reported for %d rejected rows (max %d)", len(res.Errors), res.Rejected, maxErrors)
	}
	for _, e := range res.Errors {
		if e.File != "fuzz" || e.Line < 1 || e.Reason == "" || len(e.Reason) > maxErrorText+len("…") {
			t.Errorf("row error without a place, or without a short reason: %+v", e)
		}
	}
}

// storeFailure markers: an error that mentions one of these came from the
// database rather than from the input, and no input may cause one.
var storeFailure = []string{"sqlite", "insert events", "add to ", "record dedup keys", "record import",
	"commit import", "begin import", "load ", "constraint"}

func TestFuzzSeedsImportIntoAStore(t *testing.T) {
	for _, set := range []struct {
		seeds   []string
		options func(uint8) Options
	}{{csvSeeds, csvOptions}, {ndjsonSeeds, ndjsonOptions}} {
		st := openTemp(t)
		for i, seed := range set.seeds {
			for _, flags := range []uint8{uint8(i), 0, 1, 2, 4} {
				im := &Importer{Store: st, Options: set.options(flags)}
				res, err := im.ImportReader(context.Background(), "fuzz", strings.NewReader(seed), int64(len(seed)))
				if err != nil {
					var ne *NotEventDataError
					for _, m := range storeFailure {
						if !errors.As(err, &ne) && strings.Contains(err.Error(), m) {
							t.Errorf("seed %d, flags %d: a store failure: %v", i, flags, err)
						}
					}
					continue
				}
				checkResult(t, res, im.Options.MaxErrors)
				if sum := sha256.Sum256([]byte(seed)); res.Size != int64(len(seed)) || res.SHA256 != hex.EncodeToString(sum[:]) {
					t.Errorf("seed %d: size %d sha256 %s, want %d %x", i, res.Size, res.SHA256, len(seed), sum)
				}
			}
		}
	}
}
