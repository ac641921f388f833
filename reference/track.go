package reference

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/vwo-conform/vwo-conform/reference/js"
	"github.com/vwo-conform/vwo-conform/reference/settings"
)

// ErrCrash marks a failure inside a call that makes vwo-node-sdk return
// null after catching an internal exception (a throwing storage, an
// inconsistent group, a null eventProperties, …). Track wraps it with the
// cause.
var ErrCrash = errors.New("track failed inside the call")

// ErrInterrupted marks a call that [Client.TrackContext] gave up on because
// its context ended; the error wraps the context's error too.
var ErrInterrupted = errors.New("track interrupted")

// ErrUnsettled marks a call whose promise vwo-node-sdk never settles
// (Quirks.NodePromises): its caller never gets a value, and adapters report
// null once the promise has stayed pending for a while (D-27, D-31). Track
// and [FlushResult].Err wrap it with the reason.
var ErrUnsettled = errors.New("the promise never settles")

// call is the state of one track call.
type call struct {
	c      *Client
	ctx    context.Context
	userID string
	goal   string

	revenue   any
	hasRev    bool
	custom    js.Object
	vtv       js.Object
	usd       js.Object // userStorageData
	meta      js.Object
	hasMeta   bool
	evProps   any
	hasEvProp bool
	ua, ip    any
	hasUA     bool
	hasIP     bool
	goalType  string
	returning bool
	hasRet    bool
	global    bool

	uuid     string   // the visitor id as a string, once something needs it
	uuidBuf  [32]byte // the visitor id, computed once per call
	hasUUID  bool
	revProps []string
	metric   js.Object // String(campaign id) → goal, JavaScript key order
	getHit   Hit       // the track-goal GET of a single-campaign call
	hasGet   bool
	items    [][]byte // batch-events items of a multi-campaign call
	hits     []Hit
	hashes   hashCache
	blk      *singleBlock // backing store of a single-campaign call
}

// singleBlock holds, in one allocation, what a single-campaign call
// returns: the result entry, the hit and its query.
type singleBlock struct {
	res [1]Entry
	hit [1]Hit
	q   [14]Param
}

// Track runs track(campaignSpecifier, userId, goalIdentifier, options).
//
// The arguments are js values: campaign is a string, an array of keys, or
// nil (null/undefined: every campaign with the goal); options, when given, is
// normally a js.Object; leaving it out means undefined (the default {}),
// passing nil means null, which is invalid like in the SDK.
//
// It returns the result (nil for null), the hits the call sent, in order,
// and a non-nil error only when the call failed inside (wrapping
// [ErrCrash]) or, with Quirks.NodePromises and [Options].ReturnPromiseFor,
// when node's promise for the call never settles (wrapping [ErrUnsettled]);
// the result is then null, and hits sent before the failure (a full batch
// queue) are still returned. Invalid arguments are not errors: they give
// the SDK's null result.
func (c *Client) Track(campaign, userID, goalIdentifier any, options ...any) (Result, []Hit, error) {
	return c.TrackContext(context.Background(), campaign, userID, goalIdentifier, options...)
}

// TrackContext is [Client.Track] that gives up when ctx ends: it checks ctx
// before each campaign of the call's campaign list, and returns a null
// result with an error wrapping ctx.Err() (and [ErrInterrupted]) once ctx
// has ended. What the call did before (storage writes, queued events) is
// not undone. A context that never ends costs nothing: no allocation.
func (c *Client) TrackContext(ctx context.Context, campaign, userID, goalIdentifier any, options ...any) (Result, []Hit, error) {
	k := call{c: c, ctx: ctx}
	opts := js.Object{}
	if len(options) > 0 {
		o, ok := options[0].(js.Object)
		if !ok {
			return nil, nil, nil
		}
		opts = o
	}
	if !k.validate(campaign, userID, goalIdentifier, opts) {
		return nil, nil, nil
	}
	res, err := k.run(campaign)
	if err != nil {
		return nil, k.hits, err
	}
	return res, k.hits, nil
}

