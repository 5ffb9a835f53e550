package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"cuifu/data"
	"cuifu/data/demo"
	"cuifu/queue"
)

func main() {
	ctx := context.Background()
	path := os.Args[1]
	os.Remove(path)
	cfg, _ := queue.ParseConfig([]byte("[holdout]\nshare = 0.2\nsalt = \"x\"\n[report]\nmin_orders = 20\n"))
	s, err := data.Open(ctx, path)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	s.SetLocation(cfg.Location)
	s.SetShop(&cfg)
	now := time.Date(2026, 11, 11, 22, 0, 0, 0, cfg.Location)
	recs := demo.Generate(3000, 7, now, cfg.Location)
	if _, err := s.Upsert(ctx, recs); err != nil {
		panic(err)
	}
	if err := demo.SeedHistory(ctx, s, recs, 7, now, cfg.Location); err != nil {
		panic(err)
	}
	fmt.Println("ok")
}
