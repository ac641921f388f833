package bucket

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Campaign shapes of the node SDK's test settings (settingsFile-1…6 and the
// seeded-bucketing file), as weights, percentTraffic and variation names.
var (
	fiftyFifty   = Ranges([]float64{50, 50})
	tenNinety    = Ranges([]float64{10, 90})
	threeWay     = Ranges([]float64{33.3333, 33.3333, 33.3333})
	twoNames     = []string{"Control", "Variation-1"}
	threeNames   = []string{"Control", "Variation-1", "Variation-2"}
	noVariation  = "-" // in traffic (or not) but no range: node's null
	notInTraffic = 0
)

// user26 is the research table §3.7 (node-verified): hashes and bucket values
// of the 26 users of the node SDK tests, and the variations that
// test/test-utils/data/settingsFileAndUsersExpectation.js expects.
var user26 = []struct {
	user    string
	hash    uint32 // murmur(user)
	b100    int    // Traffic(hash)
	b10000  int    // Value(hash, 10000, 1)
	dev1    int    // DEV_TEST_1 (pt 50): Value(hash, 10000, 2), 0 when b100 > 50
	dev4    int    // DEV_TEST_4 (pt 20): Value(hash, 10000, 5), 0 when b100 > 20
	hash231 uint32 // murmur("231_" + user), the seeded campaign 231
	b231    int    // Value(hash231, 10000, 1)

	wantDev1, wantDev2, wantDev4, wantDev6, wantSeeded string
}{
	{"Ashley", 2141232222, 50, 4986, 9972, 0, 3514263421, 8183, "Variation-1", "Control", "-", "Variation-1", "Variation-1"},
	{"Bill", 1021354666, 24, 2379, 4758, 0, 2783828805, 6482, "Control", "Control", "-", "Control", "Variation-1"},
	{"Chris", 3987558841, 93, 9285, 0, 0, 3338866740, 7774, "-", "Variation-1", "-", "Variation-2", "Variation-1"},
	{"Dominic", 3222948109, 76, 7505, 0, 0, 3454323404, 8043, "-", "Variation-1", "-", "Variation-2", "Variation-1"},
	{"Emma", 1887162339, 44, 4394, 8789, 0, 4274730006, 9953, "Variation-1", "Control", "-", "Variation-1", "Variation-1"},
	{"Faizan", 1811472472, 43, 4218, 8437, 0, 1895922077, 4415, "Variation-1", "Control", "-", "Variation-1", "Control"},
	{"Gimmy", 4111073909, 96, 9572, 0, 0, 2716177493, 6325, "-", "Variation-1", "-", "Variation-2", "Variation-1"},
	{"Harry", 1078116974, 26, 2511, 5022, 0, 2347132266, 5465, "Variation-1", "Control", "-", "Control", "Variation-1"},
	{"Ian", 2024899030, 48, 4715, 9431, 0, 2803417416, 6528, "Variation-1", "Control", "-", "Variation-1", "Variation-1"},
	{"John", 92429675, 3, 216, 432, 1081, 3736510938, 8700, "Control", "Control", "Variation-1", "Control", "Variation-1"},
	{"King", 3520821391, 82, 8198, 0, 0, 3110202224, 7242, "-", "Variation-1", "-", "Variation-2", "Variation-1"},
	{"Lisa", 168829073, 4, 394, 788, 1970, 1275599526, 2970, "Control", "Control", "Variation-1", "Control", "Control"},
	{"Mona", 1115911145, 26, 2599, 5198, 0, 2889268318, 6728, "Variation-1", "Control", "-", "Control", "Variation-1"},
	{"Nina", 2976878677, 70, 6932, 0, 0, 427012425, 995, "-", "Variation-1", "-", "Variation-2", "Control"},
	{"Olivia", 1375380229, 33, 3203, 6406, 0, 3903534649, 9089, "Variation-1", "Control", "-", "Control", "Variation-1"},
	{"Pete", 2772854445, 65, 6457, 0, 0, 2876713581, 6698, "-", "Variation-1", "-", "Variation-1", "Variation-1"},
	{"Queen", 2310168113, 54, 5379, 0, 0, 1803112817, 4199, "-", "Variation-1", "-", "Variation-1", "Control"},
	{"Robert", 1150261924, 27, 2679, 5358, 0, 1229374609, 2863, "Variation-1", "Control", "-", "Control", "Control"},
	{"Sarah", 69650962, 2, 163, 326, 815, 521070843, 1214, "Control", "Control", "Control", "Control", "Control"},
	{"Tierra", 3015628327, 71, 7022, 0, 0, 106792138, 249, "-", "Variation-1", "-", "Variation-2", "Control"},
	{"Una", 663501022, 16, 1545, 3091, 7729, 266452728, 621, "Control", "Control", "Variation-1", "Control", "Control"},
	{"Varun", 2025462540, 48, 4716, 9433, 0, 3885762457, 9048, "Variation-1", "Control", "-", "Variation-1", "Variation-1"},
	{"Will", 4179029310, 98, 9731, 0, 0, 2444206857, 5691, "-", "Variation-1", "-", "Variation-2", "Variation-1"},
	{"Xin", 1864705226, 44, 4342, 8685, 0, 2656053783, 6185, "Variation-1", "Control", "-", "Variation-1", "Variation-1"},
	{"You", 2284924846, 54, 5321, 0, 0, 2808243123, 6539, "-", "Variation-1", "-", "Variation-1", "Variation-1"},
	{"Zeba", 1601720116, 38, 3730, 7460, 0, 1513821803, 3525, "Variation-1", "Control", "-", "Variation-1", "Control"},
}

