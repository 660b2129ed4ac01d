package analysis

import "github.com/funnelscope/funnelscope/internal/spec"

// DriverCounts is what Drivers gathers for one candidate event name, here
// or in an engine that gathers it elsewhere (in SQL): the users who did it
// (before their first goal event, or ever without one), the converters
// among them, and each such converter's µs from their first of it to
// their first goal event.
type DriverCounts struct {
	Event         string
	With          int
	WithConverted int
	ToGoal        []int64 // reordered by DriversFromCounts
}

// DriversFromCounts is the DriversResult of d over users users, of whom
// converters reached the goal, with the candidates' counts cs (those that
// nobody did are left out): the rates, intervals, lifts, medians and
// order that Drivers returns, which ends here too.
func DriversFromCounts(d spec.Drivers, users, converters int, cs []DriverCounts) *DriversResult {
	minUsers := d.MinUsers
	if minUsers <= 0 {
		minUsers = spec.DefaultMinUsers
	}
	res := &DriversResult{Goal: d.Goal.String(), Users: users, Converters: converters, MinUsers: minUsers}
	for _, c := range cs {
		if c.With > 0 {
			res.Drivers = append(res.Drivers, newDriver(c.Event, c.With, c.WithConverted, users, converters, c.ToGoal, minUsers))
		}
	}
	sortDrivers(res.Drivers)
	return res
}
