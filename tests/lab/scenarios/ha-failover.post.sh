# ha-failover.post.sh - the replication metrics scraped with Redis away and after the catch-up,
# validated by promtool (Debian's prometheus) and by prom_check.py
for f in metrics-away.prom metrics-caughtup.prom; do
	if [ ! -s "$f" ]; then
		lab_fail "metrics: $f was scraped" "missing or empty"
		continue
	fi
	if command -v promtool >/dev/null; then
		check "metrics: promtool check metrics accepts $f" sh -c "promtool check metrics <$f"
	else
		skip "metrics: promtool check metrics accepts $f" \
		    "promtool not installed (Debian package prometheus)"
	fi
	check "metrics: prom_check.py (strict format, mip6d conventions) accepts $f" \
	    python3 "$LAB_SRC/scenarios/prom_check.py" "$f"
done