// oldAlgo is node's old-algorithm decision for a campaign without seeding
// flags: the traffic check on the seed, then the multiplied bucket value.
// It returns the bucket value (0 when not in traffic) and the variation name
// ("-" when none).
func oldAlgo(hash uint32, pt float64, ranges []Range, names []string) (int, string) {
	if float64(Traffic(hash)) > pt {
		return notInTraffic, noVariation
	}
	v := Value(hash, MaxTrafficValue, Multiplier(pt))
	if i := Pick(ranges, v); i >= 0 {
		return v, names[i]
	}
	return v, noVariation
}

func TestUser26Table(t *testing.T) {
	for _, tc := range user26 {
		t.Run(tc.user, func(t *testing.T) {
			for _, enc := range []Encoding{UTF8, LowByte} {
				equal(t, tc.hash, Hash(tc.user, enc), "hash %v", enc)
				equal(t, tc.hash231, Hash("231_"+tc.user, enc), "seeded hash %v", enc)
			}
			equal(t, tc.b100, Traffic(tc.hash), "b100")
			equal(t, tc.b10000, Value(tc.hash, MaxTrafficValue, 1), "b10000")
			equal(t, tc.b231, Value(tc.hash231, MaxTrafficValue, 1), "seeded b10000")

			v, name := oldAlgo(tc.hash, 50, fiftyFifty, twoNames)
			equal(t, tc.dev1, v, "DEV_TEST_1 value")
			equal(t, tc.wantDev1, name, "DEV_TEST_1")

			_, name = oldAlgo(tc.hash, 100, fiftyFifty, twoNames)
			equal(t, tc.wantDev2, name, "DEV_TEST_2")

			v, name = oldAlgo(tc.hash, 20, tenNinety, twoNames)
			equal(t, tc.dev4, v, "DEV_TEST_4 value")
			equal(t, tc.wantDev4, name, "DEV_TEST_4")

			_, name = oldAlgo(tc.hash, 100, threeWay, threeNames)
			equal(t, tc.wantDev6, name, "DEV_TEST_6")

			_, name = oldAlgo(tc.hash231, 100, fiftyFifty, twoNames)
			equal(t, tc.wantSeeded, name, "BUCKET_ALGO_WITH_SEED (campaign 231)")
		})
	}
}

// TestSeedBucketValues covers bucketValues.js seedBucketValue: Value(h, 10000, 1)
// of "<campaignId>_<user>" when isBucketingSeedEnabled, of "<user>" otherwise.
func TestSeedBucketValues(t *testing.T) {
	tests := []struct {
		user       string
		campaignID int
		plain      int
		seeded     int
	}{
		{"Ashley", 1, 4986, 4539},
		{"Bill", 11, 2379, 7425},
		{"Chris", 132, 9285, 2691},
		{"Dominic", 21, 7505, 1025},
		{"Emma", 21, 4394, 5169},
		{"Faizan", 13, 4218, 2322},
		{"Gimmy", 14, 9572, 1802},
		{"Harry", 54, 2511, 6380},
		{"Ian", 98, 4715, 150},
		{"John", 14, 216, 2176},
		{"King", 331, 8198, 2269},
		{"Lisa", 14, 394, 5223},
		{"Mona", 15, 2599, 1722},
		{"Nina", 241, 6932, 271},
		{"Olivia", 93, 3203, 7638},
		{"Pete", 87, 6457, 9957},
		{"Queen", 34, 5379, 9242},
		{"Robert", 45, 2679, 3515},
		{"Sarah", 54, 163, 4499},
		{"Tierra", 566, 7022, 431},
		{"Una", 545, 1545, 8964},
		{"Varun", 34, 4716, 9556},
		{"Will", 431, 9731, 7363},
		{"Xin", 566, 4342, 7431},
		{"You", 65, 5321, 2899},
		{"Zeba", 109, 3730, 9441},
	}
	for _, tc := range tests {
		seed := fmt.Sprintf("%d_%s", tc.campaignID, tc.user)
		t.Run(seed, func(t *testing.T) {
			equal(t, tc.plain, Value(Hash(tc.user, LowByte), MaxTrafficValue, 1), "seed off")
			equal(t, tc.seeded, Value(Hash(seed, LowByte), MaxTrafficValue, 1), "seed on")
		})
	}
}

