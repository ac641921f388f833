package segment

import (
	"errors"
	"strconv"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// errThrown stands for a JavaScript exception inside node's evaluator, which
// SegmentEvaluator catches and turns into false for the whole tree.
var errThrown = errors.New("segment: evaluation throws in node")

// maxDepth bounds the nesting of evaluated DSL nodes. Node's recursive
// evaluator overflows its call stack (RangeError, caught, so false) between
// about 5,850 and 6,250 nested nodes depending on JIT state; deeper trees are
// treated as throwing here.
const maxDepth = 5800

// Eval evaluates a segments DSL tree against variables exactly as node's
// SegmentEvaluator entry does (including: DSL not a plain object or an empty
// object ⇒ true; any internal exception ⇒ false). A nil vars is an empty
// object.
func Eval(dsl any, vars js.Object) bool {
	root, ok := dsl.(js.Object)
	if !ok || len(root) == 0 {
		return true
	}
	r, err := evaluate(root, vars, 0)
	return err == nil && r
}

// evaluate is node's recursive evaluator. Its JavaScript result may be true,
// false or undefined; every consumer (every, some, !, the callers) only tests
// truthiness, so undefined is reported as false.
func evaluate(dsl any, vars js.Object, depth int) (bool, error) {
	if depth >= maxDepth {
		return false, errThrown
	}
	op, operand, ok := firstMember(dsl)
	if !ok {
		return false, errThrown
	}
	switch op {
	case "not":
		r, err := evaluate(operand, vars, depth+1)
		return !r, err
	case "and", "or":
		return evaluateList(op == "and", operand, vars, depth+1)
	case "custom_variable":
		return customVariable(operand, vars)
	case "user":
		return userOperand(operand, vars)
	}
	return false, nil
}

// firstMember mirrors ObjectUtil.getKeyValue followed by destructuring:
// the first own enumerable key of v and its value. It fails where node throws
// (null, numbers, booleans, and objects, arrays or strings without keys).
func firstMember(v any) (key string, value any, ok bool) {
	switch x := v.(type) {
	case js.Object:
		if len(x) == 0 {
			return "", nil, false
		}
		return x[0].Key, x[0].Value, true
	case []any:
		if len(x) == 0 {
			return "", nil, false
		}
		return "0", x[0], true
	case string:
		if x == "" {
			return "", nil, false
		}
		return "0", firstCodeUnit(x), true
	}
	return "", nil, false
}

// evaluateList evaluates and/or: node loops `for (i = 0; i < sub.length; i++)`
// over sub[i], evaluating every element, then applies every/some.
func evaluateList(all bool, sub any, vars js.Object, depth int) (bool, error) {
	result := all
	add := func(r bool) {
		if all {
			result = result && r
		} else {
			result = result || r
		}
	}
	switch x := sub.(type) {
	case []any:
		for _, e := range x {
			r, err := evaluate(e, vars, depth)
			if err != nil {
				return false, err
			}
			add(r)
		}
	case string:
		// Each element is a one-unit string, whose first key "0" is not an
		// operator: undefined.
		if x != "" {
			add(false)
		}
	case js.Object:
		lengthValue, has := x.Get("length")
		if !has {
			break // undefined length: no iteration
		}
		n, ok := toNumber(lengthValue)
		if !ok {
			return false, errThrown
		}
		for i := 0; float64(i) < n; i++ {
			e, has := x.Get(strconv.Itoa(i))
			if !has {
				return false, errThrown // evaluator(undefined) throws
			}
			r, err := evaluate(e, vars, depth)
			if err != nil {
				return false, err
			}
			add(r)
		}
	case nil:
		return false, errThrown // null.length
	}
	// Numbers and booleans have no length: no iteration.
	return result, nil
}