// validate applies the SDK's argument checks and reads the options.
func (k *call) validate(campaign, userID, goal any, o js.Object) bool {
	switch x := campaign.(type) {
	case string:
		if x == "" {
			return false
		}
	case nil, []any:
	default:
		return false
	}
	var ok bool
	if k.userID, ok = userID.(string); !ok || k.userID == "" {
		return false
	}
	if k.goal, ok = goal.(string); !ok || k.goal == "" {
		return false
	}
	for _, m := range o {
		switch m.Key {
		case "revenueValue":
			k.revenue, k.hasRev = m.Value, true
		case "customVariables", "variationTargetingVariables", "userStorageData", "metaData":
			obj, isObj := m.Value.(js.Object)
			if !isObj {
				return false
			}
			switch m.Key {
			case "customVariables":
				k.custom = obj
			case "variationTargetingVariables":
				k.vtv = obj
			case "userStorageData":
				k.usd = obj
			default:
				k.meta, k.hasMeta = obj, true
			}
		case "goalTypeToTrack":
			s, isStr := m.Value.(string)
			if !isStr || !validGoalType(s) {
				return false
			}
			k.goalType = s
		case "shouldTrackReturningUser":
			b, isBool := m.Value.(bool)
			if !isBool {
				return false
			}
			k.returning = b
			k.hasRet = true
		case "eventProperties":
			k.evProps, k.hasEvProp = m.Value, true
		case "userAgent":
			k.ua, k.hasUA = m.Value, true
		case "userIpAddress":
			k.ip, k.hasIP = m.Value, true
		}
	}
	return true
}

// run is the body of track after validation.
func (k *call) run(spec any) (Result, error) {
	c, s := k.c, k.c.s
	if key, ok := spec.(string); ok {
		if camp := s.Campaign(key); camp != nil && camp.IsMAB && c.opts.Storage == nil {
			return nil, nil
		}
	}
	if k.goalType == "" {
		k.goalType = c.opts.GoalTypeToTrack
	}
	if k.goalType == "" {
		k.goalType = GoalTypeAll
	}
	if !k.hasRet {
		k.returning = c.hasRet && c.trackRet
	}

	// The campaign list: a stub (nil campaign) stands for an unknown key.
	type item struct {
		key  string
		camp *settings.Campaign
	}
	var one [1]item
	var list []item
	switch x := spec.(type) {
	case string:
		one[0] = item{x, s.Campaign(x)}
		list = one[:]
	case []any:
		list = make([]item, 0, len(x))
		for _, e := range x {
			key, isStr := e.(string)
			var camp *settings.Campaign
			if isStr {
				camp = s.Campaign(key)
			} else {
				key = js.String(e) // the stub's key becomes a property name
			}
			list = append(list, item{key, camp})
		}
	default:
		for _, camp := range s.Campaigns {
			g, err := k.goalOf(camp)
			if err != nil {
				return nil, err
			}
			if g != nil && (k.goalType == GoalTypeAll || g.Type == k.goalType) {
				list = append(list, item{camp.Key, camp})
			}
		}
	}
	k.global = len(list) > 1

	var res resultBuilder
	if len(list) == 1 {
		k.blk = new(singleBlock)
		res.r = k.blk.res[:0]
	} else {
		res.r = make(Result, 0, len(list))
	}
	for i, it := range list {
		if err := k.ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w after %d of %d campaigns: %w", ErrInterrupted, i, len(list), err)
		}
		ok, err := k.campaign(it.camp)
		if err != nil {
			return nil, err
		}
		res.set(it.key, ok)
	}
	if len(res.r) == 0 {
		return nil, nil
	}
	return k.send(res.result())
}

