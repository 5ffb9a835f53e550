package queue

// owner returns who chases the order: the reception agent named by the export (谁接待谁催付),
// or for a silent order the roster's specialist of the hour it was placed in, or -1.
func (ev *evaluator) owner(o *Order) int32 {
	if o.Agent >= 0 || len(ev.roster) == 0 {
		return o.Agent
	}
	hour := floorDiv(o.Created+ev.zone.off, 3600)
	return ev.roster[floorMod(hour, int64(len(ev.roster)))]
}
