package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// useChunks makes the imports of a test cut their input into chunks of
// size bytes, and records longer than recordMax bytes end the chunking;
// size 0 reads every file as one stream, as before chunks.
func useChunks(t testing.TB, size, recordMax int) {
	t.Helper()
	split, oldSize, oldMax := splitInput, chunkSize, chunkRecordMax
	t.Cleanup(func() { splitInput, chunkSize, chunkRecordMax = split, oldSize, oldMax })
	splitInput, chunkSize, chunkRecordMax = size > 0, size, recordMax
}

// parsed is what reading a file up to the encoder gave.
type parsed struct {
	events []Event
	res    Result
	err    string
}

// testRange is the time range of the parse tests: fixed, so that two
// reads of a file compare equal.
var testRange = TimeRange{}.resolve(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))

// parseAll reads data as an import does up to the encoder, in chunks of
// size bytes (0: as one stream), and returns copies of the events handed
// on, the counts and the error.
func parseAll(t testing.TB, data []byte, opts Options, size, recordMax int) parsed {
	t.Helper()
	useChunks(t, size, recordMax)
	im := &Importer{Options: opts}
	if err := im.Options.Validate(); err != nil {
		t.Fatal(err)
	}
	counted := newAheadReader(bytes.NewReader(data), sha256.New())
	defer counted.Close()
	var out parsed
	src, err := im.openStream("in", counted)
	if err == nil {
		out.res = Result{File: "in", TimeRange: testRange}
		err = im.readParsed(context.Background(), src.rr, &out.res, func(ev *Event) bool {
			out.events = append(out.events, cloneEvent(ev))
			return true
		})
	}
	if err == nil {
		err = src.drain()
	}
	if err != nil {
		out.err = err.Error()
	}
	return out
}

func cloneEvent(ev *Event) Event {
	c := Event{User: strings.Clone(ev.User), Name: strings.Clone(ev.Name), Time: ev.Time,
		Session: strings.Clone(ev.Session), InsertID: strings.Clone(ev.InsertID)}
	for _, p := range ev.Props {
		c.Props = append(c.Props, Prop{Key: strings.Clone(p.Key), Value: strings.Clone(p.Value)})
	}
	return c
}

// sameParse reports how got differs from want, "" when it does not. On
// an error only the error must be the same: nothing of the file is kept.
func sameParse(got, want parsed) string {
	switch {
	case got.err != want.err:
		return fmt.Sprintf("error %q, want %q", got.err, want.err)
	case want.err != "":
		return ""
	case !reflect.DeepEqual(got.res, want.res):
		return fmt.Sprintf("result %+v, want %+v", got.res, want.res)
	case len(got.events) != len(want.events):
		return fmt.Sprintf("%d events, want %d", len(got.events), len(want.events))
	}
	for i := range got.events {
		if !reflect.DeepEqual(got.events[i], want.events[i]) {
			return fmt.Sprintf("event %d is %+v, want %+v", i, got.events[i], want.events[i])
		}
	}
	return ""
}

// nastyCSV has what a chunk boundary must not cut: quoted fields holding
// newlines (and CRLFs, and escaped quotes), CRLF line ends, a blank line,
// a byte order mark, bad rows, and a last line without its newline.
const nastyCSV = "\ufeffuser_id,event,timestamp,note\r\n" +
	"u1,view,2024-03-01T10:00:00Z,\"line one\nline two\"\r\n" +
	"u2,view,2024-03-01T10:00:01Z,\"\"\"quoted\"\"\nand\r\nmore\"\n" +
	"\n" +
	"u3,cart,2024-03-01T10:00:02Z,plain\r\n" +
	"u4,cart,2024-03-01T10:00:03Z,\"bad\"quote\n" +
	"u5,cart,not a time,x\n" +
	"u6,cart,2024-03-01T10:00:04Z,\"a\n\n\"\n" +
	"u7,buy,2024-03-01T10:00:05Z,\"last\nno newline\""

