package data

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync/atomic"
	"syscall"

	"cuifu/data/exports"
	"cuifu/queue"
)

// ImportRequest is one export file to import.
type ImportRequest struct {
	Path    string
	Options exports.Options
	// Event is the shift-log entry that records the import (its At, Operator and Session);
	// Kind and Note are filled in. It is written in the import's own transaction.
	Event queue.Event
	// Progress, when set, hears how many of the file's bytes are done after each batch.
	Progress func(done, total int64)
}

// ImportOptions are the reader's options under the shop's config: its time zone and its
// status words. PlatformUnknown detects the platform from the header.
func ImportOptions(cfg *queue.Config, p queue.Platform) exports.Options {
	return exports.Options{Platform: p, Location: cfg.Location, StatusMap: cfg.StatusWords(), StageMap: cfg.StageWords(), MaxAmount: cfg.Value.MaxOrder}
}

// NewImportRequest asks for the import of the file at path under the shop's config; ev says
// who imports it and when.
func NewImportRequest(cfg *queue.Config, p queue.Platform, path string, ev queue.Event) ImportRequest {
	return ImportRequest{Path: path, Options: ImportOptions(cfg, p), Event: ev}
}

// ImportReport is what one file's import did.
type ImportReport struct {
	File     string // the file's base name
	Result   *exports.Result
	Summary  Summary
	Rejected []exports.RowError // the reader's and the store's, in that order
}

// ImportNote is what an import's event keeps of it: the file, what it was, and the counts.
// The log stores it as JSON, not as a sentence: the replay says it in the reader's words.
type ImportNote struct {
	File      string `json:"file"`
	Platform  string `json:"platform"`
	Encoding  string `json:"encoding"`
	New       int    `json:"new"`
	Updated   int    `json:"updated"`
	NowPaid   int    `json:"now_paid"`
	NowClosed int    `json:"now_closed"`
	Unchanged int    `json:"unchanged"`
	Rejected  int    `json:"rejected"`
}

// Note is the report as the shift log keeps it.
func (r *ImportReport) Note() string {
	s := r.Summary
	return ImportNote{File: r.File, Platform: r.Result.Platform.String(), Encoding: r.Result.Encoding,
		New: s.New, Updated: s.Updated, NowPaid: s.NowPaid, NowClosed: s.NowClosed, Unchanged: s.Unchanged, Rejected: len(r.Rejected)}.Note()
}

// Note is the import's note as the shift log keeps it, which ParseImportNote reads.
func (n ImportNote) Note() string {
	b, _ := json.Marshal(n)
	return string(b)
}

// oldImportNote is the sentence an import's event kept before ImportNote.
var oldImportNote = regexp.MustCompile(`^(.*) \(([a-z]+), ([A-Z0-9-]+)\): (\d+) new, (\d+) updated, (\d+) now paid, (\d+) now closed, (\d+) unchanged, (\d+) rejected$`)

// ParseImportNote reads an import event's note, as Note writes it or as a store written
// before kept it; ok is false for any other note.
func ParseImportNote(s string) (n ImportNote, ok bool) {
	if json.Unmarshal([]byte(s), &n) == nil && n.File != "" {
		return n, true
	}
	m := oldImportNote.FindStringSubmatch(s)
	if m == nil {
		return ImportNote{}, false
	}
	c := make([]int, 6)
	for i := range c {
		c[i], _ = strconv.Atoi(m[4+i])
	}
	return ImportNote{File: m[1], Platform: m[2], Encoding: m[3], New: c[0], Updated: c[1], NowPaid: c[2], NowClosed: c[3],
		Unchanged: c[4], Rejected: c[5]}, true
}

// ImportFile imports one export file in one transaction, with its shift-log event. The file
// is decoded and mapped on a second goroutine while this one writes, so a big file costs
// about what the slower of the two costs. A file that cannot be read as an export is
// refused with a *exports.FileError and leaves the store as it was.
func (s *Store) ImportFile(ctx context.Context, req ImportRequest) (*ImportReport, error) {
	f, err := os.Open(req.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var total int64
	if st, err := f.Stat(); err == nil {
		if st.IsDir() { // refused by what it is, the same on every system
			return nil, &fs.PathError{Op: "read", Path: req.Path, Err: syscall.EISDIR}
		}
		total = st.Size()
	}
	im, err := s.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	im.at = req.Event.At // the store learns the file's facts when it is imported
	// Exports run 150 to 300 bytes a row: guess high, so a big file counts as big.
	if err := im.Expect(int(total / 150)); err != nil {
		im.Rollback()
		return nil, err
	}
	rep, err := im.readFrom(ctx, req, &countingReader{r: f}, total)
	if err == nil {
		req.Event.Kind = queue.EventImport
		req.Event.Note = rep.Note()
		err = s.appendTx(ctx, im.tx, &req.Event)
	}
	if err == nil {
		err = im.Commit()
	} else {
		im.Rollback()
	}
	if err != nil {
		var fe *exports.FileError
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", req.Path, err)
	}
	// An import changes many orders: save the queue's snapshot file, so the next load need
	// not merge them again.
	s.refreshSnapshot()
	return rep, nil
}

// readFrom runs the reader on its own goroutine and adds its batches here.
func (im *Import) readFrom(ctx context.Context, req ImportRequest, cr *countingReader, total int64) (*ImportReport, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []exports.Record, 2)
	var res *exports.Result
	var readErr error
	go func() {
		defer close(batches)
		res, readErr = exports.Read(req.Path, cr, req.Options, func(b []exports.Record) error {
			select {
			case batches <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var addErr error
	for b := range batches {
		if addErr != nil {
			continue // drain, so the reader can stop
		}
		if addErr = im.Add(b); addErr != nil {
			cancel()
			continue
		}
		if req.Progress != nil {
			req.Progress(cr.n.Load(), total)
		}
	}
	if addErr != nil {
		return nil, addErr
	}
	if readErr != nil {
		return nil, readErr
	}
	rep := &ImportReport{File: filepath.Base(req.Path), Result: res, Summary: im.Summary()}
	rep.Rejected = append(rep.Rejected, res.Errors...)
	for _, e := range im.Rejected() {
		e.File = req.Path
		rep.Rejected = append(rep.Rejected, e)
	}
	if req.Progress != nil {
		req.Progress(total, total)
	}
	return rep, nil
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
