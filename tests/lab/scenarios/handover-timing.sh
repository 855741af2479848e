# scenario handover-timing: sixteen handovers between f1 and f2 with route optimization; the wire's split of each (link-up, RA, BU, BA, the correspondent's BA) and their spread
# lab-topology: standard mn=f1
# lab-timeout: 200
#
# Issue 17, item 4: from link-up on the new link to the home agent's BA, and the correspondent
# following (RFC 6275 11.5.1 movement detection, 11.7.1 the BU at once, 11.6 return
# routability from the new care-of address).  radvd answers Router Solicitations at once; the
# lab's kernel has no optimistic DAD (CONFIG_IPV6_OPTIMISTIC_DAD), so DAD is off and the
# address is usable when the kernel forms it.  handover-timing.post.sh times each handover
# from the captures (tshark) and prints p50, p90 and the largest; it fails no check on time:
# the lab's kernel stalls a whole tick (10 ms) now and then wherever it is.

HOA=2001:db8:1::100
COA1=$(node_addr mn eth0 "$LAB_PREFIX_f1")
COA2=$(node_addr mn eth0 "$LAB_PREFIX_f2")
ROUNDS=${LAB_ARG_ROUNDS:-8}

conf_ha ha.conf
conf_cn cn.conf route-optimization=yes
conf_mn mn.conf hoa=$HOA iface=eth0 "peer $CN_ADDR/128 { route-optimization = yes }"

bul_field() {	# bul_field TYPE FIELD: the field of mn's entry of that type (home, cn)
	ctl mn -j bul | json_eval "next((e['$2'] for e in d.get('entries', []) if e['type'] == '$1'), '')"
}
# both bindings at coa, the correspondent's direct (its BA came back)
ro_at() {
	[ "$(bul_field home state)" = registered ] && [ "$(bul_field home care-of-address)" = "$1" ] &&
	    [ "$(bul_field cn state)" = registered ] && [ "$(bul_field cn care-of-address)" = "$1" ] &&
	    [ "$(bul_field cn direct)" = true ]
}

check "mip6d starts as home agent" mip6d_start ha "$RESULTS/ha.conf"
check "mip6d starts as correspondent node" mip6d_start cn "$RESULTS/cn.conf"
check_wait "mn has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
check "mip6d starts as mobile node" mip6d_start mn "$RESULTS/mn.conf"
check_wait "mn is registered from f1 at the home agent and cn" 15 ro_at "$COA1"

echo "$HOA $COA1 $COA2" >addresses
: >moves
# Each handover ends at the correspondent's binding-moved event, waited for by mip6d-ctl wait
# (started before the move, and blocked on its socket during it): nothing of the lab runs
# while the handover does.  A scenario polling mip6d-ctl and Python there cost the lab's
# kernel, which preempts a process only at its 10 ms tick, a tick in most handovers.
ok=0 n=0
for round in $(seq "$ROUNDS"); do
	for to in f2 f1; do
		case $to in f1) coa=$COA1 ;; f2) coa=$COA2 ;; esac
		n=$((n + 1))
		rm -f "wait.$n"
		ctl cn -t 10 wait binding-moved role=cn "home-address=$HOA" \
		    "care-of-address=$coa" >"wait.$n" 2>&1 &
		wpid=$!
		wait_until 5 grep -q '^waiting for' "wait.$n"
		# the pcaps' clock: the kernel's wall clock
		echo "$to $coa $(date +%s.%N)" >>moves
		mn_move "$to"
		if wait "$wpid"; then
			ok=$((ok + 1))
		else
			note "handover $n to $to: $(tail -1 "wait.$n")"
		fi
		# mip6d's own figure: from the link's carrier to the home registration
		ctl mn -j status | json_eval "d['mobile-node']['home-addresses'][0].get('last-handover-ms', '')" \
		    >>moves.mip6d
	done
done
check_eq "every handover ends with cn's binding moved to the new care-of address (mip6d-ctl wait)" "$n" "$ok"
check "mn is registered at the home agent and cn, direct, from f1 at the end" ro_at "$COA1"
check "the mobile node stops cleanly" mip6d_stop mn
check "the correspondent stops cleanly" mip6d_stop cn
check "the home agent stops cleanly" mip6d_stop ha
