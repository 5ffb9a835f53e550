package data

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"cuifu/queue"
)

// The snapshot file is a compact copy of the last full snapshot, saved beside the store
// (STORE.snap). Reading a million orders through SQLite takes seconds; reading this file and
// merging the few orders changed since it was saved takes a fraction of one. It is only a
// cache: the store is the truth, the file names the point of the store's history it
// reflects (snapMark), and any doubt (another store, a restored or copied store that went
// another way since, a damaged or old-format file, too many changes since) means a full
// load, which writes a new file.
//
// Layout, little-endian: magic, version, store id, seq, token, flags, then one blob holding every string,
// then the counts and the fixed-size records of operators, titles, buyers, orders and the
// buyers' recent contacts, then a CRC-32C of everything before it. Records point into the
// blob, so loading makes one string for all the text instead of millions of small ones, and
// reads the file as a stream.

const snapMagic = "CUIFUSNAP"

const snapVersion = 12 // 2: the token of the seq; 3: a buyer's last SMS as a time, not a day; 4: an order's deposit; 5: items signatures; 6: a wrong number is the buyer's; 7: the first touch; 8: an SMS to the same phone on another platform; 9: the buyers' recent contacts; 10: whether it holds them (the header's flags), their times as uint32; 11: who logged an order's last touch; 12: the orders laid out (queue's canonical order), not in store order

