package scripts

import "cuifu/queue"

// abFirst puts first one of the candidates that tie for best, chosen by a stable hash of
// the buyer, and keeps the others in their order behind it. With [report] ab on, buyers of
// one segment are split evenly and for good between its equally fitting scripts, so
// `cuifu report --by script` compares like with like; the specialist can still pick
// another. score gives a candidate's fit; cands are sorted best first.
func abFirst[T any](cands []T, score func(T) int, r *Request) {
	if !r.Config.Report.AB || len(cands) < 2 {
		return
	}
	k := 1
	for k < len(cands) && score(cands[k]) == score(cands[0]) {
		k++
	}
	if k < 2 {
		return
	}
	// Another salt than the holdout's, so which script a buyer gets does not depend on how
	// near the buyer came to being held out.
	i := int(queue.HoldoutPoint("ab|"+r.Config.Holdout.Salt, r.Order.Platform, r.Buyer.Nick) * float64(k))
	c := cands[i]
	copy(cands[1:i+1], cands[:i])
	cands[0] = c
}
