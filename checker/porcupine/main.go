// porcupine-check: checks a Gauntlet history.jsonl with Porcupine (github.com/anishathalye/porcupine)
// for the kv and cas-register models, so the Java checker can be cross-checked and benchmarked
// against it on the same files.
//
// Usage: porcupine-check --model kv|cas-register [--init JSON] [--time-limit SECONDS] FILE
// Prints one JSON line: {"verdict":"valid|invalid|unknown","ops":N,"parse_ms":F,"check_ms":F}.
//
// Semantics match Gauntlet's: fail calls are removed; info calls (and invokes never completed)
// return "at infinity" with an unknown result (Porcupine then places them anywhere after their
// invoke, which for these models also covers "never took effect"); info reads are dropped; real
// time is the history's event order (the index), as in Jepsen and Knossos.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/anishathalye/porcupine"
)

type event struct {
	Index   int64           `json:"index"`
	Type    string          `json:"type"`
	Process json.RawMessage `json:"process"`
	F       string          `json:"f"`
	Key     *string         `json:"key"`
	Value   json.RawMessage `json:"value"`
}

type input struct {
	key   string
	f     string
	value string // put/append/write value (canonical JSON for registers)
	old   string // cas
	new   string // cas
}

type output struct {
	value   string
	unknown bool
}

// canonical re-encodes JSON so that equal values compare equal as strings.
func canonical(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var v interface{}
	if err := json.Unmarshal(raw, &v); err != nil {
		fail("bad JSON value %s: %v", raw, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func str(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		fail("expected a JSON string, got %s", raw)
	}
	return s
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "porcupine-check: "+format+"\n", args...)
	os.Exit(2)
}

func partitionByKey(history []porcupine.Operation) [][]porcupine.Operation {
	byKey := map[string][]porcupine.Operation{}
	var order []string
	for _, op := range history {
		k := op.Input.(input).key
		if _, seen := byKey[k]; !seen {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], op)
	}
	out := make([][]porcupine.Operation, 0, len(order))
	for _, k := range order {
		out = append(out, byKey[k])
	}
	return out
}

func kvModel(init string) porcupine.Model {
	return porcupine.Model{
		Partition: partitionByKey,
		Init:      func() interface{} { return init },
		Step: func(state, in, out interface{}) (bool, interface{}) {
			s := state.(string)
			i := in.(input)
			o := out.(output)
			switch i.f {
			case "get":
				return o.unknown || o.value == s, s
			case "put":
				return true, i.value
			default: // append
				return true, s + i.value
			}
		},
		Equal: func(a, b interface{}) bool { return a.(string) == b.(string) },
	}
}

func casModel(init string) porcupine.Model {
	return porcupine.Model{
		Partition: partitionByKey,
		Init:      func() interface{} { return init },
		Step: func(state, in, out interface{}) (bool, interface{}) {
			s := state.(string)
			i := in.(input)
			o := out.(output)
			switch i.f {
			case "read":
				return o.unknown || o.value == s, s
			case "write":
				return true, i.value
			default: // cas: ok means it matched; info may have matched or not
				if s == i.old {
					return true, i.new
				}
				return o.unknown, s
			}
		},
		Equal: func(a, b interface{}) bool { return a.(string) == b.(string) },
	}
}

func main() {
	model := flag.String("model", "", "kv or cas-register")
	initJSON := flag.String("init", "", "initial value as JSON (default \"\" for kv, null for cas-register)")
	limit := flag.Float64("time-limit", 0, "seconds; 0 = none")
	flag.Parse()
	if flag.NArg() != 1 || (*model != "kv" && *model != "cas-register") {
		fail("usage: porcupine-check --model kv|cas-register [--init JSON] [--time-limit S] FILE")
	}
	start := time.Now()
	ops := read(flag.Arg(0), *model)
	parsed := time.Now()
	var m porcupine.Model
	if *model == "kv" {
		init := ""
		if *initJSON != "" {
			init = str(json.RawMessage(*initJSON))
		}
		m = kvModel(init)
	} else {
		init := "null"
		if *initJSON != "" {
			init = canonical(json.RawMessage(*initJSON))
		}
		m = casModel(init)
	}
	var res porcupine.CheckResult
	if *limit > 0 {
		res = porcupine.CheckOperationsTimeout(m, ops, time.Duration(*limit*float64(time.Second)))
	} else {
		res = porcupine.CheckOperationsTimeout(m, ops, 0)
	}
	done := time.Now()
	verdict := map[porcupine.CheckResult]string{porcupine.Ok: "valid", porcupine.Illegal: "invalid",
		porcupine.Unknown: "unknown"}[res]
	fmt.Printf("{\"verdict\":%q,\"ops\":%d,\"parse_ms\":%.3f,\"check_ms\":%.3f}\n", verdict, len(ops),
		float64(parsed.Sub(start).Microseconds())/1000, float64(done.Sub(parsed).Microseconds())/1000)
}

// read turns the history into Porcupine operations: one per ok or info call.
func read(path, model string) []porcupine.Operation {
	f, err := os.Open(path)
	if err != nil {
		fail("%v", err)
	}
	defer f.Close()
	pending := map[string]event{}
	var ops []porcupine.Operation
	var order []string // processes with open invokes, to finish them as info at the end
	clients := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	line := 0
	add := func(inv event, typ string, result json.RawMessage, ret int64) {
		if typ == "fail" {
			return
		}
		in := input{f: inv.F}
		if inv.Key != nil {
			in.key = *inv.Key
		}
		out := output{unknown: typ == "info"}
		if (inv.F == "get" || inv.F == "read") && out.unknown {
			return // an info read constrains nothing
		}
		switch {
		case model == "kv" && inv.F == "get":
			out.value = str(result)
		case model == "kv":
			in.value = str(inv.Value)
		case inv.F == "read":
			out.value = canonical(result)
		case inv.F == "write":
			in.value = canonical(inv.Value)
		case inv.F == "cas":
			var pair []json.RawMessage
			if err := json.Unmarshal(inv.Value, &pair); err != nil || len(pair) != 2 {
				fail("cas value must be [old, new], got %s", inv.Value)
			}
			in.old, in.new = canonical(pair[0]), canonical(pair[1])
		default:
			fail("unknown f %q for model %s", inv.F, model)
		}
		p := string(inv.Process)
		if _, ok := clients[p]; !ok {
			clients[p] = len(clients)
		}
		if out.unknown {
			ret = math.MaxInt64
		}
		ops = append(ops, porcupine.Operation{ClientId: clients[p], Input: in, Call: inv.Index,
			Output: out, Return: ret})
	}
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var ev event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			fail("%s line %d: %v", path, line, err)
		}
		p := string(ev.Process)
		if p == "\"nemesis\"" {
			continue
		}
		if ev.Type == "invoke" {
			pending[p] = ev
			order = append(order, p)
			continue
		}
		inv, ok := pending[p]
		if !ok {
			fail("%s line %d: completion for process %s has no open invoke", path, line, p)
		}
		delete(pending, p)
		add(inv, ev.Type, ev.Value, ev.Index)
	}
	if err := sc.Err(); err != nil {
		fail("%s: %v", path, err)
	}
	for _, p := range order {
		if inv, ok := pending[p]; ok {
			delete(pending, p)
			add(inv, "info", nil, 0)
		}
	}
	return ops
}