// send sends the call's own request for the decided result and applies
// node's promise wrapper.
func (k *call) send(res Result) (Result, error) {
	c, s := k.c, k.c.s

	dev := c.opts.IsDevelopmentMode
	// sent: the call's own request went out, so its response callback
	// fires (the queue's flushes are not the call's own).
	sent := false
	switch {
	case s.IsEventArchEnabled:
		if len(k.metric) > 0 {
			hit, err := k.eventHit()
			if err != nil {
				return nil, err
			}
			// A refused POST rejects a promise nobody awaits: the call
			// returns as usual.
			if !dev && c.refused(&hit) == nil {
				k.hits = append(k.hits, hit)
				sent = true
			}
		}
	case !k.global:
		// A refused GET is caught and logged by the SDK's dispatcher.
		if k.hasGet && !dev && c.refused(&k.getHit) == nil {
			if k.blk != nil {
				k.hits = k.blk.hit[:0]
			}
			k.hits = append(k.hits, k.getHit)
			sent = true
		}
	case len(k.items) > 0 && !dev:
		// A refused batch POST throws out of track: null, after the
		// storage writes.
		if c.batchRefused != nil {
			return nil, fmt.Errorf("%w: %w", ErrCrash, c.batchRefused)
		}
		k.hits = append(k.hits, c.batchHit(k.items))
		sent = true
	}
	if dev && c.opts.Quirks.DevModeKey {
		res = res.set("isDevelopmentMode", true)
	}
	if c.opts.Quirks.NodePromises && c.opts.ReturnPromiseFor.Track {
		// node's promise wrapper: in development mode it deletes the key
		// and resolves; a result with a true value otherwise waits for a
		// response callback of the call's own request, which a queued
		// event or a refused request never gets.
		switch {
		case dev:
			res = res.remove("isDevelopmentMode")
		case !sent && res.anyTracked():
			return nil, fmt.Errorf("%w: track tracked a campaign but sent no request of its own (its event was queued, or Node refused the request), so no response callback resolves its promise", ErrUnsettled)
		}
	}
	return res, nil
}

// goalOf finds the goal of a campaign: the first of its own goals whose
// identifier is the call's (R-GOAL-1), whatever its key. With
// Quirks.GoalByKey it looks the goal up the way node does: through the
// first campaign carrying the key, and none for the key "". The lookup
// throws on a null goal (lenient settings).
func (k *call) goalOf(camp *settings.Campaign) (*settings.Goal, error) {
	if k.c.opts.Quirks.GoalByKey {
		if camp.Key == "" {
			return nil, nil
		}
		camp = k.c.s.Campaign(camp.Key) // never nil: camp carries the key
	}
	g, err := camp.FindGoal(k.goal)
	if err != nil {
		return nil, fmt.Errorf("%w: campaign %s: %w", ErrCrash, camp.Key, err)
	}
	return g, nil
}

