/*
 * test_mh_wire.c - wire check against an independent decoder: every message the codec builds
 * goes into a pcap (LINKTYPE_IPV6, with HAO or RT2 where Mobile IPv6 puts them), tshark
 * decodes it, and every decoded field named in the expectations must equal what was built.
 * Any malformed marker or warning/error expert info fails the test.  Without tshark: skip (77).
 * MH_WIRE_KEEP=1 keeps the pcap, MH_WIRE_DEBUG=1 prints tshark's lines.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ext_hdr.h"
#include "icmp6.h"
#include "mh.h"

#define MAX_PKTS	40
#define MAX_FIELDS	96

struct pkt {
	const char	*name;
	uint8_t		 data[2048];
	size_t		 len;
	char		 expect[1024];	/* "field=value;field=value" */
};

static struct pkt pkts[MAX_PKTS];
static int npkts;
static struct in6_addr a_ha, a_coa, a_hoa, a_cn, a_coa2, a_mnp1, a_mnp2, a_ll, a_allnodes,
    a_pfx;

static void
addr(struct in6_addr *a, const char *s)
{
	if (inet_pton(AF_INET6, s, a) != 1)
		abort();
}

/*
 * Wrap an upper-layer message in IPv6 (+ HAO or RT2), fix its checksum as the receiver sees
 * it (RFC 6275 6.1.1: home address with a HAO; RT2: the home address is the final
 * destination) and record it with its expectations.
 */
static void
add(const char *name, const uint8_t *msg, size_t len, uint8_t proto,
    const struct in6_addr *src, const struct in6_addr *dst, const struct in6_addr *hao,
    const struct in6_addr *rt2, const char *fmt, ...)
{
	struct pkt *p = &pkts[npkts++];
	uint8_t *ip = p->data, *up;
	size_t ext = 0, cklen;
	va_list ap;

	p->name = name;
	memset(ip, 0, 40);
	ip[0] = 0x60;
	ip[6] = proto;
	ip[7] = 64;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	if (hao != NULL) {
		ip[6] = 60;	/* destination options */
		ext = ext_hao_build(ip + 40, sizeof(p->data) - 40, proto, hao);
	} else if (rt2 != NULL) {
		ip[6] = 43;	/* routing */
		ext = ext_rt2_build(ip + 40, sizeof(p->data) - 40, proto, rt2);
	}
	up = ip + 40 + ext;
	memcpy(up, msg, len);
	cklen = len;
	if (proto == IPPROTO_MH)
		mh_checksum_set(up, cklen, hao ? hao : src, rt2 ? rt2 : dst);
	else
		icmp6_checksum_set(up, cklen, src, rt2 ? rt2 : dst);
	ip[4] = (uint8_t)((ext + len) >> 8);
	ip[5] = (uint8_t)((ext + len) & 0xff);
	p->len = 40 + ext + len;
	va_start(ap, fmt);
	vsnprintf(p->expect, sizeof(p->expect), fmt, ap);
	va_end(ap);
}

