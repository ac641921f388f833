// Tests of the GitHub Action (action.yml) and of the example workflow
// that runs it in shards (docs/example-workflow.yml, shown in README.md):
// actionlint on both, and the action's steps run with bash the way a
// runner runs a composite action.
package action_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// actionlint is run with go run at this version: a test tool, not a
// dependency of the module (go run pkg@version needs no go.mod entry).
const actionlint = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"

// The example workflow pins the action at a release; the lint runs it
// against this checkout's action.yml instead (uses: ./).
var pinnedUse = regexp.MustCompile(`uses: vwo-conform/vwo-conform@v\d+\.\d+\.\d+`)

// action is the part of action.yml the tests read.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string      `yaml:"using"`
		Steps []yaml.Node `yaml:"steps"`
	} `yaml:"runs"`
}

// step is one step of a composite action.
type step struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	Uses             string            `yaml:"uses"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
}

func readAction(t *testing.T) action {
	t.Helper()
	data, err := os.ReadFile("action.yml")
	require.NoError(t, err)
	var a action
	require.NoError(t, yaml.Unmarshal(data, &a))
	require.Equal(t, "composite", a.Runs.Using)
	return a
}

// TestActionlint lints the example workflow with action.yml as its local
// action (so every input it passes and output it reads is checked against
// action.yml), and action.yml's own steps as the steps of a reusable
// workflow whose inputs are the action's (so their expressions are
// type-checked, and their scripts shellchecked when shellcheck is on
// PATH). It is skipped when actionlint cannot be downloaded.
func TestActionlint(t *testing.T) {
	if out, err := exec.Command("go", "run", actionlint, "-version").CombinedOutput(); err != nil {
		t.Skipf("actionlint is not available (go run %s: %v); the action and the example workflow are not linted:\n%s", actionlint, err, out)
	}
	a := readAction(t)
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755)) // marks the project root
	data, err := os.ReadFile("action.yml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "action.yml"), data, 0o644))

	example, err := os.ReadFile("docs/example-workflow.yml")
	require.NoError(t, err)
	require.True(t, pinnedUse.Match(example), "the example uses the action pinned at a release")
	local := pinnedUse.ReplaceAll(example, []byte("uses: ./"))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".github", "workflows", "example.yml"), local, 0o644))

	inputs := map[string]any{}
	for name, in := range a.Inputs {
		inputs[name] = map[string]any{"type": "string", "required": false, "default": in.Default}
	}
	outputs := map[string]any{}
	for name, out := range a.Outputs {
		outputs[name] = out.Value
	}
	steps, err := yaml.Marshal(map[string]any{
		"name": "action.yml steps",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"jobs": map[string]any{"action": map[string]any{"runs-on": "ubuntu-latest", "outputs": outputs, "steps": a.Runs.Steps}},
	})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".github", "workflows", "action-steps.yml"), steps, 0o644))

	cmd := exec.Command("go", "run", actionlint, "-verbose")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	off := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^verbose: Rule "(\w+)" was disabled`).FindAllStringSubmatch(stderr.String(), -1) {
		off[m[1]] = true
	}
	disabled := "every rule on"
	if len(off) > 0 {
		var names []string
		for n := range off {
			names = append(names, n)
		}
		sort.Strings(names)
		disabled = "rules off (their tool is not on PATH): " + strings.Join(names, ", ")
	}
	t.Logf("go run %s: example.yml and action-steps.yml; %s", actionlint, disabled)
	require.NoError(t, err, "actionlint found problems (action-steps.yml holds action.yml's steps):\n%s\n%s", stdout.String(), action2file(steps))
}

// action2file numbers the lines of the generated workflow, for reading
// actionlint's positions.
func action2file(data []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(data), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return "action-steps.yml:\n" + b.String()
}

// TestReadmeExample: the README shows the example workflow as the file
// has it.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	example, err := os.ReadFile("docs/example-workflow.yml")
	require.NoError(t, err)
	assert.Contains(t, string(readme), "```yaml\n"+string(example)+"```\n", "README.md shows docs/example-workflow.yml verbatim")
	assert.Contains(t, string(readme), "go install github.com/vwo-conform/vwo-conform/cmd/vwo-conform@latest")
}

// expr matches a ${{ … }} expression.
var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// composite runs an action's run steps as a runner does (bash -e -o
// pipefail, the step's env and working directory, GITHUB_OUTPUT,
// GITHUB_PATH, GITHUB_STEP_SUMMARY), skipping the steps that use another
// action, and evaluates the action's outputs.
type composite struct {
	t      *testing.T
	a      action
	root   string // the action's directory (github.action_path)
	temp   string // RUNNER_TEMP
	inputs map[string]string
	steps  map[string]map[string]string // outputs by step id
	path   []string                     // GITHUB_PATH entries
	log    strings.Builder
}

