package main

// This file is the version command's content: which build of vwo-conform
// this is, which corpus it embeds and which protocol it speaks.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/vwo-conform/vwo-conform/cases"
	"github.com/vwo-conform/vwo-conform/runner/scenario"
	"github.com/vwo-conform/vwo-conform/spec"
)

// versionInfo is what `vwo-conform version -json` prints.
type versionInfo struct {
	// Version is the module version the binary was built as: a release
	// ("v0.2.0", from go install …@v0.2.0), a pseudo-version, or "(devel)"
	// for a build from a checkout.
	Version string `json:"version"`
	// VCS is the commit a build from a checkout was made from, when the
	// build recorded it.
	VCS *vcsInfo `json:"vcs,omitempty"`
	// Go is the Go release that built the binary, Platform its GOOS/GOARCH.
	Go       string `json:"go"`
	Platform string `json:"platform"`
	// Corpus is the built-in corpus.
	Corpus corpusInfo `json:"corpus"`
	// Protocol is the adapter protocol version (spec.ProtocolVersion).
	Protocol int `json:"protocol"`
}

// vcsInfo is a checkout's commit.
type vcsInfo struct {
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified"`
}

// corpusInfo identifies the built-in corpus: its number of cases, and a
// hash of its files (corpusHash) that changes with any of them.
type corpusInfo struct {
	Cases int `json:"cases"`
	Files int `json:"files"`
	// SHA256 is the whole hash, Hash its first 12 hex digits.
	SHA256 string `json:"sha256"`
	Hash   string `json:"hash"`
}

// buildVersion reads the module version and the VCS stamp of a build; a
// build without either (go test, a build without VCS information) is
// "(devel)".
func buildVersion(bi *debug.BuildInfo, ok bool) (string, *vcsInfo) {
	if !ok || bi == nil {
		return "(devel)", nil
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var vcs vcsInfo
	stamped := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			vcs.Revision, stamped = s.Value, true
		case "vcs.time":
			vcs.Time, stamped = s.Value, true
		case "vcs.modified":
			vcs.Modified, stamped = s.Value == "true", true
		}
	}
	if !stamped {
		return v, nil
	}
	return v, &vcs
}

// corpusHash is the SHA-256 of the files of a corpus and their number:
// for each file, in lexical path order, its slash path, a newline, its
// size in decimal, a newline and its bytes.
func corpusHash(fsys fs.FS) (sum string, files int, err error) {
	h := sha256.New()
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files++
		io.WriteString(h, p+"\n"+strconv.Itoa(len(data))+"\n")
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), files, nil
}

// currentVersion describes this binary.
func currentVersion() (versionInfo, error) {
	v, vcs := buildVersion(debug.ReadBuildInfo())
	info := versionInfo{Version: v, VCS: vcs, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, Protocol: spec.ProtocolVersion}
	all, err := scenario.Load(cases.FS, ".")
	if err != nil {
		return info, fmt.Errorf("the built-in corpus: %w", err)
	}
	sum, files, err := corpusHash(cases.FS)
	if err != nil {
		return info, fmt.Errorf("the built-in corpus: %w", err)
	}
	info.Corpus = corpusInfo{Cases: len(all), Files: files, SHA256: sum, Hash: sum[:12]}
	return info, nil
}

// writeVersion prints the version as text:
//
//	vwo-conform v0.2.0
//	corpus      555 cases in 48 files, sha256 3f2a9c0d1e4b
//	protocol    1
//	go          go1.24.3 linux/amd64
//
// A build from a checkout without a version ("(devel)") is followed by
// its commit, the commit's time and "modified" when the work tree was, as
// far as the build recorded them.
func writeVersion(w io.Writer, v versionInfo) error {
	head := "vwo-conform " + v.Version
	// A pseudo-version names its commit already.
	if v.VCS != nil && v.Version == "(devel)" {
		if r := v.VCS.Revision; r != "" {
			head += " " + r[:min(12, len(r))]
		}
		if v.VCS.Time != "" {
			head += " " + v.VCS.Time
		}
		if v.VCS.Modified {
			head += " modified"
		}
	}
	lines := []string{
		head,
		fmt.Sprintf("corpus      %d cases in %d files, sha256 %s", v.Corpus.Cases, v.Corpus.Files, v.Corpus.Hash),
		fmt.Sprintf("protocol    %d", v.Protocol),
		fmt.Sprintf("go          %s %s", v.Go, v.Platform),
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

// writeVersionJSON prints the version as one indented JSON document.
func writeVersionJSON(w io.Writer, v versionInfo) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
