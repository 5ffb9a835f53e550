package data

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cuifu/data/exports"
	"cuifu/queue"
)

// sameQueue fails unless a and b hold the same orders in the same order, with the same
// buyers, contact summaries and buyers' contacts (operators compared by name: their indexes
// may differ).
func sameQueue(t *testing.T, what string, a, b *queue.Snapshot) {
	t.Helper()
	laidOut(t, what, a)
	laidOut(t, what, b)
	if a.Seq != b.Seq || len(a.Orders) != len(b.Orders) {
		t.Fatalf("%s: %d orders at seq %d, want %d at seq %d", what, len(a.Orders), a.Seq, len(b.Orders), b.Seq)
	}
	for i := range a.Orders {
		x, y := a.Orders[i], b.Orders[i]
		if a.Operator(x.Agent) != b.Operator(y.Agent) || a.Operator(x.Contact.ClaimBy) != b.Operator(y.Contact.ClaimBy) ||
			a.Operator(x.Contact.CallbackOwner-1) != b.Operator(y.Contact.CallbackOwner-1) ||
			a.Operator(x.Contact.LastBy-1) != b.Operator(y.Contact.LastBy-1) {
			t.Fatalf("%s: order %s operators differ", what, x.ID)
		}
		xb, yb := a.Buyers[x.Buyer], b.Buyers[y.Buyer]
		x.Buyer, y.Buyer, x.Agent, y.Agent = 0, 0, 0, 0
		x.Contact.ClaimBy, y.Contact.ClaimBy, x.Contact.CallbackOwner, y.Contact.CallbackOwner = 0, 0, 0, 0
		x.Contact.LastBy, y.Contact.LastBy = 0, 0
		if x != y || xb != yb {
			t.Fatalf("%s: order %d\n got %+v %+v\nwant %+v %+v", what, i, x, xb, y, yb)
		}
		if xc, yc := a.BuyerContacts(a.Orders[i].Buyer), b.BuyerContacts(b.Orders[i].Buyer); !slices.Equal(xc, yc) {
			t.Fatalf("%s: order %s: the buyer's contacts %v, want %v", what, x.ID, xc, yc)
		}
	}
}

// laidOut fails the test unless s's orders are laid out (queue.Snapshot.LayOut), as every
// snapshot the store hands out is: in the order LayOut puts them in.
func laidOut(t *testing.T, what string, s *queue.Snapshot) {
	t.Helper()
	c := s.Clone()
	c.LayOut()
	for i := range s.Orders {
		if k, want := s.Orders[i].Key(), c.Orders[i].Key(); k != want {
			t.Fatalf("%s: order %d is %v, want %v: the snapshot is not laid out", what, i, k, want)
		}
	}
}