// eval replaces the expressions the action uses in env, working-directory
// and outputs; any other expression fails the test.
func (c *composite) eval(s string) string {
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		e := expr.FindStringSubmatch(m)[1]
		switch {
		case strings.HasPrefix(e, "inputs."):
			name := strings.TrimPrefix(e, "inputs.")
			in, ok := c.a.Inputs[name]
			require.True(c.t, ok, "action.yml reads input %q, which it does not declare", name)
			if v, given := c.inputs[name]; given {
				return v
			}
			return in.Default
		case e == "github.action_path":
			return c.root
		case e == "github.action_ref":
			return ""
		case strings.HasPrefix(e, "steps."):
			parts := strings.Split(e, ".")
			require.Len(c.t, parts, 4, e)
			return c.steps[parts[1]][parts[3]]
		}
		require.Failf(c.t, "unsupported expression", "the test cannot evaluate %s", m)
		return ""
	})
}

// run runs the steps and returns the exit status of the first that fails
// (0 when none does) and the action's outputs.
func (c *composite) run(env map[string]string) (int, map[string]string) {
	t := c.t
	summary := filepath.Join(c.temp, "step-summary.md")
	for i, n := range c.a.Runs.Steps {
		var s step
		require.NoError(t, n.Decode(&s))
		if s.Uses != "" {
			continue
		}
		require.Equal(t, "bash", s.Shell, "step %d", i)
		files := map[string]string{}
		for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_PATH"} {
			files[f] = filepath.Join(c.temp, fmt.Sprintf("%s-%d", f, i))
			require.NoError(t, os.WriteFile(files[f], nil, 0o644))
		}
		script := filepath.Join(c.temp, fmt.Sprintf("step-%d.sh", i))
		require.NoError(t, os.WriteFile(script, []byte(s.Run), 0o644))
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = c.eval(s.WorkingDirectory)
		if cmd.Dir == "" {
			cmd.Dir = "."
		}
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+c.temp, "GITHUB_STEP_SUMMARY="+summary,
			"GITHUB_OUTPUT="+files["GITHUB_OUTPUT"], "GITHUB_PATH="+files["GITHUB_PATH"],
			"PATH="+strings.Join(append(append([]string{}, c.path...), os.Getenv("PATH")), string(os.PathListSeparator)))
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+c.eval(v))
		}
		out, err := cmd.CombinedOutput()
		fmt.Fprintf(&c.log, "== %s\n%s", s.Name, out)
		if s.ID != "" {
			c.steps[s.ID] = readOutputs(t, files["GITHUB_OUTPUT"])
		}
		p, rerr := os.ReadFile(files["GITHUB_PATH"])
		require.NoError(t, rerr)
		c.path = append(strings.Fields(string(p)), c.path...)
		if err != nil {
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee, "%s", out)
			return ee.ExitCode(), c.outputs()
		}
	}
	return 0, c.outputs()
}

func (c *composite) outputs() map[string]string {
	out := map[string]string{}
	for name, o := range c.a.Outputs {
		if v := c.eval(o.Value); v != "" {
			out[name] = v
		}
	}
	return out
}

// readOutputs reads a GITHUB_OUTPUT file of name=value lines.
func readOutputs(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			out[k] = v
		}
	}
	return out
}