const (
	buyerRec = 4*4 + 4 + 4 + 4 + 1 + 1                                                               // nick, phone, paid, sms day, cushions, flags
	touchRec = 4 + 4                                                                                 // a buyer's contact: the buyer, the time
	orderRec = 4 + 2 + 4 + 8*3 + 4 + 4 + 1 + 1 + 4 + 2 + 8*3 + 4 + 4 + 4 + 1 + 1 + 1 + 1 + 1 + 1 + 2 // see putOrder
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// snapPath is where the snapshot file of the store at path lives.
func snapPath(path string) string { return path + ".snap" }

// writeSnapshot writes s as a snapshot file of the store's state m (s.Seq is m.seq). The
// records stream out through a small buffer: only the string blob, which must come first,
// is held whole.
func writeSnapshot(w io.Writer, s *queue.Snapshot, m snapMark) error {
	titles := map[string]uint32{}
	var titleList []string
	for i := range s.Orders {
		if _, ok := titles[s.Orders[i].Title]; !ok {
			titles[s.Orders[i].Title] = uint32(len(titleList))
			titleList = append(titleList, s.Orders[i].Title)
		}
	}
	// The blob holds every string in the order the records below name them, so a running
	// offset (ref) finds each one again.
	var blob strings.Builder
	for _, list := range [][]string{s.Operators, titleList} {
		for _, str := range list {
			blob.WriteString(str)
		}
	}
	for i := range s.Buyers {
		blob.WriteString(s.Buyers[i].Nick)
		blob.WriteString(s.Buyers[i].Phone)
	}
	for i := range s.Orders {
		blob.WriteString(s.Orders[i].ID)
	}
	next := 0
	ref := func(str string) (uint32, uint32) {
		off := next
		next += len(str)
		return uint32(off), uint32(len(str))
	}
	crc := crc32.New(crcTable)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	le := binary.LittleEndian
	b := make([]byte, 0, 64)
	b = append(b, snapMagic...)
	b = le.AppendUint32(b, snapVersion)
	b = le.AppendUint64(b, uint64(m.storeID))
	b = le.AppendUint64(b, uint64(s.Seq))
	b = le.AppendUint64(b, uint64(m.token))
	b = le.AppendUint32(b, snapFlags(s))
	b = le.AppendUint64(b, uint64(blob.Len()))
	bw.Write(b)
	bw.WriteString(blob.String())
	put := func() { bw.Write(b); b = b[:0] } // bufio keeps the first error for Flush
	b = b[:0]
	putStrings := func(list []string) {
		b = le.AppendUint32(b, uint32(len(list)))
		put()
		for _, str := range list {
			off, n := ref(str)
			b = le.AppendUint32(b, off)
			b = le.AppendUint32(b, n)
			put()
		}
	}
	putStrings(s.Operators)
	putStrings(titleList)
	b = le.AppendUint32(b, uint32(len(s.Buyers)))
	put()
	for i := range s.Buyers {
		u := &s.Buyers[i]
		off, n := ref(u.Nick)
		b = le.AppendUint32(b, off)
		b = le.AppendUint32(b, n)
		off, n = ref(u.Phone)
		b = le.AppendUint32(b, off)
		b = le.AppendUint32(b, n)
		b = le.AppendUint32(b, uint32(u.Paid))
		b = le.AppendUint32(b, u.SMSAt)
		b = le.AppendUint32(b, u.Cushions)
		b = append(b, b2u(u.OptedOut), b2u(u.Complaint))
		put()
	}
	b = le.AppendUint32(b, uint32(len(s.Orders)))
	put()
	for i := range s.Orders {
		o := &s.Orders[i]
		c := &o.Contact
		off, n := ref(o.ID)
		b = le.AppendUint32(b, off)
		b = le.AppendUint16(b, uint16(n))
		b = le.AppendUint32(b, titles[o.Title])
		b = le.AppendUint64(b, uint64(o.Amount))
		b = le.AppendUint64(b, uint64(o.Created))
		b = le.AppendUint64(b, uint64(o.Deadline))
		b = le.AppendUint32(b, uint32(o.Buyer))
		b = le.AppendUint32(b, uint32(o.Agent))
		b = append(b, byte(o.Platform))
		b = append(b, byte(o.Flags&^queue.FlagCallAverse)) // the config decides that one at load
		b = le.AppendUint32(b, uint32(o.Deposit))
		b = le.AppendUint16(b, o.Items)
		b = le.AppendUint64(b, uint64(c.LastAt))
		b = le.AppendUint64(b, uint64(c.Until))
		b = le.AppendUint64(b, uint64(c.ClaimUntil))
		b = le.AppendUint32(b, uint32(c.ClaimBy))
		b = le.AppendUint32(b, uint32(c.CallbackOwner))
		b = le.AppendUint32(b, uint32(c.LastBy))
		b = append(b, c.Touches, c.Tried, byte(c.LastChannel), byte(c.LastResult), b2u(c.Answered), b2u(c.Closed))
		b = le.AppendUint16(b, c.FirstAgo)
		put()
	}
	n := 0
	s.Contacts.Each(func(_ int32, at []uint32) { n += len(at) })
	b = le.AppendUint32(b, uint32(n))
	put()
	s.Contacts.Each(func(bi int32, at []uint32) { // in buyer order: the same snapshot, the same file
		for _, t := range at {
			b = le.AppendUint32(b, uint32(bi))
			b = le.AppendUint32(b, t)
			put()
		}
	})
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(le.AppendUint32(nil, crc.Sum32()))
	return err
}

func b2u(v bool) byte {
	if v {
		return 1
	}
	return 0
}

var errSnapFile = errors.New("snapshot file unusable")

// snapReader reads a snapshot file as a stream, so loading never holds the whole file in
// memory (touching that much fresh memory costs more than reading it). Fields are read a
// record at a time: record returns the next n bytes, and a cursor parses them. A short file
// gives zeros from then on and sets err.
type snapReader struct {
	r    *bufio.Reader
	left int64     // bytes of the file not read yet
	zero [128]byte // what a short file reads as; longer than any record
	err  error
}

func (r *snapReader) record(n int) cursor {
	if r.err == nil {
		if b, err := r.r.Peek(n); err == nil {
			r.r.Discard(n) // cannot fail after a successful Peek of n
			r.left -= int64(n)
			return cursor{b: b}
		}
		r.err = errSnapFile
	}
	return cursor{b: r.zero[:n]}
}

func (r *snapReader) u32() uint32 { c := r.record(4); return c.u32() }
func (r *snapReader) u64() uint64 { c := r.record(8); return c.u64() }
func (r *snapReader) fail()       { r.err = errSnapFile }

func (r *snapReader) fits(n int64) bool { return n >= 0 && n <= r.left }

// count reads a record count and checks that that many records of size each can follow.
func (r *snapReader) count(each int) int {
	n := int64(r.u32())
	if !r.fits(n * int64(each)) {
		r.fail()
		return 0
	}
	return int(n)
}

// cursor parses one record's fields in order.
type cursor struct {
	b []byte
	p int
}

func (c *cursor) u8() byte { v := c.b[c.p]; c.p++; return v }
func (c *cursor) u16() uint16 {
	v := binary.LittleEndian.Uint16(c.b[c.p:])
	c.p += 2
	return v
}
func (c *cursor) u32() uint32 {
	v := binary.LittleEndian.Uint32(c.b[c.p:])
	c.p += 4
	return v
}
func (c *cursor) u64() uint64 {
	v := binary.LittleEndian.Uint64(c.b[c.p:])
	c.p += 8
	return v
}

// readSnapFile reads the snapshot file at path. It returns the point of the store's
// history the file was made at; the caller checks it.
func readSnapFile(path string, cfg *queue.Config) (*queue.Snapshot, snapMark, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, snapMark{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, snapMark{}, err
	}
	return decodeSnapshot(f, st.Size(), cfg)
}

// snapHeaderLen is the size of the file's header: magic, version, store id, seq, token and
// flags.
const snapHeaderLen = len(snapMagic) + 4 + 8 + 8 + 8 + 4

// snapHasContacts is the header's flag of a file that holds the buyers' recent contacts (a
// snapshot loaded under a config with the daily cap): a file without them is no snapshot
// for such a config.
const snapHasContacts = 1

// snapFlags returns the header's flags for s.
func snapFlags(s *queue.Snapshot) uint32 {
	if s.Contacts.Loaded {
		return snapHasContacts
	}
	return 0
}

// header reads the file's header: the point of the store's history the file reflects, and
// its flags.
func (r *snapReader) header() (m snapMark, flags uint32, ok bool) {
	if magic := r.record(len(snapMagic)); string(magic.b) != snapMagic || r.u32() != snapVersion {
		return m, 0, false
	}
	m.storeID, m.seq, m.token = int64(r.u64()), int64(r.u64()), int64(r.u64())
	flags = r.u32()
	return m, flags, r.err == nil
}

// readSnapHeader reads only the header of the snapshot file at path: the point of the
// store's history it reflects, and its flags. The rest of the file is not checked.
func readSnapHeader(path string) (snapMark, uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return snapMark{}, 0, err
	}
	defer f.Close()
	r := &snapReader{r: bufio.NewReaderSize(f, 64), left: int64(snapHeaderLen)}
	m, flags, ok := r.header()
	if !ok {
		return snapMark{}, 0, errSnapFile
	}
	return m, flags, nil
}

