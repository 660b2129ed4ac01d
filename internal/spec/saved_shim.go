package spec

import "encoding/json"

// TEMPORARY (ui branch): replaced by the versioned format on merge.
func MarshalSavedFunnel(f Funnel) ([]byte, error) { return json.Marshal(f) }

// ParseSavedFunnel TEMPORARY.
func ParseSavedFunnel(b []byte) (Funnel, error) {
	var f Funnel
	err := json.Unmarshal(b, &f)
	return f, err
}
