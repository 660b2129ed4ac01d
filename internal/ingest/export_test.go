package ingest

// The external tests (package ingest_test) open stores and read them back
// with the helpers of import_test.go.
var (
	OpenTemp      = openTemp
	StoredEvents  = storedEvents
	WithDictSizes = withDictSizes
)