// nastyHeader's header spans two lines, so that the first record's
// line is the third.
const nastyHeader = "user_id,event,\"timestamp\",\"no\nte\"\n" +
	"u1,view,2024-03-01T10:00:00Z,a\n" +
	"u2,view,2024-03-01T10:00:01Z\n" +
	"u3,view,2024-03-01T10:00:02Z,\"b\nc\"\n"

func TestAChunkedParseGivesTheEventsAndErrorsOfASequentialOne(t *testing.T) {
	everySize := func(data string) []int {
		sizes := make([]int, len(data)+1)
		for i := range sizes {
			sizes[i] = i + 1
		}
		return sizes
	}
	sample := string(benchCSV(400))
	tests := []struct {
		name  string
		data  string
		opts  Options
		sizes []int
	}{
		{"the sample", sample, Options{}, []int{1, 7, 64, 1000, 4096, len(sample) / 2}},
		{"the sample as NDJSON", string(benchNDJSON(300)), Options{}, []int{1, 100, 4096}},
		{"nasty CSV, cut at every byte", nastyCSV, Options{}, everySize(nastyCSV)},
		{"nasty CSV, strict", nastyCSV, Options{Strict: true}, everySize(nastyCSV)},
		{"a header over two lines", nastyHeader, Options{}, everySize(nastyHeader)},
		{"bad rows", badCSV, Options{MaxErrors: 3}, everySize(badCSV)},
		{"no header", "u1,view,2024-03-01T10:00:00Z\nu2,\"x\ny\",2024-03-01T10:00:01Z\n",
			Options{NoHeader: true, ColumnNames: []string{"user_id", "event", "timestamp"}}, []int{1, 5, 30}},
		{"bad NDJSON", badNDJSON, Options{}, everySize(badNDJSON)},
		{"gzipped CSV", string(gzipped(nastyCSV)), Options{}, []int{1, 16, 100}},
		// The first record mapped (the ones nested too deep are not)
		// decides that this is not event data, in whichever chunk it falls.
		{"NDJSON that is not event data after bad lines", strings.Repeat(`{"a":{"b":{"c":1}}}`+"\n", 3) + `{"a":1}` + "\n" +
			badNDJSON, Options{MaxDepth: 2}, []int{1, 4, 8, 20, 40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := parseAll(t, []byte(tt.data), tt.opts, 0, 0)
			if len(want.events) == 0 && want.err == "" {
				t.Fatal("the sequential read found no events and no error: the test tests nothing")
			}
			for _, size := range tt.sizes {
				for _, recordMax := range []int{4 << 20, 40} { // 40: long records end the chunking
					if diff := sameParse(parseAll(t, []byte(tt.data), tt.opts, size, recordMax), want); diff != "" {
						t.Fatalf("chunks of %d bytes (records up to %d): %s", size, recordMax, diff)
					}
				}
			}
		})
	}
}

func TestADuplicateInAnotherChunkOrFileIsStoredOnce(t *testing.T) {
	useChunks(t, 64, chunkRecordMax)
	row := func(i int, note string) string {
		return fmt.Sprintf("u%d,view,2024-03-01T10:%02d:00Z,id%d,%s\n", i%3, i%60, i, note)
	}
	first := "user_id,event,timestamp,insert_id,note\n"
	for i := range 40 {
		first += row(i, "first")
	}
	first += row(2, "again") + row(37, "again") // the same insert ids, chunks later
	second := "user_id,event,timestamp,insert_id,note\n" + row(5, "second") + row(40, "second")
	st := openTemp(t)
	for _, f := range []struct {
		name, data string
		want       counts
	}{
		{"first.csv", first, counts{RowsRead: 42, Imported: 40, Duplicates: 2}},
		{"second.csv", second, counts{RowsRead: 2, Imported: 1, Duplicates: 1}},
	} {
		res, err := importString(t, st, Options{}, f.name, f.data)
		if err != nil {
			t.Fatal(err)
		}
		if got := countsOf(res); got != f.want {
			t.Errorf("%s: counts %+v, want %+v", f.name, got, f.want)
		}
	}
	evs := storedEvents(t, st)
	if len(evs) != 41 {
		t.Fatalf("%d events stored, want 41", len(evs))
	}
	for _, i := range []int{2, 37, 5} { // the first copy wins
		if e := findEvent(t, evs, fmt.Sprintf("u%d", i%3), us(2024, 3, 1, 10, i%60, 0, 0)); e.Props["note"] != "first" {
			t.Errorf("event id%d has note %q, want the first copy's", i, e.Props["note"])
		}
	}
}

