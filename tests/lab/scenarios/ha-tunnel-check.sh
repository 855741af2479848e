# scenario ha-tunnel-check: the home agent forwards reverse-tunnelled packets only from the binding's care-of address, and runs DAD from ::
# lab-topology: standard mn=f1
# lab-timeout: 300
#
# The mn namespace runs no mip6d: tests/lab/ha_tunnel_check.py is a mobile node written with
# Scapy on foreign link 1, with two addresses there (its care-of address and another).  It
# sends IPv6-in-IPv6 echo requests for its home address to cn from the right and from wrong
# outer sources while its binding is made, moved, removed and expires; the home agent's eBPF
# check (on its shared tunnel device) must pass the right ones and drop and count the others
# (RFC 6275 10.4.5).  The first registrations run DAD; ha-tunnel-check.post.sh checks every
# probe on the home link: from ::, one per home address (and its link-local twin with L=1).

HOA=2001:db8:1::c0:1
HOA_EXP=2001:db8:1::c0:2
HOA_LL=2001:db8:1::c0:3
ALT_COA=2001:db8:2::a17
echo "$HOA $HOA_EXP $HOA_LL" >"$RESULTS/addresses"

conf_ha "$LAB_RUN/ha.conf" max-binding-lifetime=1000 dad=yes

t0=$(lab_now)
check "mip6d starts as home agent" mip6d_start ha "$LAB_RUN/ha.conf"
note "the home agent started in $(lab_elapsed "$t0" "$(lab_now)") s (with loading the check)"
check "the reverse-tunnel check is attached to the shared tunnel device" \
    grep -q "reverse-tunnel check attached" "$RESULTS/mip6d-ha.log"
check "a tc filter sits on the ingress of mip6ha" \
    sh -c "tc -n ha filter show dev mip6ha ingress | grep -q 'bpf'"
check_wait "the tester has its care-of address on f1" 5 node_has_addr mn "$LAB_PREFIX_f1"
ip -n mn addr add "$ALT_COA/64" dev eth0 nodad

lab_peer ha_tunnel_check.py tester in_ns mn /usr/bin/python3 "$LAB_SRC/ha_tunnel_check.py" \
    --iface eth0 --mac 02:00:00:00:03:00 --coa "$(node_addr mn eth0 "$LAB_PREFIX_f1")" \
    --alt-coa "$ALT_COA" --router-mac 02:00:00:00:02:01 --ha "$HA_ADDR" --cn "$CN_ADDR" \
    --ctl "$MIP6D_CTL" --sock "$(mip6d_sock ha)" \
    --hoa "$HOA" --hoa-expiring "$HOA_EXP" --hoa-ll "$HOA_LL"

status=$(ctl ha --json status)
check_eq "HA_2_3_1 every DAD probe was sent (no err.nd-send)" 0 \
    "$(echo "$status" | json_eval 'd["counters"].get("err.nd-send", 0)')"
check_eq "HA_2_3_2 four probes ended free (three home addresses and one link-local twin)" 4 \
    "$(echo "$status" | json_eval 'd["counters"].get("nd.dad-ok", 0)')"
check_eq "the status shows the drops: 2 from a wrong care-of address, 2 without a binding" \
    "2 2" "$(echo "$status" | json_eval '"%d %d" % (d["counters"].get("drop.reverse-tunnel-wrong-coa", 0), d["counters"].get("drop.reverse-tunnel-no-binding", 0))')"
check "mip6d-ctl status shows the counters in its table" \
    sh -c "'$MIP6D_CTL' -s '$(mip6d_sock ha)' status | grep -q 'reverse-tunnel-wrong-coa'"
mip6d_stop ha
check_eq "mip6d exits 0 on SIGTERM" 0 "$MIP6D_EXIT"
check_fail "nothing of the check stays: the tunnel device (and its filter) is gone" \
    ip -n ha link show mip6ha