// decodeSnapshot reads a snapshot file of size bytes from f.
func decodeSnapshot(f io.Reader, size int64, cfg *queue.Config) (*queue.Snapshot, snapMark, error) {
	var none snapMark
	if size < int64(len(snapMagic))+4+4 {
		return nil, none, errSnapFile
	}
	crc := crc32.New(crcTable)
	// The checksum covers all but its own last 4 bytes.
	body := io.TeeReader(io.LimitReader(f, size-4), crc)
	r := &snapReader{r: bufio.NewReaderSize(body, int(min(size, 1<<20))), left: size - 4}
	mark, flags, ok := r.header()
	if !ok {
		return nil, none, errSnapFile
	}
	s := &queue.Snapshot{Seq: mark.seq}
	blobLen := int64(r.u64())
	if !r.fits(blobLen) {
		return nil, none, errSnapFile
	}
	// Every string of the snapshot is a slice of this one (Builder.String does not copy).
	var bb strings.Builder
	bb.Grow(int(blobLen))
	if _, err := io.CopyN(&bb, r.r, blobLen); err != nil {
		return nil, none, errSnapFile
	}
	r.left -= blobLen
	blob := bb.String()
	str := func(off, n uint32) string {
		if uint64(off)+uint64(n) > uint64(len(blob)) {
			r.fail()
			return ""
		}
		return blob[off : off+n]
	}
	readStrings := func() []string {
		list := make([]string, r.count(8))
		for i := range list {
			c := r.record(8)
			list[i] = str(c.u32(), c.u32())
		}
		return list
	}
	s.Operators = readStrings()
	titles := readStrings()
	averse := make([]bool, len(titles))
	for i, t := range titles {
		averse[i] = CallAverse(t, cfg.Channel.CallAverse)
	}
	nb := r.count(buyerRec)
	s.Buyers = make([]queue.Buyer, nb, withRoom(nb))
	for i := range s.Buyers {
		u, f := &s.Buyers[i], r.record(buyerRec)
		u.Nick = str(f.u32(), f.u32())
		u.Phone = str(f.u32(), f.u32())
		u.Paid = int32(f.u32())
		u.SMSAt = f.u32()
		u.Cushions = f.u32()
		u.OptedOut, u.Complaint = f.u8() != 0, f.u8() != 0
	}
	no := r.count(orderRec)
	s.Orders = make([]queue.Order, no, withRoom(no))
	nb, nops := len(s.Buyers), len(s.Operators)
	for i := range s.Orders {
		o := &s.Orders[i]
		c := &o.Contact
		f := r.record(orderRec)
		o.ID = str(f.u32(), uint32(f.u16()))
		t := f.u32()
		if int(t) >= len(titles) {
			return nil, none, errSnapFile
		}
		o.Title = titles[t]
		o.Amount = queue.Fen(f.u64())
		o.Created = int64(f.u64())
		o.Deadline = int64(f.u64())
		o.Buyer = int32(f.u32())
		o.Agent = int32(f.u32())
		o.Platform = queue.Platform(f.u8())
		o.Flags = queue.OrderFlags(f.u8())
		o.Deposit = int32(f.u32())
		o.Items = f.u16()
		if averse[t] {
			o.Flags |= queue.FlagCallAverse
		}
		c.LastAt = int64(f.u64())
		c.Until = int64(f.u64())
		c.ClaimUntil = queue.UnixTime(int64(f.u64()))
		c.ClaimBy = int32(f.u32())
		c.CallbackOwner = int32(f.u32())
		c.LastBy = int32(f.u32())
		c.Touches, c.Tried = f.u8(), f.u8()
		c.LastChannel, c.LastResult = queue.Channel(f.u8()), queue.Result(f.u8())
		c.Answered, c.Closed = f.u8() != 0, f.u8() != 0
		c.FirstAgo = f.u16()
		if o.Buyer < 0 || int(o.Buyer) >= nb || o.Agent < -1 || int(o.Agent) >= nops ||
			c.ClaimBy < -1 || int(c.ClaimBy) >= nops || c.CallbackOwner < 0 || int(c.CallbackOwner) > nops ||
			c.LastBy < 0 || int(c.LastBy) > nops {
			return nil, none, errSnapFile
		}
	}
	// The contacts are the file's when it holds them, and the config keeps them; they come
	// buyer by buyer, oldest first.
	keep := flags&snapHasContacts != 0 && cfg.KeepsContacts()
	s.Contacts.Loaded = keep
	var run []uint32
	last, lastAt := int32(-1), uint32(0)
	for range r.count(touchRec) {
		f := r.record(touchRec)
		bi, at := int32(f.u32()), f.u32()
		if bi < 0 || int(bi) >= nb || bi < last || bi == last && at < lastAt {
			return nil, none, errSnapFile
		}
		if keep && bi != last && last >= 0 {
			s.Contacts.Set(last, run)
			run = run[:0]
		}
		if keep {
			run = append(run, at)
		}
		last, lastAt = bi, at
	}
	if keep && last >= 0 {
		s.Contacts.Set(last, run)
		s.Contacts.Fit()
	}
	if r.err != nil || r.left != 0 {
		return nil, none, errSnapFile
	}
	var sum [4]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil || binary.LittleEndian.Uint32(sum[:]) != crc.Sum32() {
		return nil, none, errSnapFile
	}
	s.CountOpen()
	return s, mark, nil
}