// campaign runs the per-campaign checks, the decision and the emission for
// one campaign of the list; camp is nil for an unknown key.
func (k *call) campaign(camp *settings.Campaign) (bool, error) {
	c, s := k.c, k.c.s
	if camp == nil || camp.Status != settings.StatusRunning || camp.Type == settings.TypeRollout {
		return false, nil
	}
	goal, err := k.goalOf(camp)
	if err != nil || goal == nil {
		return false, err
	}
	if k.goalType != GoalTypeAll && goal.Type != k.goalType {
		return false, nil
	}
	isRevenue := goal.Type == settings.GoalRevenue
	if isRevenue && !js.Truthy(k.revenue) {
		if !s.IsEventArchEnabled {
			return false, nil
		}
		if !goal.CountEvery || k.revenuePropSet(goal) {
			prop := goal.RevenueProp
			if !goal.HasRevenueProp {
				prop = "undefined" // hasOwnProperty(undefined) looks up "undefined"
			}
			if !k.hasEvProp {
				return false, nil
			}
			has, err := hasOwn(k.evProps, prop)
			if err != nil {
				return false, err
			}
			if !has {
				return false, nil
			}
		}
	}
	if isRevenue && k.revenuePropSet(goal) {
		k.addRevenueProp(goal.RevenueProp)
	}

	d, err := k.decide(camp)
	if err != nil || d.variation == nil || !c.named(d.variation) {
		return false, err
	}

	// De-duplication against the stored goal list. final is the goal list
	// the last storage write of the call records.
	final := k.goal
	if d.stored && js.Truthy(d.storedGoal) {
		list, isStr := d.storedGoal.(string)
		if !isStr {
			return false, fmt.Errorf("%w: stored goalIdentifier is %s, not a string", ErrCrash, js.TypeOf(d.storedGoal))
		}
		switch {
		case !containsGoal(list, k.goal):
			list += GoalSeparator + k.goal
			if !s.IsEventArchEnabled {
				k.save(camp, d.variation, list)
			}
		case !k.returning && !goal.CountEvery && (c.opts.Quirks.IgnoreHasProps || !goal.HasProps):
			return false, nil // already tracked
		}
		final = list
	}
	if c.opts.Quirks.OverwriteGoalList {
		final = k.goal
	}

	switch {
	case c.opts.BatchEvents != nil:
		item, err := k.batchItem(camp, d.variation, goal, false)
		if err != nil {
			return false, err
		}
		c.queue = append(c.queue, item)
		if float64(len(c.queue)) == c.epr {
			hit, sent, err := c.flushQueue()
			if err != nil {
				// The dispatcher throws out of track before the final
				// storage write; the queue, now full, is kept and never
				// equals eventsPerRequest again.
				return false, fmt.Errorf("%w: %w", ErrCrash, err)
			}
			if sent {
				k.hits = append(k.hits, hit)
			}
		}
	case s.IsEventArchEnabled:
		if k.metric == nil {
			k.metric = js.Object{}
		}
		k.metric = k.metric.Set(camp.ID.String, goal)
		return true, nil
	case k.global:
		item, err := k.batchItem(camp, d.variation, goal, c.opts.Quirks.ShiftVisitorInBatch)
		if err != nil {
			return false, err
		}
		k.items = append(k.items, item)
	default:
		if !k.hasGet {
			k.getHit, k.hasGet = k.goalHit(camp, d.variation, goal), true
		}
	}
	if !s.IsEventArchEnabled {
		k.save(camp, d.variation, final)
	}
	return true, nil
}

// revenuePropSet reports whether a goal has a revenueProp: present, or
// with Quirks.LenientSettings truthy, as node tests it (so "" is none).
func (k *call) revenuePropSet(g *settings.Goal) bool {
	if k.c.opts.Quirks.LenientSettings {
		return g.RevenuePropTruthy
	}
	return g.HasRevenueProp
}

// named reports whether a decided variation counts: always, or with
// Quirks.LenientSettings only when its name is truthy, as node requires.
func (c *Client) named(v *settings.Variation) bool {
	return !c.opts.Quirks.LenientSettings || v.Named()
}

// containsGoal reports whether goal is one of the "_vwo_"-joined identifiers.
func containsGoal(list, goal string) bool {
	for list != "" {
		i := strings.Index(list, GoalSeparator)
		if i < 0 {
			return list == goal
		}
		if list[:i] == goal {
			return true
		}
		list = list[i+len(GoalSeparator):]
	}
	return goal == ""
}

// save writes a storage record; the SDK ignores a failing set.
func (k *call) save(camp *settings.Campaign, v *settings.Variation, goals string) {
	st := k.c.opts.Storage
	if st == nil {
		return
	}
	r := Record{UserID: k.userID, VariationName: v.Name, VariationNameValue: v.NameValue, CampaignKey: camp.Key, GoalIdentifier: goals}
	if k.hasMeta {
		r.MetaData = k.meta
	}
	_ = st.Set(r)
}

func (k *call) addRevenueProp(p string) {
	for _, q := range k.revProps {
		if q == p {
			return
		}
	}
	k.revProps = append(k.revProps, p)
}