// TestActionSteps runs action.yml's steps on this checkout (the install
// step builds it, as for uses: ./ or a branch) and checks the command
// line each input makes, the reports and outputs, and the exit status.
func TestActionSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds vwo-conform and runs the corpus several times; skipped in -short mode")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the test runs the steps with the bash of a Unix runner")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root, err := os.Getwd()
	require.NoError(t, err)
	expect := filepath.Join(t.TempDir(), "expectations.yaml")
	require.NoError(t, os.WriteFile(expect, []byte("sdk: vwo-node-sdk 1.73.0\nexpectations:\n  - id: revenue/revenue-goal-int\n    reason: said to fail\n"), 0o644))

	tests := []struct {
		name    string
		inputs  map[string]string
		code    int
		command string   // the run command line the log shows, paths read DIR
		files   []string // reports that must exist, in the reports directory
		shard   string   // the stream's shard
		log     []string
	}{
		{
			name:    "reference engine",
			inputs:  map[string]string{"areas": "revenue track", "formats": "tap, markdown", "strict": "true"},
			command: "vwo-conform run -format github -stream DIR/vwo-conform/results.jsonl -area revenue,track -strict",
			files:   []string{"junit.xml", "results.jsonl", "report.tap", "report.md"},
		},
		{
			name:    "unexpected pass, strict",
			inputs:  map[string]string{"areas": "revenue", "expectations": expect, "strict": "true", "format": "text"},
			code:    1,
			command: "vwo-conform run -format text -stream DIR/vwo-conform/results.jsonl -expect " + expect + " -area revenue -strict",
			files:   []string{"junit.xml"},
			log:     []string{"XPASS revenue/revenue-goal-int"},
		},
		{
			name:   "unexpected pass, not strict",
			inputs: map[string]string{"areas": "revenue", "expectations": expect, "format": "text"},
			files:  []string{"junit.xml"},
		},
		{
			name:    "shard",
			inputs:  map[string]string{"shard": "2/4", "stream": "2.jsonl", "junit": "junit-2.xml", "run": "revenue/", "jobs": "2"},
			command: "vwo-conform run -format github -stream DIR/work/2.jsonl -run revenue/ -shard 2/4 -j 2",
			shard:   "2/4",
		},
		{
			name:    "adapter",
			inputs:  map[string]string{"adapter": "reference", "working-directory": root, "areas": "revenue", "jobs": "1", "reports-dir": "REPORTS"},
			command: "vwo-conform run -format github -stream DIR/reports/results.jsonl -adapter reference -area revenue -j 1",
			files:   []string{"junit.xml"},
		},
		{
			name:   "no case selected",
			inputs: map[string]string{"areas": "nope"},
			code:   2,
			log:    []string{"no case selected", "::warning title=vwo-conform::no result stream was written (exit status 2)"},
		},
		{
			name:   "unknown format",
			inputs: map[string]string{"formats": "junit pdf"},
			code:   2,
			log:    []string{`::error title=vwo-conform::input formats: unknown format "pdf"`},
		},
		{
			name:   "not a boolean",
			inputs: map[string]string{"strict": "yes"},
			code:   2,
			log:    []string{`::error title=vwo-conform::input strict: want true or false, got "yes"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			work := filepath.Join(dir, "work")
			require.NoError(t, os.Mkdir(work, 0o755))
			inputs := map[string]string{"working-directory": work}
			for k, v := range tt.inputs {
				inputs[k] = strings.ReplaceAll(v, "REPORTS", filepath.Join(dir, "reports"))
			}
			c := &composite{t: t, a: readAction(t), root: root, temp: dir, inputs: inputs, steps: map[string]map[string]string{}}
			code, outputs := c.run(map[string]string{"CI": "true"})
			log := c.log.String()
			require.Equal(t, tt.code, code, log)
			assert.Equal(t, "false", c.steps["go"]["setup"], "the Go on PATH builds vwo-conform")
			assert.Contains(t, log, "\nprotocol    1\n", "the install step prints the version")
			if tt.command != "" {
				assert.Contains(t, strings.ReplaceAll(log, dir, "DIR"), "\n"+tt.command+"\n")
			}
			for _, l := range tt.log {
				assert.Contains(t, log, l)
			}
			if strings.HasPrefix(tt.name, "no case") || strings.HasPrefix(tt.name, "unknown") || strings.HasPrefix(tt.name, "not a") {
				assert.NotContains(t, outputs, "junit")
				return
			}
			assert.Equal(t, fmt.Sprint(tt.code), outputs["exit-code"])
			var keys []string
			for k, v := range outputs {
				keys = append(keys, k)
				assert.True(t, filepath.IsAbs(v) || k == "exit-code", "%s=%s is absolute", k, v)
			}
			sort.Strings(keys)
			assert.Equal(t, []string{"exit-code", "junit", "reports-dir", "stream"}, keys)
			for _, f := range tt.files {
				assert.FileExists(t, filepath.Join(outputs["reports-dir"], f))
			}

			junit, err := os.ReadFile(outputs["junit"])
			require.NoError(t, err)
			var suites struct {
				XMLName  xml.Name
				Failures int `xml:"failures,attr"`
			}
			require.NoError(t, xml.Unmarshal(junit, &suites))
			assert.Equal(t, "testsuites", suites.XMLName.Local)
			assert.Equal(t, tt.code == 1, suites.Failures > 0, "JUnit failures as the run's")

			stream, err := os.ReadFile(outputs["stream"])
			require.NoError(t, err)
			if tt.shard != "" {
				assert.Contains(t, strings.SplitN(string(stream), "\n", 2)[0], `"shard":{"k":2,"n":4,`)
			}
			summary, err := os.ReadFile(filepath.Join(dir, "step-summary.md"))
			require.NoError(t, err, "run appends the markdown report to the job summary")
			assert.Contains(t, string(summary), "vwo-node-sdk")
		})
	}
}
