package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SavedFormat is the newest version of the saved funnel format, the one
// ParseSavedFunnel reads up to. MarshalSavedFunnel writes the oldest
// version that carries the funnel's meaning: 1, or 2 when it has a segment
// filter ("segment", added in version 2), so that funnels without one
// still open in releases that read only version 1, and a release that
// would ignore the segment refuses the funnel instead of counting every
// unit.
//
// A saved funnel (the spec column of the store's saved_views) is one JSON
// object, written by MarshalSavedFunnel:
//
//	{"version":1,"kind":"funnel",
//	 "steps":["view_item[device=mobile]","purchase"],
//	 "window":"1w","order":"sequential","count":"users","session_gap":"30m",
//	 "exclude":["refund@2"],"where":["country=DE"],
//	 "from":"2026-09-01T00:00:00Z","to":"","by":"","top":10}
//
// Steps, exclusions and conditions are written in the text syntax of the
// --steps, --exclude and --where flags, durations as --window reads them,
// instants as RFC 3339 in UTC ("" for an open end), and enums by name,
// never by number, so that a new value cannot shift the meaning of old
// files. Today's ordered mode is "sequential" ("ordered" is read too);
// "strict" is refused, being reserved for "directly followed" (see
// docs/semantics.md). Defaults are written out (window 1w, session gap
// 30m, top 10), so a funnel keeps its meaning if a default changes.
//
// Reading ignores unknown fields, refuses unknown enum names, another
// kind and a version above SavedFormat, and reads the format of earlier
// funnelscope releases (no "version": Go's encoding of Funnel, enums as
// integers). A field added later that changes what a funnel counts must
// raise SavedFormat, because readers that ignore it would count something
// else; enum values and fields that do not change counts need not.
const SavedFormat = 2

// savedFormatSegment is the first version with the "segment" field.
const savedFormatSegment = 2

// savedKind tells a saved funnel from other saved analyses.
const savedKind = "funnel"

