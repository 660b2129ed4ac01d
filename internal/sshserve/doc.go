// Package sshserve owns the SSH front door of funnelscope: host key,
// public-key auth, per-session TUI programs, limits, logs and shutdown.
// It serves one shared read-only snapshot and must never write events.
package sshserve
