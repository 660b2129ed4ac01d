// Package layers holds no code: its test checks that the packages import
// one another only in the directions ARCHITECTURE.md draws, so a shortcut
// across layers fails CI instead of waiting for a reviewer to spot it.
package layers