// encodeSnapshot returns the snapshot file writeSnapshot writes for s.
func encodeSnapshot(s *queue.Snapshot, storeID int64) []byte {
	var b bytes.Buffer
	if err := writeSnapshot(&b, s, snapMark{storeID: storeID, seq: s.Seq, token: storeID * 3}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// variedSnapshot is a small snapshot that sets every field the file keeps.
func variedSnapshot() *queue.Snapshot {
	s := &queue.Snapshot{Seq: 42, Operators: []string{"小美", "阿杰"}}
	s.Buyers = []queue.Buyer{
		{Nick: "买家甲", Phone: "13800001234", Paid: 2, SMSAt: 1794412800, Cushions: 5},
		{Nick: "tb-乙", Phone: "138****5678", OptedOut: true, Complaint: true},
		{Nick: "", Phone: ""},
	}
	for i := 0; i < 7; i++ {
		o := queue.Order{ID: "35153131473293" + strconv.Itoa(i), Title: []string{"北欧布艺沙发", "婴儿奶粉 3段", ""}[i%3],
			Amount: queue.Fen(1000 * (i + 1)), Created: 1794412800 + int64(i)*60, Buyer: int32(i % 3), Agent: int32(i%3 - 1),
			Platform: queue.Platform(1 + i%5), Flags: queue.OrderFlags(i) &^ queue.FlagCallAverse}
		if i%2 == 0 {
			o.Deadline = o.Created + 3600
		}
		if i%3 == 0 {
			o.Flags, o.Deposit = o.Flags|queue.FlagBalance, int32(5000*i+1)
		}
		o.Contact = queue.ContactState{LastAt: o.Created + 100, Until: o.Created + 7200, ClaimUntil: queue.UnixTime(o.Created + 900),
			ClaimBy: int32(i%3 - 1), CallbackOwner: int32(i % 3), LastBy: int32((i + 1) % 3), Touches: uint8(i % 4), Tried: uint8(i * 3 % 16),
			LastChannel: queue.Channel(i % 4), LastResult: queue.Results[i%len(queue.Results)], Answered: i%2 == 1, Closed: i == 6,
			FirstAgo: uint16(i * 9000)}
		s.Orders = append(s.Orders, o)
	}
	s.Contacts.Loaded = true
	s.Contacts.Set(2, []uint32{1794420000})
	s.Contacts.Set(0, []uint32{1794412800, 1794416400, 1794416400})
	s.LayOut() // as the store hands every snapshot out, and the file holds it
	return s
}

func TestSnapshotFileRoundTrip(t *testing.T) {
	want := variedSnapshot()
	cfg := queue.DefaultConfig()
	cfg.Channel.CallAverse = []string{"奶粉"}
	cfg.Caps.PerBuyerDay = 2 // the buyers' contacts are kept
	for i := range want.Orders {
		if CallAverse(want.Orders[i].Title, cfg.Channel.CallAverse) {
			want.Orders[i].Flags |= queue.FlagCallAverse
		}
	}
	want.CountOpen() // the file keeps the flags; a decode counts the open orders again
	b := encodeSnapshot(want, 77)
	got, m, err := decodeSnapshot(bytes.NewReader(b), int64(len(b)), &cfg)
	if err != nil || m != (snapMark{storeID: 77, seq: want.Seq, token: 77 * 3}) {
		t.Fatalf("decode: %+v, %v", m, err)
	}
	sameQueue(t, "round trip", got, want)
	if got.Operators[1] != "阿杰" || len(got.Operators) != 2 {
		t.Fatalf("operators %q", got.Operators)
	}
	// The config decides call-averse at load: other keywords, other flags.
	cfg.Channel.CallAverse = nil
	got, _, _ = decodeSnapshot(bytes.NewReader(b), int64(len(b)), &cfg)
	for _, o := range got.Orders {
		if o.Flags&queue.FlagCallAverse != 0 {
			t.Fatalf("order %s call-averse with no keywords", o.ID)
		}
	}
}

func TestDamagedSnapshotFileIsRefused(t *testing.T) {
	cfg := queue.DefaultConfig()
	b := encodeSnapshot(variedSnapshot(), 1)
	tests := []struct {
		name string
		edit func([]byte) []byte
	}{
		{"empty", func([]byte) []byte { return nil }},
		{"cut in the records", func(b []byte) []byte { return b[:len(b)-40] }},
		{"cut in the checksum", func(b []byte) []byte { return b[:len(b)-2] }},
		{"one byte changed", func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }},
		{"another format", func(b []byte) []byte { b[len(snapMagic)]++; return b }},
		{"whole, of the format before the layout (orders in store order)", func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[len(snapMagic):], 11)
			binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], crcTable))
			return b
		}},
		{"not a snapshot file", func([]byte) []byte { return []byte("SQLite format 3\x00 and more bytes") }},
		{"a byte too many", func(b []byte) []byte { return append(b, 0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := tt.edit(bytes.Clone(b))
			if s, _, err := decodeSnapshot(bytes.NewReader(bad), int64(len(bad)), &cfg); err == nil {
				t.Fatalf("accepted: %d orders", len(s.Orders))
			}
		})
	}
}

// FuzzSnapshotFile checks that no file, however damaged, panics the loader or comes back
// as a snapshot that points outside itself.
func FuzzSnapshotFile(f *testing.F) {
	f.Add(encodeSnapshot(variedSnapshot(), 1))
	f.Add(encodeSnapshot(&queue.Snapshot{}, 0))
	cfg := queue.DefaultConfig()
	f.Fuzz(func(t *testing.T, b []byte) {
		s, _, err := decodeSnapshot(bytes.NewReader(b), int64(len(b)), &cfg)
		if err != nil {
			return
		}
		for _, o := range s.Orders {
			_ = s.Buyers[o.Buyer]
			_ = s.Operator(o.Agent) + s.Operator(o.Contact.ClaimBy)
		}
	})
}

