package probe

import (
	"io"
	"math"
	"time"

	"github.com/heatconf/heatconf/internal/output"
)

// JSONReport is the --format json document. Its field names are stable;
// version changes when one is removed or changes meaning.
type JSONReport struct {
	Version         int             `json:"version"`
	Status          Verdict         `json:"status"`
	Healthy         bool            `json:"healthy"`
	ExitCode        int             `json:"exit_code"`
	StartedAt       string          `json:"started_at"`
	DurationSeconds float64         `json:"duration_seconds"`
	Target          Target          `json:"target"`
	Summary         map[Verdict]int `json:"summary"`
	Checks          []JSONCheck     `json:"checks"`
}

// JSONCheck is one check of a JSONReport.
type JSONCheck struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Verdict         Verdict  `json:"verdict"`
	DurationSeconds float64  `json:"duration_seconds"`
	Message         string   `json:"message"`
	Hint            string   `json:"hint,omitempty"`
	Details         []string `json:"details,omitempty"`
	Needs           []string `json:"needs,omitempty"`
}

type jsonFormat struct{}

// ms rounds a duration to milliseconds, in seconds.
func ms(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

// ToJSON builds the JSON document of r.
func ToJSON(r *Report) JSONReport {
	j := JSONReport{
		Version:         1,
		Status:          r.Status(),
		Healthy:         r.Healthy(),
		ExitCode:        r.ExitCode(),
		StartedAt:       r.StartedAt.UTC().Format(time.RFC3339Nano),
		DurationSeconds: ms(r.Duration),
		Target:          r.Target,
		Summary:         r.Counts(),
		Checks:          []JSONCheck{},
	}
	for _, c := range r.Checks {
		j.Checks = append(j.Checks, JSONCheck{ID: c.ID, Title: c.Title, Verdict: c.Verdict, DurationSeconds: ms(c.Duration),
			Message: c.Message, Hint: c.Hint, Details: c.Details, Needs: c.Needs})
	}
	return j
}

func (jsonFormat) Write(w io.Writer, r *Report) error {
	return output.JSON(w, ToJSON(r))
}
