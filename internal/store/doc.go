// Package store owns the SQLite file that is funnelscope's system of record:
// schema and migrations, pragmas, import transactions, dictionaries, saved
// views and the sorted event reader. All SQL of the project lives here; it
// knows nothing about file formats or analyses. It recognises its own
// files (marker.go) and never changes another's, and reads a file it may
// not write without creating anything beside it (readmode.go).
package store