// TestSeedVectors covers single seeds of the research notes: bucketValues.js
// traffic values, NBv2 "Boston", the MEG group seeds and the edge users.
func TestSeedVectors(t *testing.T) {
	tests := []struct {
		name   string
		seed   string
		hash   uint32
		b100   int
		b10000 int
		mult2  int // Value(hash, 10000, 2): the old algorithm at 50 %
	}{
		{"traffic email seeded", "1_someone@mail.com", 1049347047, 25, 2444, 4888},
		{"traffic email", "someone@mail.com", 2731666319, 64, 6361, 12722},
		{"traffic digits seeded", "1_1111111111111111", 3511714367, 82, 8177, 16354},
		{"traffic digits", "1111111111111111", 2141526043, 50, 4987, 9974},
		{"NBv2 Boston 231", "231_888888_Boston", 3276890940, 77, 7630, 15261},
		{"NBv2 Boston 232", "232_888888_Boston", 2943374475, 69, 6854, 13708},
		{"NBv2 Boston 233", "233_888888_Boston", 1734194024, 41, 4038, 8077},
		{"MEG group 7 Ashley", "7_Ashley", 2655831774, 62, 6184, 12369},
		{"MEG group 7 Bill", "7_Bill", 2756906874, 65, 6419, 12839},
		{"MEG group 7 Chris", "7_Chris", 2552764866, 60, 5944, 11889},
		{"MEG group 7 user263 (gap)", "7_user263", 4254791764, 100, 9907, 19814},
		{"user5956 (v=10001)", "user5956", 2147476619, 50, 5000, 10001},
		{"user35740 (v=5001)", "user35740", 1073725428, 25, 2500, 5001},
		{"empty", "", 1364076727, 32, 3176, 6353},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := Hash(tc.seed, LowByte)
			mustEqual(t, tc.hash, h)
			equal(t, tc.hash, Hash(tc.seed, UTF8))
			equal(t, tc.b100, Traffic(h), "b100")
			equal(t, tc.b10000, Value(h, MaxTrafficValue, 1), "b10000")
			equal(t, tc.mult2, Value(h, MaxTrafficValue, Multiplier(50)), "old algorithm at 50 %")
		})
	}
}

// TestNBv2Boston: account 888888, user Boston, 50/50 campaigns 231–233 under
// the "new v2" algorithm (multiplier 1, seed "<campaign>_<account>_<user>").
func TestNBv2Boston(t *testing.T) {
	for _, tc := range []struct{ campaign, want string }{
		{"231", "Variation-1"},
		{"232", "Variation-1"},
		{"233", "Control"},
	} {
		t.Run(tc.campaign, func(t *testing.T) {
			v := Value(Hash(tc.campaign+"_888888_Boston", LowByte), MaxTrafficValue, 1)
			i := Pick(fiftyFifty, v)
			if i < 0 {
				t.Fatalf("Pick(%d) = -1", v)
			}
			equal(t, tc.want, twoNames[i])
		})
	}
}

