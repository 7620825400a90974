package lint

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	ShortDescription sarifMessage `json:"shortDescription"`
	HelpURI          string       `json:"helpUri"`
	DefaultConfig    sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
	Related   []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndColumn   int `json:"endColumn,omitempty"`
}

const docsURL = "https://github.com/heatconf/heatconf/blob/main/docs/rules.md"

func sarifLevel(s Severity) string {
	return map[Severity]string{Error: "error", Warning: "warning", Info: "note"}[s]
}

// writeSARIF prints a SARIF 2.1.0 log with every rule in the driver, so
// code scanning can show each rule's description.
func writeSARIF(w io.Writer, fs []Finding, opts WriteOptions) error {
	rules := Rules()
	index := map[string]int{}
	driver := sarifDriver{Name: "heatconf", Version: opts.Version, InformationURI: "https://github.com/heatconf/heatconf"}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: r.ID, ShortDescription: sarifMessage{r.Summary},
			HelpURI: docsURL + "#" + r.ID, DefaultConfig: sarifConfig{sarifLevel(r.Severity)},
		})
	}
	results := []sarifResult{}
	for _, f := range fs {
		region := sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1)}
		if f.Len > 0 {
			region.EndColumn = region.StartColumn + f.Len
		}
		results = append(results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message:   sarifMessage{f.Message},
			Locations: []sarifLocation{{sarifPhysical{sarifArtifact{sarifURI(f.File)}, region}}},
			Related:   sarifRelated(f.Related),
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifURI writes a path as a relative URI with forward slashes.
func sarifURI(p string) string {
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
}

// sarifRelated are a finding's other lines as SARIF relatedLocations.
func sarifRelated(ls []Location) []sarifLocation {
	var out []sarifLocation
	for _, l := range ls {
		region := sarifRegion{StartLine: max(l.Line, 1), StartColumn: max(l.Column, 1)}
		out = append(out, sarifLocation{sarifPhysical{sarifArtifact{sarifURI(l.File)}, region}})
	}
	return out
}