// reopen closes s and opens the store at path again (running the schema steps it has not
// run), its snapshot file serving even a small queue, and loads the queue under cfg.
func reopen(t *testing.T, s *Store, path string, cfg *queue.Config) (*Store, *queue.Snapshot) {
	t.Helper()
	s.Close()
	s = open(t, path)
	s.snapMin = 1
	snap, err := s.Snapshot(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, snap
}

// fullLoad deletes the snapshot file of the store at path and loads its queue in full.
func fullLoad(t *testing.T, s *Store, path string, cfg *queue.Config) *queue.Snapshot {
	t.Helper()
	os.Remove(snapPath(path))
	snap, err := s.Snapshot(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestSnapshotComesFromTheFile: a big queue is saved beside the store, later loads read the
// file and merge what changed since, and every answer is what a full load gives.
func TestSnapshotComesFromTheFile(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	cfg := queue.DefaultConfig()
	a, b, c := rec("A", queue.StatusUnpaid, 20000), rec("B", queue.StatusUnpaid, 30000), rec("C", queue.StatusUnpaid, 40000)
	c.Buyer = a.Buyer
	if _, err := s.Upsert(ctx, []exports.Record{a, b, c}); err != nil {
		t.Fatal(err)
	}
	full := func() *queue.Snapshot { return fullLoad(t, s, path, &cfg) }
	first := full()
	if _, err := os.Stat(snapPath(path)); err != nil {
		t.Fatalf("no snapshot file after a full load: %v", err)
	}
	// Mark the file, to tell a load from it from a full load (which would rewrite it).
	fromFile := func() *queue.Snapshot {
		t.Helper()
		before, _ := os.ReadFile(snapPath(path))
		snap, err := s.Snapshot(ctx, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		if after, _ := os.ReadFile(snapPath(path)); !bytes.Equal(before, after) {
			t.Fatal("the load rewrote the snapshot file: it did not come from it")
		}
		return snap
	}
	sameQueue(t, "unchanged store", fromFile(), first)

	// Changes since the file: an opt-out, a payment, an arrival, a claim.
	if _, err := s.Append(ctx, queue.Event{At: t0 + 4000, Operator: "阿杰", Kind: queue.EventContact,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "A"}, Channel: queue.ChannelIM, Result: queue.ResultDoNotContact}); err != nil {
		t.Fatal(err)
	}
	b.Status, b.PaidAt = queue.StatusPaid, t0+5000
	d := rec("D", queue.StatusUnpaid, 9900)
	d.Agent = "婷婷"
	if _, err := s.Upsert(ctx, []exports.Record{b, d}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, queue.Event{At: t0 + 4100, Operator: "小美", Kind: queue.EventClaim,
		Order: queue.OrderKey{Platform: queue.PlatformTaobao, ID: "C"}, Until: t0 + 4100 + 600}); err != nil {
		t.Fatal(err)
	}
	merged := fromFile()
	sameQueue(t, "after changes", merged, full())

	// Many changes are still merged from the file; from s.fileRewrite on, the merged queue
	// is saved in its place; past s.mergeLimit, a full load.
	s.mergeLimit, s.fileRewrite = 300, 100
	importMany := func(prefix string, n int) {
		t.Helper()
		var many []exports.Record
		for i := 0; i < n; i++ {
			many = append(many, rec(prefix+strconv.Itoa(i), queue.StatusUnpaid, 1000))
		}
		if _, err := s.Upsert(ctx, many); err != nil {
			t.Fatal(err)
		}
	}
	importMany("M", 257)
	before, _ := os.ReadFile(snapPath(path))
	snap := s.snapFromFile(ctx, &cfg, s.fileRewrite)
	if snap == nil {
		t.Fatal("the file did not take more changes than a tick merges")
	}
	if after, _ := os.ReadFile(snapPath(path)); bytes.Equal(before, after) {
		t.Fatal("a merge of many changes did not save the merged queue")
	}
	if saved, _, err := readSnapFile(snapPath(path), &cfg); err != nil || saved.Seq != snap.Seq {
		t.Fatalf("the saved queue is not the merged one: %v", err)
	}
	sameQueue(t, "after a big import, merged", snap, full())
	importMany("N", 301)
	if s.snapFromFile(ctx, &cfg, s.fileRewrite) != nil {
		t.Fatal("more changes than the file merges were merged")
	}
	snap, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "after a bigger import", snap, full())

	// Another store's file at this path is not taken for this store's.
	other, otherPath := tempStore(t)
	other.snapMin = 1
	if _, err := other.Upsert(ctx, []exports.Record{rec("X", queue.StatusUnpaid, 5000)}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Snapshot(ctx, &cfg); err != nil {
		t.Fatal(err)
	}
	foreign, _ := os.ReadFile(snapPath(otherPath))
	if err := os.WriteFile(snapPath(path), foreign, 0o600); err != nil {
		t.Fatal(err)
	}
	snap, err = s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "with another store's file", snap, full())

	// A damaged file is ignored.
	good, _ := os.ReadFile(snapPath(path))
	good[len(good)/2] ^= 1
	os.WriteFile(snapPath(path), good, 0o600)
	snap, err = s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "with a damaged file", snap, full())
}

func TestSmallQueueWritesNoSnapshotFile(t *testing.T) {
	cfg := queue.DefaultConfig()
	for _, tc := range []struct {
		name string
		load func(s *Store) error
	}{
		{"Snapshot", func(s *Store) error { _, err := s.Snapshot(ctx, &cfg); return err }},
		{"saveSnapshot", func(s *Store) error { return s.saveSnapshot(ctx) }},
	} {
		s, path := tempStore(t)
		s.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 20000)})
		if err := tc.load(s); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(snapPath(path)); !os.IsNotExist(err) {
			t.Fatalf("%s: a one-order queue wrote a snapshot file: %v", tc.name, err)
		}
	}
}