// TestEdgeUsers: the old algorithm's boundary cases at 50 %, 50/50.
func TestEdgeUsers(t *testing.T) {
	t.Run("user5956 passes traffic but gets no variation", func(t *testing.T) {
		h := Hash("user5956", LowByte)
		equal(t, 50, Traffic(h))
		v := Value(h, MaxTrafficValue, Multiplier(50))
		equal(t, 10001, v)
		equal(t, -1, Pick(fiftyFifty, v))
	})
	t.Run("user35740 is Variation-1 in node (Java: Control)", func(t *testing.T) {
		h := Hash("user35740", LowByte)
		equal(t, uint32(1073725428), h)
		v := Value(h, MaxTrafficValue, Multiplier(50))
		equal(t, 5001, v)
		equal(t, 1, Pick(fiftyFifty, v))
		// Java's floor(10000r·100/pt)+1 would give 5000.
		equal(t, 5000, int(math.Floor(10000*float64(h)/(1<<32)*100/50))+1)
	})
	t.Run("Ashley is Control in every 50/50 campaign at 100 %", func(t *testing.T) {
		equal(t, 0, Pick(fiftyFifty, Value(Hash("Ashley", LowByte), MaxTrafficValue, 1)))
	})
	t.Run("whitelisting two of three at 50/50 picks Control for Ashley", func(t *testing.T) {
		v := Value(Hash("Ashley", LowByte), MaxTrafficValue, 1)
		equal(t, 4986, v)
		equal(t, 0, Pick(Ranges([]float64{50, 50}), v))
	})
}

// TestNonASCIIHashes: research §3.8. Node hashes the low byte of every UTF-16
// code unit; the other SDKs hash UTF-8.
func TestNonASCIIHashes(t *testing.T) {
	tests := []struct {
		name    string
		seed    string
		lowByte uint32
		utf8    uint32
	}{
		{"Latin-1", "José", 2666078234, 3691523483},
		{"CJK", "用户", 3545729648, 2424374809},
		{"mixed", "naïve_user", 2113704147, 2893776099},
		{"astral (surrogate pair)", "😀x", 1361117689, 1361292149},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.lowByte, Hash(tc.seed, LowByte), "LowByte")
			equal(t, tc.utf8, Hash(tc.seed, UTF8), "UTF8")
		})
	}
}

// TestHashNodeVectors: more node murmurhash.v3(s, 1) values, covering every
// tail length, long seeds (beyond the stack buffer) and invalid UTF-8.
func TestHashNodeVectors(t *testing.T) {
	long := ""
	for i := 0; i < 40; i++ {
		long += "é用😀"
	}
	tests := []struct {
		name    string
		seed    string
		lowByte uint32
		utf8    uint32
	}{
		{"len 1", "a", 1485495528, 1485495528},
		{"len 2", "ab", 3087506246, 3087506246},
		{"len 3", "abc", 2859854335, 2859854335},
		{"len 4", "abcd", 2616542610, 2616542610},
		{"len 5", "abcde", 4289507611, 4289507611},
		// Node: the same string of 40×("é用😀"), 160 UTF-16 units, 360 bytes.
		{"long non-ASCII", long, 131971981, 2855356484},
		// Invalid UTF-8 is read as U+FFFD per byte (0xFD low byte).
		{"invalid UTF-8", "a\xffb", 153292825, 2232190734},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.lowByte, Hash(tc.seed, LowByte), "LowByte")
			equal(t, tc.utf8, Hash(tc.seed, UTF8), "UTF8")
		})
	}
}

func TestMultiplier(t *testing.T) {
	// Node: 10000 / pt / 100.
	tests := []struct {
		pt   float64
		want float64
	}{
		{1, 100},
		{3, 33.333333333333336},
		{7, 14.285714285714286},
		{10, 10},
		{20, 5},
		{25, 4},
		{30, 3.333333333333333}, // 100/30 would be 3.3333333333333335
		{33, 3.03030303030303},
		{33.3, 3.0030030030030033},
		{49, 2.0408163265306123},
		{50, 2},
		{60, 1.6666666666666665},
		{66, 1.515151515151515},
		{70, 1.4285714285714286},
		{75, 1.3333333333333335},
		{90, 1.1111111111111112},
		{99, 1.0101010101010102},
		{99.9, 1.0010010010010009},
		{100, 1},
		{0.5, 200},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.pt), func(t *testing.T) {
			equal(t, tc.want, Multiplier(tc.pt))
		})
	}
	t.Run("30 differs from 100/pt", func(t *testing.T) {
		if Multiplier(30) == 100/30.0 {
			t.Error("Multiplier(30) == 100/30")
		}
	})
}