// visitorBytes computes the VWO visitor UUID of the user once per call;
// the SDK fails the call when the account id gives no namespace.
func (k *call) visitorBytes() ([]byte, error) {
	if !k.hasUUID {
		if k.c.nsErr != nil {
			return nil, fmt.Errorf("%w: visitor id: %w", ErrCrash, k.c.nsErr)
		}
		k.c.ns.AppendID(k.uuidBuf[:0], k.userID)
		k.hasUUID = true
	}
	return k.uuidBuf[:], nil
}

// visitorID returns the VWO visitor UUID of the user as a string.
func (k *call) visitorID() (string, error) {
	if k.uuid != "" {
		return k.uuid, nil
	}
	b, err := k.visitorBytes()
	if err != nil {
		return "", err
	}
	k.uuid = string(b)
	return k.uuid, nil
}

// nowMs reads the clock once, in milliseconds.
func (k *call) nowMs() int64 { return k.c.now().UnixMilli() }

// sessionID is vwo-node-sdk's sId: the current time in seconds, rounded up.
func sessionID(ms int64) int64 {
	s := ms / 1000
	if ms%1000 > 0 {
		s++
	}
	return s
}

// visitorParam renders a visitor field of a GET or event hit: a truthy value
// percent-encoded like encodeURIComponent, anything else as String(), with
// undefined as "".
func visitorParam(v any, has bool) (string, bool) {
	if !has {
		return "", false
	}
	if js.Truthy(v) {
		return encodeURIComponent(js.String(v)), true
	}
	return js.String(v), false
}

// goalHit builds the track-goal GET of one campaign; it reads the clock and
// the random source like the SDK.
func (k *call) goalHit(camp *settings.Campaign, v *settings.Variation, goal *settings.Goal) Hit {
	c := k.c
	sid := sessionID(k.nowMs())
	uuid, _ := k.visitorBytes() // the decision already computed it
	rnd := c.random()
	// sId, u and random share one allocation.
	var buf [80]byte
	b := strconv.AppendInt(buf[:0], sid, 10)
	nSid := len(b)
	b = append(b, uuid...)
	nU := len(b)
	b = js.AppendNumber(b, rnd)
	vals := string(b)
	ua, uaHdr := visitorParam(k.ua, k.hasUA)
	ip, ipHdr := visitorParam(k.ip, k.hasIP)
	var q []Param
	if k.blk != nil {
		q = k.blk.q[:0]
	} else {
		q = make([]Param, 0, 14)
	}
	q = append(q,
		Param{"experiment_id", camp.ID.String},
		Param{"combination", v.ID.String},
		Param{"sId", vals[:nSid]},
		Param{"u", vals[nSid:nU]},
		Param{"sdk", c.id.Name},
		Param{"sdk-v", c.id.Version},
		Param{"env", c.env},
		Param{"account_id", c.s.AccountID.String},
		Param{"random", vals[nU:]},
		Param{"ap", "server"},
		Param{"visitor_ua", ua},
		Param{"visitor_ip", ip},
		Param{"goal_id", goal.ID.String},
	)
	if goal.Type == settings.GoalRevenue && js.Truthy(k.revenue) {
		q = append(q, Param{"r", js.String(k.revenue)})
	}
	return Hit{Method: "GET", Path: c.pathGoal, Query: q, Headers: visitorHeaders(ua, uaHdr, ip, ipHdr)}
}

func visitorHeaders(ua string, uaHdr bool, ip string, ipHdr bool) []Header {
	if !uaHdr && !ipHdr {
		return nil
	}
	h := make([]Header, 0, 2)
	if uaHdr {
		h = append(h, Header{"X-Device-User-Agent", ua})
	}
	if ipHdr {
		h = append(h, Header{"VWO-X-Forwarded-For", ip})
	}
	return h
}

