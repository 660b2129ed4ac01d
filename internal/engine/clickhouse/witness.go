package chengine

import (
	"fmt"
	"strings"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// The ordered funnel counting users runs on the server. Per user, with
// the kept step events sorted by (time, seq), T<j> and Q<j> are the times
// and seqs of the events matching step j, and B<j>[i] is the latest start
// of a chain that reaches step j at event i: B1 = T1, and B<j>[i] is B<j-1>
// at the last step j-1 event at or before T<j>[i] (ties may be used in any
// order; B is non-decreasing, so the last one holds the latest start).
// Event i reaches step j when B<j>[i] exists and T<j>[i] - B<j>[i] <= the
// window (docs/semantics.md, section 3). That is the snapshot's own
// ordered pass written with arrayCount, since 18.16 has no arrayFold.
//
// The server then sends, per user, only the witnesses: for each step
// reached, the chain with the latest start and, among those, the earliest
// end; the chain of the earliest completion; the first step-1 event
// (whose value a breakdown or a segment takes); and the first kept event.
// Any events holding those chains give the same levels, times to convert
// and completion (no subset can do better than the whole, and these
// chains are the whole's best), so the analysis package turns them into
// the very FunnelResult of the local engine: rates, intervals, quantiles,
// histograms and the first-session split come from one piece of code.

// noStart is B's "no chain": below any time an import accepts.
const noStart = "-4611686018427387904"

// maxSQLSteps bounds the server's funnel: its SQL grows with the square
// of the steps.
const maxSQLSteps = 8

// onServer reports whether f's funnel runs on the server: ordered,
// counting users, without exclusions, and with steps of
// distinct names, so that no event can match two steps and the
// one-event-one-step matching is never needed.
func onServer(f spec.Funnel) bool {
	if f.Order != spec.Ordered || f.Count != spec.Users || len(f.Exclude) > 0 ||
		len(f.Steps) == 0 || len(f.Steps) > maxSQLSteps {
		return false
	}
	seen := map[string]bool{}
	for _, st := range f.Steps {
		if seen[st.Name] {
			return false
		}
		seen[st.Name] = true
	}
	return true
}

// stepMatch is the SQL of "the event matches step st".
func stepMatch(st spec.Step, c cols) string {
	m := []string{c.name + " = " + clickhouse.Quote(st.Name)}
	for _, cd := range st.Conds {
		m = append(m, condSQL(cd, c))
	}
	return strings.Join(m, " AND ")
}

// witnesses is the SQL of the per-user columns that end in wit, the seqs
// of the witness events. kept is the user's kept events as tuples of
// (time, seq, ...), and match(j) says that tuple x matches step j (1-based).
func (s selection) witnesses(kept string, match func(j int) string) string {
	k := len(s.steps)
	window := s.window
	if window <= 0 {
		window = spec.DefaultWindow
	}
	var b strings.Builder
	fmt.Fprintf(&b, "arraySort(%s) AS ks,\n", kept)
	for j := 1; j <= k; j++ {
		fmt.Fprintf(&b, "arrayMap(x -> x.1, arrayFilter(x -> %s, ks)) AS T%d,\n", match(j), j)
		fmt.Fprintf(&b, "arrayMap(x -> x.2, arrayFilter(x -> %s, ks)) AS Q%d,\n", match(j), j)
	}
	b.WriteString("T1 AS B1,\n")
	for j := 2; j <= k; j++ {
		fmt.Fprintf(&b, "arrayMap(t -> if(arrayCount(x -> x <= t, T%[2]d) = 0, %[3]s, B%[2]d[arrayCount(x -> x <= t, T%[2]d)]), T%[1]d) AS B%[1]d,\n",
			j, j-1, noStart)
	}
	for j := 1; j <= k; j++ {
		fmt.Fprintf(&b, "arrayMap((b, t) -> b != %s AND t - b <= %d, B%d, T%d) AS V%d,\n", noStart, window, j, j, j)
		fmt.Fprintf(&b, "arrayExists(v -> v, V%d) AS R%d,\n", j, j)
	}
	parts := []string{"if(R1, [Q1[1]], emptyArrayUInt64())"} // the first step-1 event
	for j := 2; j <= k; j++ {
		// The latest start, then the earliest end with it.
		fmt.Fprintf(&b, "arrayReduce('max', arrayFilter((b, v) -> v, B%[1]d, V%[1]d)) AS S%[1]d,\n", j)
		fmt.Fprintf(&b, "arrayFirstIndex((b, v) -> v AND b = S%[1]d, B%[1]d, V%[1]d) AS E%[1]d_%[1]d,\n", j)
		parts = append(parts, chain(&b, "E", j))
	}
	// The earliest completion, whatever its start.
	fmt.Fprintf(&b, "arrayFirstIndex(v -> v, V%[1]d) AS C%[1]d_%[1]d,\n", k)
	parts = append(parts, chain(&b, "C", k))
	fmt.Fprintf(&b, "arrayConcat(%s) AS wit,\n", strings.Join(parts, ", "))
	return b.String()
}

// chain writes the columns that walk back from event <name><j>_<j> of step
// j (index into T<j>) to step 1: at each step, the last event of the
// step before at or before it, whose latest start is the same. It returns
// the expression of the chain's seqs, empty when step j is not reached.
func chain(b *strings.Builder, name string, j int) string {
	for m := j; m > 1; m-- {
		fmt.Fprintf(b, "arrayCount(x -> x <= T%[1]d[%[2]s%[3]d_%[1]d], T%[4]d) AS %[2]s%[3]d_%[4]d,\n", m, name, j, m-1)
	}
	seqs := make([]string, j)
	for m := 1; m <= j; m++ {
		seqs[m-1] = fmt.Sprintf("Q%d[%s%d_%d]", m, name, j, m)
	}
	return fmt.Sprintf("if(R%d, [%s], emptyArrayUInt64())", j, strings.Join(seqs, ", "))
}

// witnessesAlone streams the witnesses straight from the table, for a
// table whose every event has an export session id (so that no session
// needs labelling): the funnel runs on (time, seq, step bits) per user,
// and only the witnesses' whole rows are read, by seq (unique: the
// import order). GLOBAL IN: over a Distributed table the subquery must
// run once, on the whole table, not on each shard.
func (s selection) witnessesAlone() string {
	var bits []string
	for j, st := range s.steps {
		bits = append(bits, fmt.Sprintf("if(%s, %d, 0)", stepMatch(st, tableCols), 1<<j))
	}
	keep := s.keep(tableCols)
	wit := s.witnesses("steps", func(j int) string { return fmt.Sprintf("bitAnd(x.3, %d) != 0", 1<<(j-1)) })
	return fmt.Sprintf(`SELECT %s FROM events WHERE seq GLOBAL IN (
  SELECT arrayJoin(evs) FROM (
    SELECT user,
      groupArrayIf((time_us, seq, toUInt64(%s)), %s AND %s) AS steps,
      %s
      if(countIf(%[3]s) > 0, arrayPushBack(wit, argMinIf(seq, (time_us, seq), %[3]s)), wit) AS evs
    FROM events GROUP BY user
  )
) ORDER BY seq FORMAT RowBinary`, s.columns(), strings.Join(bits, " + "), keep, s.named(tableCols.name), wit)
}