func TestValue(t *testing.T) {
	tests := []struct {
		name string
		hash uint32
		max  int
		mult float64
		want int
	}{
		{"zero hash", 0, 100, 1, 1},
		{"max hash traffic", math.MaxUint32, 100, 1, 100},
		{"max hash variation", math.MaxUint32, 10000, 1, 10000},
		{"half", 1 << 31, 10000, 1, 5001},
		{"max hash at 50 %", math.MaxUint32, 10000, 2, 20001},
		{"NaN multiplier", 12345, 10000, math.NaN(), math.MinInt},
		{"infinite multiplier", 12345, 10000, math.Inf(1), math.MaxInt},
		{"-infinite multiplier", 12345, 10000, math.Inf(-1), math.MinInt},
		{"negative multiplier", 0, 10000, -0.5, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.want, Value(tc.hash, tc.max, tc.mult))
		})
	}
}

func TestRanges(t *testing.T) {
	// Every expectation is node's CampaignUtil.setVariationAllocation output.
	tests := []struct {
		name    string
		weights []float64
		want    []Range
	}{
		{"50/50", []float64{50, 50}, []Range{{1, 5000}, {5001, 10000}}},
		{"thirds overshoot", []float64{33.3333, 33.3333, 33.3333}, []Range{{1, 3334}, {3335, 6668}, {6669, 10002}}},
		{"20/80", []float64{20, 80}, []Range{{1, 2000}, {2001, 10000}}},
		{"zero weight", []float64{0, 100}, []Range{{-1, -1}, {1, 10000}}},
		{"10/90", []float64{10, 90}, []Range{{1, 1000}, {1001, 10000}}},
		{"MEG floor(100/3) gap", []float64{33, 33, 33}, []Range{{1, 3300}, {3301, 6600}, {6601, 9900}}},
		{"float product 0.07", []float64{0.07, 99.93}, []Range{{1, 8}, {9, 10001}}},
		{"sevenths", []float64{14.29, 14.29, 14.29, 14.29, 14.29, 14.29, 14.26},
			[]Range{{1, 1429}, {1430, 2858}, {2859, 4287}, {4288, 5716}, {5717, 7145}, {7146, 8574}, {8575, 10000}}},
		{"single", []float64{100}, []Range{{1, 10000}}},
		{"step capped at 10000", []float64{150, 50}, []Range{{1, 10000}, {10001, 15000}}},
		{"all zero", []float64{0, 0}, []Range{{-1, -1}, {-1, -1}}},
		{"negative weight", []float64{-5, 50, 50}, []Range{{1, -500}, {-499, 4500}, {4501, 9500}}},
		{"NaN is falsy", []float64{math.NaN(), 100}, []Range{{-1, -1}, {1, 10000}}},
		{"tiny weights", []float64{0.001, 99.999}, []Range{{1, 1}, {2, 10001}}},
		{"12.345", []float64{12.345, 87.655}, []Range{{1, 1235}, {1236, 10001}}},
		{"1e-9", []float64{1e-9, 50}, []Range{{1, 1}, {2, 5001}}},
		{"empty", nil, []Range{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.want, Ranges(tc.weights))
		})
	}
}

func TestJSRanges(t *testing.T) {
	// Every expectation is node's CampaignUtil.setVariationAllocation output
	// for variations of these weights (NaN printed as null there).
	none := Range{1, 0}
	tests := []struct {
		name    string
		weights []any
		want    []Range
	}{
		{"numbers", []any{20.0, 80.0}, []Range{{1, 2000}, {2001, 10000}}},
		{"strings", []any{"50", "50"}, []Range{{1, 5000}, {5001, 10000}}},
		{"NaN poisons the rest", []any{"abc", 50.0, 0.0, 30.0}, []Range{{-1, -1}, none, {-1, -1}, none}},
		{"object then number", []any{50.0, js.Object{}, 50.0}, []Range{{1, 5000}, {-1, -1}, none}},
		{"true and array", []any{true, []any{60.0}}, []Range{{1, 100}, {101, 6100}}},
		{"falsy", []any{nil, false, "", js.Undefined, 0.0, 100.0}, []Range{{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}, {1, 10000}}},
		{"hex and spaces", []any{"0x10", " 84 "}, []Range{{1, 1600}, {1601, 10000}}},
		{"exponent and empty", []any{"1e2", ""}, []Range{{1, 10000}, {-1, -1}}},
		{"-Infinity", []any{"-Infinity", 50.0}, []Range{{1, math.MinInt}, {math.MinInt, math.MinInt}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.want, JSRanges(tc.weights))
		})
	}
	// On numbers JSRanges is Ranges.
	for _, ws := range [][]float64{{33.3333, 33.3333, 33.3333}, {-5, 50, 50}, {0.07, 99.93}, {math.NaN(), 100}} {
		anys := make([]any, len(ws))
		for i, w := range ws {
			anys[i] = w
		}
		equal(t, Ranges(ws), JSRanges(anys))
	}
}

