// Package layout holds no code: its test keeps heatconf's imports pointing
// one way (the rooms of docs/testing.md's layout).
package layout
