package data

import (
	"context"
	"database/sql"
	"encoding/json"
)

// One SMS per buyer in any rolling window, counted across platforms where the phone is the
// same: a buyer's phone_sms_at is the latest SMS (sms_at) of the other buyers with the same
// full phone number, and the snapshot gives the queue the later of the two as the buyer's
// last SMS. It is kept where the SMS times or the phones change: an SMS logged, a revoke
// folded, an import's phones.

// usablePhone is the SQL test that the phone in column col can be texted, as the store
// keeps phones (normalized: digits only for a full number), like queue.PhoneUsable: at least
// 7 digits and nothing else. A masked number names nobody in particular.
func usablePhone(col string) string {
	return `(` + col + ` GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' AND NOT ` + col + ` GLOB '*[^0-9]*')`
}

// samePhoneSMS is the statement that sets phone_sms_at of the buyers whose phone is in the
// SQL list phones, stamped with seq (an SQL expression), changing only rows it changes.
func samePhoneSMS(phones, seq string) string {
	return `UPDATE buyers SET phone_sms_at = n.v, seq = ` + seq + ` FROM (
		SELECT b.id, CASE WHEN ` + usablePhone("b.phone") + ` THEN coalesce((SELECT max(b2.sms_at) FROM buyers b2
				WHERE b2.phone = b.phone AND b2.phone != '' AND b2.id != b.id), 0) ELSE 0 END AS v
		FROM buyers b WHERE b.phone IN ` + phones + ` AND b.phone != ''
			AND (EXISTS (SELECT 1 FROM buyers b3 WHERE b3.phone = b.phone AND b3.sms_at != 0) OR b.phone_sms_at != 0)) n
	WHERE buyers.id = n.id AND buyers.phone_sms_at != n.v`
}

// samePhoneSMSTx brings phone_sms_at up to date for every buyer whose phone is one of
// phones, under the change sequence seq (every buyer it changes is reloaded by a cache).
func samePhoneSMSTx(ctx context.Context, tx *sql.Tx, seq int64, phones ...string) error {
	var keep []string
	for _, p := range phones {
		if p != "" {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	js, err := json.Marshal(keep)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, samePhoneSMS("(SELECT value FROM json_each(?2))", "?1"), seq, string(js))
	return err
}
