// Package reference is the reference engine of the VWO FullStack `track`
// API: given a settings file, launch options and a call, it computes the
// return value, the user-storage writes and the hits, exactly as the
// conformance spec (spec/track.md, spec/decisions.md) says, which follows
// vwo-node-sdk 1.73.0 except where the decisions deviate.
//
// The model, in the order a call runs:
//
//  1. [Launch] validates the settings (package settings) and the options,
//     and computes allocation ranges and the visitor-id namespace once.
//  2. [Client.Track] validates the arguments like the SDK (a bad one gives the
//     SDK's null), builds the campaign list from the specifier, and runs the
//     per-campaign checks in the SDK's order: running status, rollout type,
//     goal lookup, goal type, revenue; then the variation decision
//     (whitelisting, user storage, pre-segmentation, traffic, mutually
//     exclusive groups, bucketing) and returning-user de-duplication.
//  3. The tracked campaigns become hits: one track-goal GET, one batch-events
//     POST for several campaigns, one event-architecture POST, or entries of
//     the batch queue (launch option BatchEvents) that [Client.Flush] or a
//     full queue sends. Development mode computes everything and sends
//     nothing.
//
// Determinism: the engine reads time and randomness only through
// [Options].Now and [Options].Random, in the same places and order as the
// SDK; their zero values are a fixed instant and a constant, never the wall
// clock or a global random source.
//
// Quirks: [Options].Quirks switches on, one by one, the behaviours where
// vwo-node-sdk 1.73.0 departs from the spec ([NodeQuirks] turns on all of
// them), so the engine can also reproduce that SDK byte for byte.
//
// Values: arguments and options are JavaScript values as modelled by package
// js (nil is null, numbers are float64, objects are js.Object), because the
// SDK's answers depend on JavaScript types and truthiness.
//
// A Client is safe for use by one goroutine at a time; give each goroutine
// its own Client (Launch is cheap) or serialise calls.
package reference