// batchItem renders one batch-events item (eT 2) for a tracked campaign.
// shifted reproduces vwo-node-sdk's argument shift for multi-campaign hits.
func (k *call) batchItem(camp *settings.Campaign, v *settings.Variation, goal *settings.Goal, shifted bool) ([]byte, error) {
	sid := sessionID(k.nowMs())
	u, err := k.visitorID()
	if err != nil {
		return nil, err
	}
	var ua, ip any = "", ""
	if shifted {
		if k.hasIP {
			ua = k.ip
		}
	} else {
		if k.hasUA {
			ua = k.ua
		}
		if k.hasIP {
			ip = k.ip
		}
	}
	b := make([]byte, 0, 160)
	b = append(b, `{"e":`...)
	b = append(b, camp.ID.JSON...)
	if v.ID.JSON != "" { // an absent id is left out, as JSON.stringify does
		b = append(b, `,"c":`...)
		b = append(b, v.ID.JSON...)
	}
	b = append(b, `,"sId":`...)
	b = strconv.AppendInt(b, sid, 10)
	b = append(b, `,"u":"`...)
	b = append(b, u...)
	b = append(b, `","eT":2,"visitor_ua":`...)
	b = js.AppendJSON(b, ua)
	b = append(b, `,"visitor_ip":`...)
	b = js.AppendJSON(b, ip)
	if goal.ID.JSON != "" {
		b = append(b, `,"g":`...)
		b = append(b, goal.ID.JSON...)
	}
	switch {
	case goal.Type == settings.GoalRevenue && js.Truthy(k.revenue):
		b = append(b, `,"r":`...)
		b = js.AppendJSON(b, k.revenue)
	case k.c.s.IsEventArchEnabled && !shifted:
		prop := goal.RevenueProp
		if !goal.HasRevenueProp {
			prop = "undefined"
		}
		ev := k.evProps
		if !k.hasEvProp {
			ev = js.Object{}
		}
		has, err := hasOwn(ev, prop)
		if err != nil {
			return nil, err
		}
		if has {
			b = append(b, `,"r":`...)
			b = js.AppendJSON(b, ownValue(ev, prop))
		}
	}
	return append(b, '}'), nil
}

// eventHit builds the event-architecture POST of the call.
func (k *call) eventHit() (Hit, error) {
	c := k.c
	eTime := k.nowMs()
	rnd := c.random()
	ua, uaHdr := visitorParam(k.ua, k.hasUA)
	ip, ipHdr := visitorParam(k.ip, k.hasIP)
	q := []Param{
		{"en", k.goal},
		{"a", c.s.AccountID.String},
		{"env", c.env},
		{"eTime", strconv.FormatInt(eTime, 10)},
		{"random", js.FormatNumber(rnd)},
		{"p", "FS"},
		{"visitor_ua", ua},
		{"visitor_ip", ip},
	}
	u, err := k.visitorID()
	if err != nil {
		return Hit{}, err
	}
	msgTime := k.nowMs()
	session := sessionID(k.nowMs())
	evTime := k.nowMs()

	props := js.Object{
		{Key: "vwo_sdkName", Value: c.id.Name},
		{Key: "vwo_sdkVersion", Value: c.id.Version},
	}
	if c.s.HasSDKKey {
		props = append(props, js.Member{Key: "vwo_envKey", Value: c.s.SDKKey})
	}
	metric := js.Object{}
	for _, m := range k.metric {
		g := m.Value.(*settings.Goal)
		metric = append(metric, js.Member{Key: "id_" + m.Key, Value: []any{"g_" + g.ID.String}})
	}
	meta := js.Object{{Key: "metric", Value: metric}}
	if js.Truthy(k.revenue) {
		for _, p := range k.revProps {
			meta = meta.Set(p, k.revenue)
		}
	}
	props = append(props, js.Member{Key: "vwoMeta", Value: meta}, js.Member{Key: "isCustomEvent", Value: true})
	if k.hasEvProp {
		spread, err := ownMembers(k.evProps)
		if err != nil {
			return Hit{}, err
		}
		for _, m := range spread {
			props = props.Set(m.Key, m.Value)
		}
	}
	visitorProps := js.Object{}
	if c.s.HasSDKKey {
		visitorProps = append(visitorProps, js.Member{Key: "vwo_fs_environment", Value: c.s.SDKKey})
	}
	d := js.Object{
		{Key: "msgId", Value: u + "-" + strconv.FormatInt(msgTime, 10)},
		{Key: "visId", Value: u},
		{Key: "sessionId", Value: float64(session)},
		{Key: "event", Value: js.Object{
			{Key: "props", Value: props},
			{Key: "name", Value: k.goal},
			{Key: "time", Value: float64(evTime)},
		}},
		{Key: "visitor", Value: js.Object{{Key: "props", Value: visitorProps}}},
	}
	body := js.AppendJSON(nil, js.Object{{Key: "d", Value: d}})
	h := visitorHeaders(ua, uaHdr, ip, ipHdr)
	h = append(h, contentLength(body), Header{"User-Agent", c.id.Name})
	return Hit{Method: "POST", Path: c.pathEvents, Query: q, Headers: h, Body: body}, nil
}

