package runner

// Expectation is one known failure of an SDK: a case the SDK fails against
// the spec, with the reason and the spec/decisions.md entry behind it.
type Expectation struct {
	ID       string `yaml:"id"`
	Reason   string `yaml:"reason"`
	Decision string `yaml:"decision,omitempty"`
}

// Expectations are an SDK's known failures, by case id.
type Expectations struct {
	byID map[string]Expectation
	list []Expectation
}

// NewExpectations indexes a list of expectations.
func NewExpectations(list []Expectation) *Expectations {
	e := &Expectations{byID: map[string]Expectation{}, list: list}
	for _, x := range list {
		e.byID[x.ID] = x
	}
	return e
}

// Lookup returns the expectation for a case id.
func (e *Expectations) Lookup(id string) (Expectation, bool) {
	x, ok := e.byID[id]
	return x, ok
}

// List returns the expectations in file order.
func (e *Expectations) List() []Expectation { return e.list }