func TestARowErrorInALaterChunkNamesItsFileAndLine(t *testing.T) {
	useChunks(t, 256, chunkRecordMax)
	csvRows := string(manyEvents(200)) + "userX,e,not a time,/p\n"
	var ndjson strings.Builder
	for i := range 200 {
		fmt.Fprintf(&ndjson, `{"user_id":"u%d","event":"e","timestamp":%d}`+"\n", i, 1709287200+i)
	}
	ndjson.WriteString(`{"user_id":"uX","event":"e","timestamp":"not a time"}` + "\n")
	for _, tt := range []struct{ name, data, want string }{
		{"late.csv", csvRows, "late.csv:202: "},
		{"late.ndjson", ndjson.String(), "late.ndjson:201: "},
	} {
		for _, strict := range []bool{false, true} {
			res, err := importString(t, openTemp(t), Options{Strict: strict}, tt.name, tt.data)
			var got string
			if strict && err != nil {
				got = err.Error()
			} else if !strict && err == nil && len(res.Errors) == 1 {
				got = res.Errors[0].Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("%s (strict %v): error %q (%v, %v), want it to name %q", tt.name, strict, got, err, res.Errors, tt.want)
			}
		}
	}
}

func TestCSVAndNDJSONStreamsAreReadInChunks(t *testing.T) {
	for _, header := range []string{"user_id,event,timestamp\n", ""} {
		row := "u1,view,2024-03-01T10:00:00Z\n"
		if header == "" {
			row = `{"user_id":"u1","event":"view","timestamp":"2024-03-01T10:00:00Z"}` + "\n"
		}
		im := &Importer{}
		if err := im.Options.Validate(); err != nil {
			t.Fatal(err)
		}
		counted := newAheadReader(newEndless(header, row, 0, nil), sha256.New())
		src, err := im.openStream("endless", counted)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := src.rr.(chunkable); !ok {
			t.Errorf("%T: the reader of %.20q... cannot be read in chunks", src.rr, header+row)
		}
		counted.abort()
	}
}

// TestALongerRecordThanMaxFieldEndsTheChunking splits lines of 10,000
// bytes into chunks of 256: with the default --max-field every chunk is
// whole lines; with a --max-field of 2,000, the first line pending past it
// ends the chunking, the rest read as one stream (where it is a bad row),
// so a chunk does not grow for a record the import drops.
func TestALongerRecordThanMaxFieldEndsTheChunking(t *testing.T) {
	useChunks(t, 256, chunkRecordMax)
	const line = 10_000
	data := strings.Repeat(strings.Repeat("x", line-1)+"\n", 20)
	for _, c := range []struct {
		maxField int64
		wantTail bool
	}{{0, false}, {line / 5, true}} {
		im := &Importer{Options: Options{MaxField: c.maxField}}
		if err := im.Options.Validate(); err != nil {
			t.Fatal(err)
		}
		sp := im.splitter(bufio.NewReader(strings.NewReader(data)), 0, new(lineEnds))
		chunks, tail := 0, false
		for {
			ch := sp.next()
			chunks++
			if len(ch.data)%line != 0 {
				t.Fatalf("--max-field %d: chunk %d of %d bytes: not whole lines", c.maxField, chunks, len(ch.data))
			}
			if ch.last {
				tail = ch.tail != nil
				break
			}
		}
		if tail != c.wantTail || (tail && chunks != 1) || (!tail && chunks < 2) {
			t.Errorf("--max-field %d: %d chunks, tail %v; want the tail %v", c.maxField, chunks, tail, c.wantTail)
		}
	}
}