// hasOwn is v.hasOwnProperty(key) for a js value; null throws.
func hasOwn(v any, key string) (bool, error) {
	switch x := v.(type) {
	case nil:
		return false, fmt.Errorf("%w: eventProperties is null", ErrCrash)
	case js.Object:
		return x.Has(key), nil
	case string:
		if key == "length" {
			return true, nil
		}
		i, ok := js.ArrayIndex(key)
		return ok && int(i) < len(utf16.Encode([]rune(x))), nil
	case []any:
		if key == "length" {
			return true, nil
		}
		i, ok := js.ArrayIndex(key)
		return ok && int(i) < len(x), nil
	}
	return false, nil
}

// ownValue is v[key] for a key hasOwn found.
func ownValue(v any, key string) any {
	switch x := v.(type) {
	case js.Object:
		val, _ := x.Get(key)
		return val
	case string:
		if key == "length" {
			return float64(len(utf16.Encode([]rune(x))))
		}
		i, _ := js.ArrayIndex(key)
		return string(utf16.Decode(utf16.Encode([]rune(x))[i : i+1]))
	case []any:
		if key == "length" {
			return float64(len(x))
		}
		i, _ := js.ArrayIndex(key)
		return x[i]
	}
	return nil
}

// ownMembers lists the enumerable own properties that for…in visits.
func ownMembers(v any) (js.Object, error) {
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("%w: eventProperties is null", ErrCrash)
	case js.Object:
		return x, nil
	case []any:
		o := make(js.Object, len(x))
		for i, e := range x {
			o[i] = js.Member{Key: strconv.Itoa(i), Value: e}
		}
		return o, nil
	case string:
		var o js.Object
		for i, r := range []rune(x) {
			o = append(o, js.Member{Key: strconv.Itoa(i), Value: string(r)})
		}
		return o, nil
	}
	return nil, nil
}

// encodeURIComponent escapes like JavaScript's encodeURIComponent: every byte
// of the UTF-8 form except A–Z a–z 0–9 - _ . ! ~ * ' ( ).
func encodeURIComponent(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !uriUnreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if uriUnreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&0xF])
	}
	return string(b)
}

func uriUnreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '_', '.', '!', '~', '*', '\'', '(', ')':
		return true
	}
	return false
}

// remove deletes key like the JavaScript delete operator.
func (r Result) remove(key string) Result {
	for i, e := range r {
		if e.Key == key {
			return append(r[:i], r[i+1:]...)
		}
	}
	return r
}

// anyTracked reports whether some campaign of the result was tracked (a
// true value).
func (r Result) anyTracked() bool {
	for _, e := range r {
		if e.Tracked {
			return true
		}
	}
	return false
}