// TestImportIntoAnEmptyStoreWritesTheQueueFile: a first import leaves the snapshot file
// ready and current, and the queue read from it is the one a full load gives: orders
// repeated across batches (paid later, retitled, handed to an agent), buyers with several
// orders and paid ones (returning), masked phones, flash and shipping, two platforms,
// duplicates. A second import into the now non-empty store leaves the file to the merge.
func TestImportIntoAnEmptyStoreWritesTheQueueFile(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	cfg := queue.DefaultConfig()
	var recs []exports.Record
	n := 2*exports.BatchSize + 300
	for i := 0; i < n; i++ {
		r := rec("T"+strconv.Itoa(i), queue.StatusUnpaid, queue.Fen(5000+i*37%90000))
		r.Buyer = "买家" + strconv.Itoa(i%700)
		r.Created = t0 + int64(i%500)*60
		switch i % 9 {
		case 0:
			r.Status, r.PaidAt = queue.StatusPaid, t0+7200
		case 1:
			r.Phone = "138****" + strconv.Itoa(1000+i%9000)
		case 2:
			r.Flash, r.Shipping, r.Deadline = true, 800, t0+86400
		case 3:
			r.Agent = "小美"
		case 4:
			r.Platform, r.Buyer = queue.PlatformJD, "jd_"+strconv.Itoa(i%50)
		case 5:
			r.Status = queue.StatusClosed
		}
		recs = append(recs, r)
	}
	// Repeats far apart: one now paid, one retitled and handed to an agent, one the same.
	paid, retitled, same := recs[7], recs[10], recs[11]
	paid.Status, paid.PaidAt = queue.StatusPaid, t0+9000
	retitled.Title, retitled.Agent = "北欧布艺沙发 三人位", "阿杰"
	recs = append(recs, paid, retitled, same)
	// A likely duplicate: the same buyer and items minutes apart.
	dupe := recs[12]
	dupe.ID, dupe.Created = "DUPE", dupe.Created+120
	recs = append(recs, dupe)

	importInSteps(t, s, recs, 1000)
	if _, err := os.Stat(snapPath(path)); err != nil {
		t.Fatalf("the import into an empty store wrote no queue file: %v", err)
	}
	fileSnap, fm, err := readSnapFile(snapPath(path), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := readMark(ctx, s.db); m != fm {
		t.Fatalf("the file names %+v, the store is at %+v", fm, m)
	}
	if ch, err := s.Changes(ctx, &cfg, fileSnap.Seq); err != nil || len(ch.Orders) != 0 || ch.Seq != fileSnap.Seq {
		t.Fatalf("the file is not current: seq %d, changes %+v, %v", fileSnap.Seq, ch, err)
	}
	os.Remove(snapPath(path))
	full, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameQueue(t, "import's file", fileSnap, full)
	dupes := 0
	for i := range fileSnap.Orders {
		if fileSnap.Orders[i].Flags&queue.FlagDuplicate != 0 {
			dupes++
		}
	}
	if dupes == 0 {
		t.Fatal("the import's queue marks no duplicate")
	}

	// The store is not empty now: a second import leaves the file for the merge.
	before, _ := os.ReadFile(snapPath(path))
	more := rec("LATE", queue.StatusUnpaid, 12000)
	if _, err := s.Upsert(ctx, []exports.Record{more}); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(snapPath(path)); !bytes.Equal(before, after) {
		t.Fatal("an import into a store with orders rewrote the queue file")
	}
	merged, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(snapPath(path))
	full, _ = s.Snapshot(ctx, &cfg)
	sameQueue(t, "after a second import", merged, full)
}

// TestSaveSnapshotLeavesTheFileCurrent: after changes (an import into a store with orders),
// saveSnapshot saves a file that reflects the store and equals a full load; a current file
// is left alone; with no file, a big queue gets one (a small one gets none: see
// TestSmallQueueWritesNoSnapshotFile).
func TestSaveSnapshotLeavesTheFileCurrent(t *testing.T) {
	cfg := queue.DefaultConfig()
	isCurrent := func(s *Store, path string) bool {
		ok, _ := s.snapCurrent(ctx)
		return ok
	}
	current := func(t *testing.T, s *Store, path string) *queue.Snapshot {
		t.Helper()
		snap, fm, err := readSnapFile(snapPath(path), &cfg)
		if err != nil {
			t.Fatalf("no usable queue file: %v", err)
		}
		if m, _ := readMark(ctx, s.db); m != fm || snap.Seq != m.seq {
			t.Fatalf("the file reflects %+v (seq %d), the store is at %+v", fm, snap.Seq, m)
		}
		return snap
	}
	upsert := func(t *testing.T, s *Store, recs ...exports.Record) {
		t.Helper()
		if _, err := s.Upsert(ctx, recs); err != nil {
			t.Fatal(err)
		}
	}

	s, path := tempStore(t)
	s.snapMin = 2
	upsert(t, s, rec("A", queue.StatusUnpaid, 9900), rec("B", queue.StatusUnpaid, 19900), rec("C", queue.StatusUnpaid, 5000))
	current(t, s, path) // the first import's own file
	// A second import: a payment, a new order, a retitle. The file falls behind.
	b := rec("B", queue.StatusPaid, 19900)
	b.PaidAt = t0 + 5000
	c := rec("C", queue.StatusUnpaid, 5000)
	c.Title = "坚果礼盒 1.5kg"
	upsert(t, s, b, c, rec("D", queue.StatusUnpaid, 30000))
	if fm, _, err := readSnapHeader(snapPath(path)); err != nil || isCurrent(s, path) {
		t.Fatalf("the file at %+v did not fall behind the second import: %v", fm, err)
	}
	if err := s.saveSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	saved := current(t, s, path)
	before, _ := os.ReadFile(snapPath(path))
	if err := s.saveSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(snapPath(path)); !bytes.Equal(before, after) {
		t.Fatal("saveSnapshot rewrote a current file")
	}
	sameQueue(t, "saved after a second import", saved, fullLoad(t, s, path, &cfg))

	// No file, a big enough queue: saveSnapshot makes one.
	os.Remove(snapPath(path))
	if err := s.saveSnapshot(ctx); err != nil {
		t.Fatal(err)
	}
	current(t, s, path)

}

// TestImportFeedGivesUpOnHugeOrderNumbers: an order number longer than the feed keeps
// means the import writes no queue file (a full load will), and the import itself succeeds.
func TestImportFeedGivesUpOnHugeOrderNumbers(t *testing.T) {
	s, path := tempStore(t)
	s.snapMin = 1
	long := rec(strings.Repeat("9", maxFedID+1), queue.StatusUnpaid, 1000)
	if _, err := s.Upsert(ctx, []exports.Record{rec("A", queue.StatusUnpaid, 1000), long}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(snapPath(path)); !os.IsNotExist(err) {
		t.Fatalf("a queue file for an import the feed could not keep: %v", err)
	}
	cfg := queue.DefaultConfig()
	if snap, err := s.Snapshot(ctx, &cfg); err != nil || len(snap.Orders) != 2 {
		t.Fatalf("full load after it: %v", err)
	}
}

// TestLoadReadsEveryPackedFact: the small facts that a load reads packed into one column come
// back each in its place, through a full load and through the change query, for two orders
// whose facts are opposite.
func TestLoadReadsEveryPackedFact(t *testing.T) {
	s, _ := tempStore(t)
	cfg := queue.DefaultConfig()
	if _, err := s.Upsert(ctx, []exports.Record{rec("P", queue.StatusUnpaid, 9900), rec("Q", queue.StatusUnpaid, 9900)}); err != nil {
		t.Fatal(err)
	}
	type facts struct {
		platform                                               queue.Platform
		flash, shipping, answered, closed, optedOut, complaint bool
		touches, tried                                         uint8
		lastChannel                                            queue.Channel
	}
	want := map[string]facts{
		"P": {platform: queue.PlatformTaobao, flash: true, answered: true, complaint: true, touches: 255,
			tried: 1<<queue.ChannelIM | 1<<queue.ChannelPhone, lastChannel: queue.ChannelPhone},
		"Q": {platform: queue.PlatformJD, shipping: true, closed: true, optedOut: true, touches: 1,
			tried: 1 << queue.ChannelSMS, lastChannel: queue.ChannelSMS},
	}
	for id, w := range want {
		stored := int(w.touches)
		if stored == 255 {
			stored = 300 // more than a byte holds: read as 255
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE orders SET platform = ?, flash = ?, shipping = ?, answered = ?, closed = ?,
			touches = ?, tried = ?, last_channel = ?, seq = seq + 1 WHERE order_id = ?`, int(w.platform), b2i(w.flash),
			map[bool]int{true: 800}[w.shipping], b2i(w.answered), b2i(w.closed), stored, int(w.tried), int(w.lastChannel), id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE buyers SET opted_out = ?, complaint = ? WHERE nick = ?`,
			b2i(w.optedOut), b2i(w.complaint), "买家"+id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE meta SET v = v + 1 WHERE k = 'seq'`); err != nil {
		t.Fatal(err)
	}
	full, err := s.Snapshot(ctx, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := s.Changes(ctx, &cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]facts{}
	for _, o := range full.Orders {
		b := full.Buyers[o.Buyer]
		got["full "+o.ID] = facts{o.Platform, o.Flags&queue.FlagFlash != 0, o.Flags&queue.FlagShipping != 0, o.Contact.Answered,
			o.Contact.Closed, b.OptedOut, b.Complaint, o.Contact.Touches, o.Contact.Tried, o.Contact.LastChannel}
	}
	for _, c := range ch.Orders {
		o := c.Order
		got["changed "+o.ID] = facts{o.Platform, o.Flags&queue.FlagFlash != 0, o.Flags&queue.FlagShipping != 0, o.Contact.Answered,
			o.Contact.Closed, c.Buyer.OptedOut, c.Buyer.Complaint, o.Contact.Touches, o.Contact.Tried, o.Contact.LastChannel}
	}
	for id, w := range want {
		for _, how := range []string{"full ", "changed "} {
			if got[how+id] != w {
				t.Errorf("%s%s: got %+v, want %+v", how, id, got[how+id], w)
			}
		}
	}
}