// savedFunnel is the document of SavedFormat; its field order is the
// order of the JSON fields.
type savedFunnel struct {
	Version    int      `json:"version"`
	Kind       string   `json:"kind"`
	Steps      []string `json:"steps"`
	Window     string   `json:"window"`
	Order      string   `json:"order"`
	Count      string   `json:"count"`
	SessionGap string   `json:"session_gap"`
	Exclude    []string `json:"exclude"`
	Where      []string `json:"where"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	By         string   `json:"by"`
	Top        int      `json:"top"`
	// Segment is written only when set, and then as version 2 (see
	// SavedFormat): earlier readers ignore unknown fields.
	Segment string `json:"segment,omitempty"`
}

// MarshalSavedFunnel encodes f in the saved funnel format (see
// SavedFormat), with zero durations and Top written as the defaults they
// mean.
func MarshalSavedFunnel(f Funnel) ([]byte, error) {
	if len(f.Steps) == 0 {
		return nil, errors.New("save funnel: no steps")
	}
	if int(f.Order) < 0 || int(f.Order) >= len(orderNames) || int(f.Count) < 0 || int(f.Count) >= len(unitNames) {
		return nil, fmt.Errorf("save funnel: unknown %v or %v", f.Order, f.Count)
	}
	d := savedFunnel{Version: SavedFormat, Kind: savedKind, Steps: texts(f.Steps),
		Window: FormatDuration(orDefault(f.Window, DefaultWindow)), Order: f.Order.String(), Count: f.Count.String(),
		SessionGap: FormatDuration(orDefault(f.SessionGap, defaultSessionGap)), Exclude: texts(f.Exclude),
		Where: texts(f.Where), From: savedInstant(f.From), To: savedInstant(f.To), By: f.By,
		Top: int(orDefault(int64(f.Top), defaultTop)), Segment: f.Segment.String()}
	if d.Segment != "" {
		d.Version = savedFormatSegment
	} else {
		d.Version = 1
	}
	// Without HTML escaping, so that "&" in conditions reads as typed.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("save funnel: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// ParseSavedFunnel decodes a funnel saved by MarshalSavedFunnel or by an
// earlier funnelscope (see SavedFormat).
func ParseSavedFunnel(data []byte) (Funnel, error) {
	var head struct {
		Version *int   `json:"version"`
		Kind    string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Funnel{}, fmt.Errorf("saved funnel: %w", err)
	}
	switch {
	case head.Version == nil:
		return parseLegacyFunnel(data)
	case *head.Version > SavedFormat:
		return Funnel{}, fmt.Errorf("saved funnel written by a newer funnelscope (format %d): upgrade funnelscope to open it", *head.Version)
	case *head.Version < 1:
		return Funnel{}, fmt.Errorf("saved funnel: unknown format %d", *head.Version)
	case head.Kind != savedKind:
		return Funnel{}, fmt.Errorf("saved funnel: kind %q, want %q", head.Kind, savedKind)
	}
	var d savedFunnel
	if err := json.Unmarshal(data, &d); err != nil {
		return Funnel{}, fmt.Errorf("saved funnel: %w", err)
	}
	f, err := d.funnel()
	if err != nil {
		return Funnel{}, fmt.Errorf("saved funnel: %w", err)
	}
	return f, nil
}

// funnel reads the fields of d. A field left out (written by hand) is the
// zero value, which means the default.
func (d savedFunnel) funnel() (Funnel, error) {
	f := Funnel{By: d.By, Top: d.Top}
	var err error
	if f.Steps, err = parseAll(d.Steps, ParseStep); err != nil {
		return f, err
	}
	if len(f.Steps) == 0 {
		return f, errors.New("no steps")
	}
	if f.Order, err = parseName[Order]("order", d.Order, orderNames, "ordered"); err != nil {
		return f, err
	}
	if f.Count, err = parseName[Unit]("count", d.Count, unitNames); err != nil {
		return f, err
	}
	if f.Window, err = savedDuration("window", d.Window); err != nil {
		return f, err
	}
	if f.SessionGap, err = savedDuration("session_gap", d.SessionGap); err != nil {
		return f, err
	}
	if f.Exclude, err = parseAll(d.Exclude, ParseExclusion); err != nil {
		return f, err
	}
	if f.Where, err = parseAll(d.Where, ParseCond); err != nil {
		return f, err
	}
	if f.From, err = parseSavedInstant("from", d.From); err != nil {
		return f, err
	}
	if f.Segment, err = ParseSegment(d.Segment); err != nil {
		return f, err
	}
	f.To, err = parseSavedInstant("to", d.To)
	return f, err
}

// parseName reads an enum by its name in names (its value the index),
// or by one of aliases, which mean the first name. "" is the zero value.
func parseName[E ~int](field, s string, names []string, aliases ...string) (E, error) {
	for i, n := range names {
		if s == n {
			return E(i), nil
		}
	}
	for _, a := range aliases {
		if s == a {
			return 0, nil
		}
	}
	if s == "" {
		return 0, nil
	}
	return 0, fmt.Errorf("unknown %s %q (known: %s): written by a newer funnelscope?", field, s, strings.Join(names, ", "))
}

// texts renders each value in its text syntax.
func texts[T fmt.Stringer](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// parseAll parses each text, or fails at the first it cannot read.
func parseAll[T any](ss []string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, s := range ss {
		v, err := parse(s)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// orDefault is v, or def when v is zero or negative, which every analysis
// reads as def.
func orDefault(v, def int64) int64 {
	if v <= 0 {
		return def
	}
	return v
}

func savedDuration(field, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	us, err := ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", field, err)
	}
	return us, nil
}

// savedInstant renders µs since the epoch as RFC 3339 in UTC, with the
// fractional digits it needs; 0 (an open end) is "".
func savedInstant(us int64) string {
	if us == 0 {
		return ""
	}
	return time.UnixMicro(us).UTC().Format(time.RFC3339Nano)
}

func parseSavedInstant(field, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("%s %q: expected an RFC 3339 instant like 2026-09-01T00:00:00Z", field, s)
	}
	return t.UnixMicro(), nil
}

// SavedEntry names one saved funnel and when it was last saved: what a
// list of saved funnels shows before one is opened.
type SavedEntry struct {
	Name    string
	Updated time.Time
}
