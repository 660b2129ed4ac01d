package clickhouse

// SetStageBatch makes the staging batches rows or size bytes at most for
// one test, so that what a test measures is not hidden by them.
func SetStageBatch(rows, size int) (restore func()) {
	oldRows, oldBytes := stageBatchRows, stageBatchBytes
	stageBatchRows, stageBatchBytes = rows, size
	return func() { stageBatchRows, stageBatchBytes = oldRows, oldBytes }
}
