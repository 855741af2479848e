/* tunnel_check.bpf.c - the home agent's reverse-tunnel source check (RFC 6275 10.4.5), a tc
 * classifier on the ingress of the shared external-mode ip6tnl device, and (binding-routes = no)
 * the send side's lookup of the same map, on the route of each home prefix.
 *
 * A packet decapsulated there passes only when its inner source is the home address of a
 * binding and its outer source that binding's care-of address; any other is dropped and
 * counted, so that no node can send through the home agent in a mobile node's name (and escape
 * ingress filtering) without knowing where that mobile node is.  One hash lookup per packet at
 * any number of bindings; the daemon keeps the map (home address -> care-of address) in step
 * with its binding cache.  Built with clang -target bpf, without CO-RE: only UAPI headers and
 * helpers, no kernel type information needed.
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "tunnel_check.h"

struct addr6 {
	__u32	w[4];
};

/*
 * What the map holds per home address: the care-of address the reverse-tunnel check compares,
 * and the home agent address to tunnel from.  The source is unspecified while the binding
 * waits for DAD: its packets from the care-of address already pass the check, but nothing is
 * tunnelled to it before it is accepted.
 */
struct binding {
	struct addr6	coa;
	struct addr6	src;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	/*
	 * Preallocated: an update never fails for memory once the map exists (without it,
	 * elements come from per-CPU caches refilled asynchronously, and a burst of updates,
	 * such as the copy when the map grows, meets ENOMEM).  The loader starts it small and
	 * grows it with the binding cache.
	 */
	__uint(max_entries, 1);
	__type(key, struct addr6);	/* home address */
	__type(value, struct binding);
} mip6_hoa_coa SEC(".maps");

/* Mobile network prefixes (RFC 3963 6.6): packets from a mobile router's networks, looked up
 * only when the inner source is no home address.  A trie costs memory per entry only. */
struct mnp_key {
	__u32		plen;
	struct addr6	addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, TUNNEL_CHECK_MAX_PREFIXES);
	__type(key, struct mnp_key);
	__type(value, struct addr6);	/* the mobile router's care-of address */
} mip6_mnp_coa SEC(".maps");

/* TUNNEL_XMIT_DEV: the ifindex of the shared tunnel device (set by the loader) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TUNNEL_XMIT_NCONF);
	__type(key, __u32);
	__type(value, __u32);
} mip6_xmit_conf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TUNNEL_CHECK_NCOUNTS);
	__type(key, __u32);
	__type(value, __u64);
} mip6_tc_counts SEC(".maps");

static __always_inline int
count(__u32 what, int verdict)
{
	__u64 *c = bpf_map_lookup_elem(&mip6_tc_counts, &what);

	if (c != NULL)
		*c += 1;	/* per CPU: no atomic needed */
	return verdict;
}

SEC("tc")
int
mip6_tunnel_check(struct __sk_buff *skb)
{
	struct bpf_tunnel_key key = { 0 };
	struct mnp_key mk;
	struct binding *b;
	struct addr6 src, *coa = NULL;

	/* the device carries IPv6 in IPv6 only: anything else is not a mobile node's */
	if (skb->protocol != bpf_htons(ETH_P_IPV6))
		return count(TUNNEL_CHECK_NO_BINDING, TC_ACT_SHOT);
	/* the device has no link-layer header: the inner IPv6 header is at 0, its source at 8 */
	if (bpf_skb_load_bytes(skb, 8, &src, sizeof(src)) < 0)
		return count(TUNNEL_CHECK_NO_BINDING, TC_ACT_SHOT);
	/* The size up to tunnel_label is the one every kernel since 4.6 accepts. */
	if (bpf_skb_get_tunnel_key(skb, &key, offsetof(struct bpf_tunnel_key, tunnel_label),
	    BPF_F_TUNINFO_IPV6) < 0)
		return count(TUNNEL_CHECK_NO_BINDING, TC_ACT_SHOT);
	b = bpf_map_lookup_elem(&mip6_hoa_coa, &src);
	if (b != NULL)
		coa = &b->coa;
	else {
		mk.plen = 128;
		mk.addr = src;
		coa = bpf_map_lookup_elem(&mip6_mnp_coa, &mk);
	}
	if (coa == NULL)
		return count(TUNNEL_CHECK_NO_BINDING, TC_ACT_SHOT);
	if (coa->w[0] != key.remote_ipv6[0] || coa->w[1] != key.remote_ipv6[1] ||
	    coa->w[2] != key.remote_ipv6[2] || coa->w[3] != key.remote_ipv6[3])
		return count(TUNNEL_CHECK_WRONG_COA, TC_ACT_SHOT);
	return count(TUNNEL_CHECK_PASSED, TC_ACT_OK);
}