static void
build_all(void)
{
	static const uint8_t mac[MH_AUTH_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const uint8_t exp[] = { 0xab, 0xcd, 0xef };
	uint8_t b[2048];
	struct mh_bu bu;
	struct mh_ba ba;
	struct mh_be be;
	struct mh_brr brr;
	struct mh_hoti hoti = { .cookie = { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct mh_coti coti = { .cookie = { 8, 7, 6, 5, 4, 3, 2, 1 } };
	struct mh_hot hot = { .nonce_idx = 0x0102,
	    .cookie = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 },
	    .token = { 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28 } };
	struct mh_cot cot;
	struct icmp6_haad_req hreq = { .id = 0x1234 };
	struct icmp6_haad_rep hrep = { .id = 0x1234, .naddr = 2 };
	struct icmp6_mps mps = { .id = 0x4321 };
	struct icmp6_mpa mpa = { .id = 0x4321, .flags = ICMP6_MPA_F_M, .nprefix = 2 };
	struct icmp6_ra ra = { .hoplimit = 64, .flags = ICMP6_RA_F_H | ICMP6_RA_F_O,
	    .lifetime = 1800, .reachable = 30000, .retrans = 1000,
	    .present = ICMP6_RA_ADV_INTERVAL | ICMP6_RA_HA_INFO, .adv_interval = 1500,
	    .ha_pref = 10, .ha_lifetime = 1200, .nprefix = 1 };
	size_t len, off;

	/* home registration: BU from the care-of address with HAO and Alternate CoA */
	memset(&bu, 0, sizeof(bu));
	bu.seq = 4660;
	bu.flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_K;
	bu.lifetime = 100;
	bu.opts.present = MH_OPTF_ALTCOA;
	bu.opts.altcoa = a_coa;
	len = mh_build_bu(b, sizeof(b), &bu, NULL);
	add("bu-home", b, len, IPPROTO_MH, &a_coa, &a_ha, &a_hoa, NULL,
	    "mip6.proto=59;mip6.hlen=3;mip6.mhtype=5;mip6.bu.seqnr=4660;mip6.bu.a_flag=1;"
	    "mip6.bu.h_flag=1;mip6.bu.l_flag=0;mip6.bu.k_flag=1;mip6.bu.m_flag=0;"
	    "mip6.bu.lifetime=100;mip6.acoa.acoa=2001:db8:2::100;mip6.mobility_opt.len=0,16;"
	    "ipv6.opt.mipv6.home_address=2001:db8:1::10");

	/* every flag */
	memset(&bu, 0, sizeof(bu));
	bu.seq = 65535;
	bu.flags = MH_BU_F_ALL;
	bu.lifetime = 65535;
	len = mh_build_bu(b, sizeof(b), &bu, NULL);
	add("bu-flags", b, len, IPPROTO_MH, &a_coa, &a_ha, &a_hoa, NULL,
	    "mip6.mhtype=5;mip6.bu.seqnr=65535;mip6.bu.a_flag=1;mip6.bu.h_flag=1;"
	    "mip6.bu.l_flag=1;mip6.bu.k_flag=1;mip6.bu.m_flag=1;mip6.nemo.bu.r_flag=1;"
	    "mip6.bu.p_flag=1;mip6.bu.f_flag=1;mip6.bu.t_flag=1;mip6.bu.b_flag=1;"
	    "mip6.bu.lifetime=65535;mip6.mobility_opt.len=2;mip6.padn=0000");

	/* NEMO: two Mobile Network Prefixes */
	memset(&bu, 0, sizeof(bu));
	bu.seq = 2;
	bu.flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_R;
	bu.lifetime = 256;
	bu.opts.present = MH_OPTF_MNP;
	bu.opts.nmnp = 2;
	bu.opts.mnp[0].plen = 48;
	bu.opts.mnp[0].prefix = a_mnp1;
	bu.opts.mnp[1].plen = 64;
	bu.opts.mnp[1].prefix = a_mnp2;
	len = mh_build_bu(b, sizeof(b), &bu, NULL);
	add("bu-nemo", b, len, IPPROTO_MH, &a_coa, &a_ha, &a_hoa, NULL,
	    "mip6.mhtype=5;mip6.bu.seqnr=2;mip6.nemo.bu.r_flag=1;mip6.bu.lifetime=256;"
	    "mip6.mobility_opt.len=18,2,18;mip6.nemo.mnp.pfl=48,64;"
	    "mip6.nemo.mnp.mnp=2001:db8:100::,2001:db8:101::");

	/* correspondent registration: Nonce Indices and Authorization Data */
	memset(&bu, 0, sizeof(bu));
	bu.seq = 7;
	bu.flags = MH_BU_F_A;
	bu.lifetime = 60;
	bu.opts.present = MH_OPTF_NONCE | MH_OPTF_AUTH;
	bu.opts.home_nonce = 258;
	bu.opts.careof_nonce = 772;
	bu.opts.auth = mac;
	len = mh_build_bu(b, sizeof(b), &bu, &off);
	add("bu-rr", b, len, IPPROTO_MH, &a_coa, &a_cn, &a_hoa, NULL,
	    "mip6.mhtype=5;mip6.bu.seqnr=7;mip6.bu.h_flag=0;mip6.bu.lifetime=60;"
	    "mip6.mobility_opt.len=4,12;mip6.ni.hni=258;mip6.ni.cni=772;"
	    "mip6.bad.auth=0102030405060708090a0b0c");

	/* home BA through the type 2 routing header, with Binding Refresh Advice */
	memset(&ba, 0, sizeof(ba));
	ba.status = MH_BA_ACCEPTED;
	ba.flags = MH_BA_F_K;
	ba.seq = 4660;
	ba.lifetime = 100;
	ba.opts.present = MH_OPTF_REFRESH;
	ba.opts.refresh = 50;
	len = mh_build_ba(b, sizeof(b), &ba, NULL);
	add("ba-home", b, len, IPPROTO_MH, &a_ha, &a_coa, NULL, &a_hoa,
	    "mip6.mhtype=6;mip6.ba.status=0;mip6.ba.k_flag=1;mip6.nemo.ba.r_flag=0;"
	    "mip6.ba.seqnr=4660;mip6.ba.lifetime=100;mip6.bra.interval=50;"
	    "ipv6.routing.type=2;ipv6.routing.segleft=1;"
	    "ipv6.routing.mipv6.home_address=2001:db8:1::10");

	/* every BA flag, a refusal */
	memset(&ba, 0, sizeof(ba));
	ba.status = MH_BA_NOT_HOME_SUBNET;
	ba.flags = MH_BA_F_ALL;
	ba.seq = 9;
	len = mh_build_ba(b, sizeof(b), &ba, NULL);
	add("ba-flags", b, len, IPPROTO_MH, &a_ha, &a_coa, NULL, &a_hoa,
	    "mip6.mhtype=6;mip6.ba.status=132;mip6.ba.k_flag=1;mip6.nemo.ba.r_flag=1;"
	    "mip6.ba.p_flag=1;mip6.ba.t_flag=1;mip6.ba.b_flag=1;mip6.ba.seqnr=9;"
	    "mip6.ba.lifetime=0");

	/* correspondent's BA with Authorization Data */
	memset(&ba, 0, sizeof(ba));
	ba.status = MH_BA_EXPIRED_NONCES;
	ba.seq = 7;
	ba.lifetime = 60;
	ba.opts.present = MH_OPTF_AUTH | MH_OPTF_REFRESH;
	ba.opts.refresh = 15;
	ba.opts.auth = mac;
	len = mh_build_ba(b, sizeof(b), &ba, &off);
	add("ba-rr", b, len, IPPROTO_MH, &a_cn, &a_coa, NULL, &a_hoa,
	    "mip6.mhtype=6;mip6.ba.status=138;mip6.ba.seqnr=7;mip6.ba.lifetime=60;"
	    "mip6.mobility_opt.len=2,0,12;mip6.bra.interval=15;"
	    "mip6.bad.auth=0102030405060708090a0b0c");

	memset(&be, 0, sizeof(be));
	be.status = MH_BE_UNKNOWN_TYPE;
	be.hoa = a_hoa;
	len = mh_build_be(b, sizeof(b), &be);
	add("be", b, len, IPPROTO_MH, &a_cn, &a_coa, NULL, NULL,
	    "mip6.hlen=2;mip6.mhtype=7;mip6.be.status=2;mip6.be.haddr=2001:db8:1::10");

	memset(&brr, 0, sizeof(brr));
	len = mh_build_brr(b, sizeof(b), &brr);
	add("brr", b, len, IPPROTO_MH, &a_ha, &a_coa, NULL, &a_hoa,
	    "mip6.hlen=0;mip6.mhtype=0");

	brr.opts.present = MH_OPTF_EXP;
	brr.opts.exp = exp;
	brr.opts.exp_len = sizeof(exp);
	len = mh_build_brr(b, sizeof(b), &brr);
	add("brr-exp", b, len, IPPROTO_MH, &a_cn, &a_coa, NULL, &a_hoa,
	    "mip6.hlen=1;mip6.mhtype=0;mip6.mobility_opt.len=3,1;mip6.padn=00");
	/* (tshark 4.0 shows only the first octet of Experimental data: not compared) */

	len = mh_build_hoti(b, sizeof(b), &hoti);
	add("hoti", b, len, IPPROTO_MH, &a_hoa, &a_cn, NULL, NULL,
	    "mip6.hlen=1;mip6.mhtype=1;mip6.hoti.cookie=0x0102030405060708");
	len = mh_build_coti(b, sizeof(b), &coti);
	add("coti", b, len, IPPROTO_MH, &a_coa, &a_cn, NULL, NULL,
	    "mip6.hlen=1;mip6.mhtype=2;mip6.coti.cookie=0x0807060504030201");
	len = mh_build_hot(b, sizeof(b), &hot);
	add("hot", b, len, IPPROTO_MH, &a_cn, &a_hoa, NULL, NULL,
	    "mip6.hlen=2;mip6.mhtype=3;mip6.hot.nindex=258;mip6.hot.cookie=0x1112131415161718;"
	    "mip6.hot.token=0x2122232425262728");
	memcpy(&cot, &hot, sizeof(cot));
	cot.nonce_idx = 0x0304;
	len = mh_build_cot(b, sizeof(b), &cot);
	add("cot", b, len, IPPROTO_MH, &a_cn, &a_coa, NULL, NULL,
	    "mip6.hlen=2;mip6.mhtype=4;mip6.cot.nindex=772;mip6.cot.cookie=0x1112131415161718;"
	    "mip6.hot.token=0x2122232425262728");	/* tshark 4.0 shows it under hot */

	/* ICMPv6 */
	hreq.flags = ICMP6_HAAD_F_R;
	len = icmp6_build_haad_req(b, sizeof(b), &hreq);
	add("haad-req", b, len, IPPROTO_ICMPV6, &a_coa, &a_ha, NULL, NULL,
	    "icmpv6.type=144;icmpv6.code=0;icmpv6.checksum.status=1;"
	    "icmpv6.mip6.identifier=4660");
	hrep.addr[0] = a_ha;
	hrep.addr[1] = a_cn;
	len = icmp6_build_haad_rep(b, sizeof(b), &hrep);
	add("haad-rep", b, len, IPPROTO_ICMPV6, &a_ha, &a_coa, NULL, NULL,
	    "icmpv6.type=145;icmpv6.code=0;icmpv6.checksum.status=1;"
	    "icmpv6.mip6.identifier=4660;"
	    "icmpv6.mip6.home_agent_address=2001:db8:1::1,2001:db8:5::5");
	len = icmp6_build_mps(b, sizeof(b), &mps);
	add("mps", b, len, IPPROTO_ICMPV6, &a_coa, &a_ha, NULL, NULL,
	    "icmpv6.type=146;icmpv6.checksum.status=1;icmpv6.mip6.identifier=17185");
	mpa.prefix[0].prefix = a_pfx;
	mpa.prefix[0].plen = 64;
	mpa.prefix[0].flags = ICMP6_PI_F_L | ICMP6_PI_F_A;
	mpa.prefix[0].valid = 86400;
	mpa.prefix[0].preferred = 14400;
	mpa.prefix[1].prefix = a_ha;
	mpa.prefix[1].plen = 64;
	mpa.prefix[1].flags = ICMP6_PI_F_R;
	mpa.prefix[1].valid = 3600;
	mpa.prefix[1].preferred = 3600;
	len = icmp6_build_mpa(b, sizeof(b), &mpa);
	add("mpa", b, len, IPPROTO_ICMPV6, &a_ha, &a_coa, NULL, &a_hoa,
	    "icmpv6.type=147;icmpv6.checksum.status=1;icmpv6.mip6.identifier=17185;"
	    "icmpv6.mip6.flag.m=1;icmpv6.mip6.flag.o=0;icmpv6.opt.type=3,3;"
	    "icmpv6.opt.prefix.length=64,64;icmpv6.opt.prefix.flag.l=1,0;"
	    "icmpv6.opt.prefix.flag.a=1,0;icmpv6.opt.prefix.flag.r=0,1;"
	    "icmpv6.opt.prefix.valid_lifetime=86400,3600;"
	    "icmpv6.opt.prefix.preferred_lifetime=14400,3600;"
	    "icmpv6.opt.prefix=2001:db8:1::,2001:db8:1::1");
	ra.prefix[0].prefix = a_ha;
	ra.prefix[0].plen = 64;
	ra.prefix[0].flags = ICMP6_PI_F_L | ICMP6_PI_F_A | ICMP6_PI_F_R;
	ra.prefix[0].valid = 0xffffffff;
	ra.prefix[0].preferred = 604800;
	len = icmp6_build_ra(b, sizeof(b), &ra);
	add("ra", b, len, IPPROTO_ICMPV6, &a_ll, &a_allnodes, NULL, NULL,
	    "icmpv6.type=134;icmpv6.checksum.status=1;icmpv6.nd.ra.cur_hop_limit=64;"
	    "icmpv6.nd.ra.flag.m=0;icmpv6.nd.ra.flag.o=1;icmpv6.nd.ra.flag.h=1;"
	    "icmpv6.nd.ra.router_lifetime=1800;icmpv6.nd.ra.reachable_time=30000;"
	    "icmpv6.nd.ra.retrans_timer=1000;icmpv6.opt.type=7,8,3;"
	    "icmpv6.opt.advertisement_interval=1500;icmpv6.opt.home_agent_preference=10;"
	    "icmpv6.opt.home_agent_lifetime=1200;icmpv6.opt.prefix.flag.r=1;"
	    "icmpv6.opt.prefix.valid_lifetime=4294967295;"
	    "icmpv6.opt.prefix.preferred_lifetime=604800;icmpv6.opt.prefix=2001:db8:1::1");
}

static void
put32le(FILE *f, uint32_t v)
{
	uint8_t b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	fwrite(b, 1, 4, f);
}

static int
write_pcap(const char *path)
{
	FILE *f = fopen(path, "wb");
	int i;

	if (f == NULL)
		return -1;
	put32le(f, 0xa1b2c3d4);
	put32le(f, 0x00040002);	/* version 2.4 */
	put32le(f, 0);
	put32le(f, 0);
	put32le(f, 65535);
	put32le(f, 229);	/* LINKTYPE_IPV6 */
	for (i = 0; i < npkts; i++) {
		put32le(f, 1700000000 + (uint32_t)i);
		put32le(f, 0);
		put32le(f, (uint32_t)pkts[i].len);
		put32le(f, (uint32_t)pkts[i].len);
		fwrite(pkts[i].data, 1, pkts[i].len, f);
	}
	return fclose(f);
}

static int
have_tshark(void)
{
	const char *path = getenv("PATH");
	char dir[4096], file[4200];
	const char *p, *e;

	for (p = path ? path : "/usr/bin:/bin"; *p; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		snprintf(dir, sizeof(dir), "%.*s", (int)(e - p), p);
		snprintf(file, sizeof(file), "%s/tshark", dir[0] ? dir : ".");
		if (access(file, X_OK) == 0)
			return 1;
	}
	return 0;
}

static char fields[MAX_FIELDS][64];
static int nfields;

static int
field_index(const char *name, int add_it)
{
	int i;

	for (i = 0; i < nfields; i++)
		if (strcmp(fields[i], name) == 0)
			return i;
	if (!add_it || nfields == MAX_FIELDS)
		return -1;
	snprintf(fields[nfields], sizeof(fields[0]), "%s", name);
	return nfields++;
}

/* Split s at c in place into at most max parts. */
static int
split(char *s, int c, char **parts, int max)
{
	int n = 0;

	parts[n++] = s;
	while (n < max && (s = strchr(s, c)) != NULL) {
		*s++ = '\0';
		parts[n++] = s;
	}
	return n;
}

int
main(void)
{
	char path[] = "/tmp/test_mh_wire.XXXXXX", cmd[8192], line[16384], exp[1024];
	char *cols[MAX_FIELDS + 4], *items[64], *kv;
	int i, j, fd, n, nitems, failed = 0, seen = 0;
	const char *debug = getenv("MH_WIRE_DEBUG");
	FILE *f;

	if (!have_tshark()) {
		printf("SKIP: tshark not installed (Debian package tshark)\n");
		return 77;
	}
	addr(&a_ha, "2001:db8:1::1");
	addr(&a_hoa, "2001:db8:1::10");
	addr(&a_coa, "2001:db8:2::100");
	addr(&a_cn, "2001:db8:5::5");
	addr(&a_coa2, "2001:db8:3::1");
	addr(&a_mnp1, "2001:db8:100::");
	addr(&a_mnp2, "2001:db8:101::");
	addr(&a_ll, "fe80::1");
	addr(&a_allnodes, "ff02::1");
	addr(&a_pfx, "2001:db8:1::");
	build_all();

	if ((fd = mkstemp(path)) < 0) {
		perror("mkstemp");
		return 99;
	}
	close(fd);
	if (write_pcap(path) != 0) {
		perror(path);
		return 99;
	}

	/* the fixed columns, then every field some expectation names */
	field_index("frame.number", 1);
	field_index("_ws.malformed", 1);
	field_index("_ws.expert.severity", 1);
	field_index("_ws.expert.message", 1);
	for (i = 0; i < npkts; i++) {
		snprintf(exp, sizeof(exp), "%s", pkts[i].expect);
		nitems = split(exp, ';', items, 64);
		for (j = 0; j < nitems; j++) {
			split(items[j], '=', cols, 2);
			field_index(items[j], 1);
		}
	}
	n = snprintf(cmd, sizeof(cmd), "tshark -n -r %s -T fields -E separator=/t "
	    "-E occurrence=a -E aggregator=, -E quote=n", path);
	for (i = 0; i < nfields; i++)
		n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, " -e %s", fields[i]);
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, " 2>/dev/null");

	if ((f = popen(cmd, "r")) == NULL) {
		perror("popen");
		return 99;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		int frame;

		line[strcspn(line, "\n")] = '\0';
		if (debug)
			printf("tshark: %s\n", line);
		if (split(line, '\t', cols, MAX_FIELDS + 4) != nfields) {
			printf("FAIL: unexpected tshark line\n");
			failed++;
			continue;
		}
		frame = atoi(cols[0]);
		if (frame < 1 || frame > npkts) {
			printf("FAIL: unexpected frame %d\n", frame);
			failed++;
			continue;
		}
		seen++;
		i = frame - 1;
		if (cols[1][0] != '\0') {
			printf("FAIL %s: tshark marks it malformed (%s)\n", pkts[i].name, cols[3]);
			failed++;
		}
		/* expert severities: 0x00600000 warning, 0x00800000 error */
		if (strstr(cols[2], "6291456") || strstr(cols[2], "8388608")) {
			printf("FAIL %s: expert info %s: %s\n", pkts[i].name, cols[2], cols[3]);
			failed++;
		}
		snprintf(exp, sizeof(exp), "%s", pkts[i].expect);
		nitems = split(exp, ';', items, 64);
		for (j = 0; j < nitems; j++) {
			char *want, *kvp[2];
			int k;

			kv = items[j];
			if (split(kv, '=', kvp, 2) != 2) {
				printf("FAIL %s: bad expectation %s\n", pkts[i].name, kv);
				failed++;
				continue;
			}
			want = kvp[1];
			k = field_index(kv, 0);
			if (k < 0 || strcmp(cols[k], want) != 0) {
				printf("FAIL %s: %s is \"%s\", built \"%s\"\n", pkts[i].name, kv,
				    k < 0 ? "?" : cols[k], want);
				failed++;
			}
		}
	}
	if (pclose(f) != 0) {
		printf("FAIL: tshark failed: %s\n", cmd);
		failed++;
	}
	if (seen != npkts) {
		printf("FAIL: tshark decoded %d of %d packets\n", seen, npkts);
		failed++;
	}
	if (getenv("MH_WIRE_KEEP"))
		printf("pcap kept: %s\n", path);
	else
		unlink(path);
	printf("%d packets, %d distinct fields compared, %d failures\n", npkts, nfields, failed);
	return failed ? 1 : 0;
}