// withRoom is the capacity to give a snapshot's n orders or buyers read from the file: the
// changes merged next append to them, and growing a million-order slice copies it all into
// fresh memory. The room is not touched, so it costs address space, not memory.
func withRoom(n int) int { return n + n/8 + 1024 }

// writeSnapFile saves s beside the store, replacing the file at once (a reader sees the old
// file or the new one, never half of one). It is a cache: a failure is not an error.
func writeSnapFile(path string, s *queue.Snapshot, m snapMark) {
	if tmp := writeSnapTemp(path, s, m); tmp != "" {
		placeSnapFile(tmp, path, true)
	}
}

// snapTempPrefix starts the names of the temporary files a save of the snapshot file at
// path writes: the writer's process id follows, so a file whose writer is gone can be told.
func snapTempPrefix(path string) string { return filepath.Base(path) + ".tmp" }

// writeSnapTemp writes s to a new file beside path and returns its name, or "" on failure.
func writeSnapTemp(path string, s *queue.Snapshot, m snapMark) string {
	f, err := os.CreateTemp(filepath.Dir(path), snapTempPrefix(path)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return ""
	}
	err = writeSnapshot(f, s, m)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o600) // it holds buyers' phones, like the store
	}
	if err != nil {
		os.Remove(f.Name())
		return ""
	}
	return f.Name()
}

// removeDeadSnapTemps removes the temporary files of saves of the snapshot file at path
// that never finished: their writer was killed. They hold buyers' phones, and nothing else
// would ever remove them. A file whose writer still runs is left alone, unless it is older
// than any save takes (its process id may have been given to another process since).
func removeDeadSnapTemps(path string) {
	dir, prefix := filepath.Dir(path), snapTempPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		info, ierr := e.Info()
		old := ierr == nil && time.Since(info.ModTime()) > snapTempMaxAge
		if err != nil || old || (pid != os.Getpid() && !processAlive(pid)) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// snapTempMaxAge is longer than any save of the snapshot file takes.
const snapTempMaxAge = time.Hour

// placeSnapFile moves a written temporary file to path when keep is true, and removes it
// otherwise.
func placeSnapFile(tmp, path string, keep bool) {
	if !keep || os.Rename(tmp, path) != nil {
		os.Remove(tmp)
	}
}