/*
 * The send side (RFC 6275 10.4.2), an lwt xmit program on the routes of each home prefix: a
 * packet for a home address with an accepted binding leaves through the tunnel device, from
 * the home agent address to the care-of address, and any other goes on to the link: through
 * the home link's route (BPF_OK), or, on the route of what arrived on the home link (through
 * the tunnel device), routed again from the main table.  One route per home prefix instead of one per binding: each XFRM policy
 * insert walks every IPv6 route of the namespace (doc/scale.md), so the route table must not
 * grow with the bindings.
 */
SEC("lwt_xmit")
int
mip6_home_xmit(struct __sk_buff *skb)
{
	struct bpf_tunnel_key key = { 0 };
	struct binding *b;
	struct addr6 dst;
	__u32 slot = TUNNEL_XMIT_DEV, *dev;

	/* lwt xmit: the packet starts at its IPv6 header; the destination is at 24 */
	if (skb->protocol != bpf_htons(ETH_P_IPV6) ||
	    bpf_skb_load_bytes(skb, 24, &dst, sizeof(dst)) < 0)
		return BPF_OK;
	dev = bpf_map_lookup_elem(&mip6_xmit_conf, &slot);
	if (dev == NULL || *dev == 0)
		return BPF_OK;
	/*
	 * What arrived on a home link (the route through the tunnel device) and is a Neighbour
	 * Solicitation, sent to the address itself (NUD): answered by whoever proxies the home
	 * address (mip6d's packet socket has it already, nd-proxy = mip6d), never tunnelled to
	 * the mobile node nor sent back onto the link.  An NS has no extension header (RFC 4861
	 * 7.1.1): its type is at 40.
	 */
	if (skb->ifindex == *dev) {
		__u8 nh, type;

		if (bpf_skb_load_bytes(skb, 6, &nh, 1) == 0 && nh == 58 /* ICMPv6 */ &&
		    bpf_skb_load_bytes(skb, 40, &type, 1) == 0 && type == 135)
			return BPF_DROP;
	}
	b = bpf_map_lookup_elem(&mip6_hoa_coa, &dst);
	if (b == NULL || (b->src.w[0] | b->src.w[1] | b->src.w[2] | b->src.w[3]) == 0)
		return skb->ifindex == *dev ? BPF_LWT_REROUTE : BPF_OK;
	key.remote_ipv6[0] = b->coa.w[0];
	key.remote_ipv6[1] = b->coa.w[1];
	key.remote_ipv6[2] = b->coa.w[2];
	key.remote_ipv6[3] = b->coa.w[3];
	key.local_ipv6[0] = b->src.w[0];
	key.local_ipv6[1] = b->src.w[1];
	key.local_ipv6[2] = b->src.w[2];
	key.local_ipv6[3] = b->src.w[3];
	if (bpf_skb_set_tunnel_key(skb, &key, sizeof(key), BPF_F_TUNINFO_IPV6) < 0)
		return BPF_DROP;
	return bpf_redirect(*dev, 0);
}

char _license[] SEC("license") = "GPL";
