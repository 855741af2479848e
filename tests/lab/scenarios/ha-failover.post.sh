# ha-failover.post.sh - the replication metrics scraped with Redis away and after the catch-up,
# validated by promtool (Debian's prometheus) and by prom_check.py
check_prom metrics-away.prom
check_prom metrics-caughtup.prom
