package data

import (
	"context"
	"database/sql"

	"cuifu/queue"
)

// Calendar is a store's own sale calendar: what a store was made for (the demo's sale day
// and its presale), which every command on the store adds to the config's calendar, so the
// store ranks the same whichever process opens it.
type Calendar struct {
	SaleDay string             // shop.sale_day's form (YYYY-MM-DD); "" = none
	Sales   []queue.SaleConfig // [[sale]] tables
}

// Empty reports whether the calendar has nothing to add.
func (c Calendar) Empty() bool { return c.SaleDay == "" && len(c.Sales) == 0 }

// Calendar returns the store's own sale calendar (empty for a store that has none).
func (s *Store) Calendar(ctx context.Context) (Calendar, error) {
	var c Calendar
	rows, err := s.db.QueryContext(ctx, `SELECT kind, name, start, ends, balance_start, balance_end FROM calendar ORDER BY id`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var sc queue.SaleConfig
		if err := rows.Scan(&kind, &sc.Name, &sc.Start, &sc.End, &sc.BalanceStart, &sc.BalanceEnd); err != nil {
			return c, err
		}
		if kind == calendarSaleDay {
			c.SaleDay = sc.Start
			continue
		}
		c.Sales = append(c.Sales, sc)
	}
	return c, rows.Err()
}

// SetCalendar replaces the store's own sale calendar with c.
func (s *Store) SetCalendar(ctx context.Context, c Calendar) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar`); err != nil {
			return err
		}
		if c.SaleDay != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar (kind, start) VALUES (?, ?)`, calendarSaleDay, c.SaleDay); err != nil {
				return err
			}
		}
		for _, sc := range c.Sales {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar (kind, name, start, ends, balance_start, balance_end) VALUES (?, ?, ?, ?, ?, ?)`,
				calendarSale, sc.Name, sc.Start, sc.End, sc.BalanceStart, sc.BalanceEnd); err != nil {
				return err
			}
		}
		return nil
	})
}

// The kinds of the calendar table's rows.
const (
	calendarSaleDay = "sale_day"
	calendarSale    = "sale"
)
