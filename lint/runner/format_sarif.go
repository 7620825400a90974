package runner

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/lint"
)

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactURI `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool              `json:"executionSuccessful"`
	CommandLine         string            `json:"commandLine,omitempty"`
	Arguments           []string          `json:"arguments,omitempty"`
	WorkingDirectory    *sarifArtifactURI `json:"workingDirectory,omitempty"`
}

type sarifArtifactURI struct {
	URI string `json:"uri"`
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
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	Related             []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifContent `json:"insertedContent,omitempty"`
}

type sarifContent struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// srcRoot is the uriBaseId of relative paths: the working directory of
// the run (originalUriBaseIds says where it was), which code scanning maps
// to the repository's root when heatconf runs there.
const srcRoot = "SRCROOT"

const docsURL = "https://github.com/heatconf/heatconf/blob/main/docs/rules.md"

func sarifLevel(s lint.Severity) string {
	return map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "note"}[s]
}

// writeSARIF prints a SARIF 2.1.0 log with every rule in the driver, so
// code scanning can show each rule's description. Each result's ruleIndex
// is its rule's place in the driver's rules; a finding of a rule that is
// not among them (or of none) is an error, and nothing is written.
func writeSARIF(w io.Writer, fs []lint.Finding, opts WriteOptions) error {
	rules := lint.Rules()
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
	seen := map[string]int{}
	for _, f := range fs {
		i, ok := index[f.Rule.String()]
		if !ok {
			return fmt.Errorf("writing SARIF: %s:%d: the finding's rule %q is not a heatconf rule", f.File, f.Line, f.Rule.String())
		}
		region := sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1)}
		if f.Len > 0 {
			region.EndColumn = region.StartColumn + f.Len
		}
		results = append(results, sarifResult{
			RuleID: rules[i].ID, RuleIndex: i, Level: sarifLevel(f.Severity),
			Message:             sarifMessage{f.Message},
			Locations:           []sarifLocation{{sarifPhysical{sarifArtifactOf(f.File), region}}},
			Related:             sarifRelated(f.Related),
			PartialFingerprints: map[string]string{"heatconf/v1": fingerprint(f, seen)},
			Fixes:               sarifFixes(f),
		})
	}
	run := sarifRun{Tool: sarifTool{driver}, Results: results, Invocations: []sarifInvocation{{
		ExecutionSuccessful: true, CommandLine: strings.Join(opts.Command, " "), Arguments: opts.Command,
	}}}
	if opts.WorkDir != "" {
		root := sarifArtifactURI{fileURI(opts.WorkDir) + "/"}
		run.Invocations[0].WorkingDirectory = &root
		run.OriginalURIBaseIDs = map[string]sarifArtifactURI{srcRoot: root}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	return output.JSON(w, log)
}

// sarifArtifactOf locates a file: a relative path as a relative URI of
// percent-encoded segments under SRCROOT, an absolute one as a file://
// URI, and a name that is no path (standard input) as a relative URI of
// its encoded name.
func sarifArtifactOf(p string) sarifArtifact {
	if filepath.IsAbs(p) {
		return sarifArtifact{URI: fileURI(p)}
	}
	return sarifArtifact{URI: relURI(p), URIBaseID: srcRoot}
}

// relURI percent-encodes each segment of a relative path.
func relURI(p string) string {
	segs := strings.Split(strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./"), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// fileURI is the file:// URI of an absolute path.
func fileURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(p))}).String()
}

// fingerprint identifies a result across runs for code scanning: its rule,
// file and message (which name the option and its value's problem, not the
// line number, so a finding keeps its fingerprint when lines above it
// move), and how many results before it had the same.
func fingerprint(f lint.Finding, seen map[string]int) string {
	key := f.Rule.String() + "\x00" + filepath.ToSlash(f.File) + "\x00" + f.Message
	seen[key]++
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:12]) + ":" + strconv.Itoa(seen[key])
}

// sarifFixes are a finding's fix as SARIF fixes: each edit replaces whole
// lines. A fix whose lines stand where a secret stands is left out (see
// shownEdits).
func sarifFixes(f lint.Finding) []sarifFix {
	edits := shownEdits(f.Fix)
	if len(edits) == 0 {
		return nil
	}
	byFile := map[string]*sarifArtifactChange{}
	var order []string
	for _, e := range edits {
		c, ok := byFile[e.File]
		if !ok {
			c = &sarifArtifactChange{ArtifactLocation: sarifArtifactOf(e.File)}
			byFile[e.File] = c
			order = append(order, e.File)
		}
		var r sarifReplacement
		text := strings.Join(e.Lines, "\n")
		if e.LastLine < e.FirstLine { // an insertion before FirstLine
			r.DeletedRegion = sarifRegion{StartLine: e.FirstLine, StartColumn: 1, EndLine: e.FirstLine, EndColumn: 1}
			text += "\n"
		} else if len(e.Lines) == 0 { // the lines, line breaks included
			r.DeletedRegion = sarifRegion{StartLine: e.FirstLine, StartColumn: 1, EndLine: e.LastLine + 1, EndColumn: 1}
		} else { // the lines' text, without the last line break
			r.DeletedRegion = sarifRegion{StartLine: e.FirstLine, EndLine: e.LastLine}
		}
		if len(e.Lines) > 0 {
			r.InsertedContent = &sarifContent{Text: text}
		}
		c.Replacements = append(c.Replacements, r)
	}
	fix := sarifFix{Description: sarifMessage{cmp.Or(f.FixText, "apply heatconf's fix")}}
	for _, file := range order {
		fix.ArtifactChanges = append(fix.ArtifactChanges, *byFile[file])
	}
	return []sarifFix{fix}
}

// sarifRelated are a finding's other lines as SARIF relatedLocations.
func sarifRelated(ls []lint.Location) []sarifLocation {
	var out []sarifLocation
	for _, l := range ls {
		region := sarifRegion{StartLine: max(l.Line, 1), StartColumn: max(l.Column, 1)}
		out = append(out, sarifLocation{sarifPhysical{sarifArtifactOf(l.File), region}})
	}
	return out
}