func TestStep(t *testing.T) {
	tests := []struct {
		weight float64
		want   int
	}{
		{0, 0},
		{math.Copysign(0, -1), 0},
		{math.NaN(), 0},
		{-0.001, 0}, // ceil(-0.1) is -0: falsy in node
		{0.001, 1},
		{0.07, 8},
		{50, 5000},
		{100, 10000},
		{1e300, 10000},
		{math.Inf(1), 10000},
		{-5, -500},
		{math.Inf(-1), minStep},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.weight), func(t *testing.T) {
			equal(t, tc.want, Step(tc.weight))
		})
	}
}

func TestPick(t *testing.T) {
	withZero := Ranges([]float64{0, 50, 50})
	tests := []struct {
		name   string
		ranges []Range
		v      int
		want   int
	}{
		{"first", fiftyFifty, 1, 0},
		{"first end", fiftyFifty, 5000, 0},
		{"second start", fiftyFifty, 5001, 1},
		{"last end", fiftyFifty, 10000, 1},
		{"beyond", fiftyFifty, 10001, -1},
		{"zero", fiftyFifty, 0, -1},
		{"zero weight skipped", withZero, 1, 1},
		{"-1 hits a zero-weight item", withZero, -1, 0},
		{"MEG gap", Ranges([]float64{33, 33, 33}), 9907, -1},
		{"overshoot", threeWay, 10002, 2},
		{"no ranges", nil, 1, -1},
		{"saturated NaN", fiftyFifty, math.MinInt, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.want, Pick(tc.ranges, tc.v))
		})
	}
}

func TestEncodingString(t *testing.T) {
	equal(t, "UTF8", UTF8.String())
	equal(t, "LowByte", LowByte.String())
	equal(t, "Encoding(?)", Encoding(7).String())
}

func TestHashAllocs(t *testing.T) {
	long := ""
	for i := 0; i < 100; i++ {
		long += "é"
	}
	tests := []struct {
		name string
		seed string
		enc  Encoding
		max  float64
	}{
		{"ASCII LowByte", "231_888888_Boston", LowByte, 0},
		{"ASCII UTF8", "231_888888_Boston", UTF8, 0},
		{"long ASCII", string(make([]byte, 4096)), LowByte, 0},
		{"non-ASCII LowByte", "231_José_用户_😀", LowByte, 0},
		{"non-ASCII UTF8", "231_José_用户_😀", UTF8, 0},
		{"200-byte non-ASCII LowByte", long, LowByte, 0},
		{"long non-ASCII UTF8", long + long, UTF8, 0},
		{"long non-ASCII LowByte allocates once", long + long, LowByte, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sink uint32
			got := testing.AllocsPerRun(100, func() { sink += Hash(tc.seed, tc.enc) })
			if got > tc.max {
				t.Errorf("%v allocs/op, want ≤ %v", got, tc.max)
			}
		})
	}
}

func BenchmarkHash(b *testing.B) {
	for _, bc := range []struct {
		name string
		seed string
		enc  Encoding
	}{
		{"ASCII/LowByte", "231_888888_Boston", LowByte},
		{"ASCII/UTF8", "231_888888_Boston", UTF8},
		{"NonASCII/LowByte", "231_José_用户", LowByte},
		{"NonASCII/UTF8", "231_José_用户", UTF8},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink uint32
			for i := 0; i < b.N; i++ {
				sink += Hash(bc.seed, bc.enc)
			}
			_ = sink
		})
	}
}

func BenchmarkBucket(b *testing.B) {
	ranges := Ranges([]float64{50, 50})
	m := Multiplier(50)
	b.ReportAllocs()
	var sink int
	for i := 0; i < b.N; i++ {
		h := Hash("Ashley", LowByte)
		if Traffic(h) <= 50 {
			sink += Pick(ranges, Value(h, MaxTrafficValue, m))
		}
	}
	_ = sink
}

// equal reports a test error when got differs from want; label (a format
// and its arguments) names the value.
func equal(t testing.TB, want, got any, label ...any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", describe(label), d)
	}
}

// mustEqual is equal, but stops the test.
func mustEqual(t testing.TB, want, got any, label ...any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("%s (-want +got):\n%s", describe(label), d)
	}
}

func describe(label []any) string {
	if len(label) == 0 {
		return "mismatch"
	}
	if f, ok := label[0].(string); ok {
		return fmt.Sprintf(f, label[1:]...)
	}
	return fmt.Sprint(label...)
}
