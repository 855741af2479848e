/* tunnel_bpf.c - loads and attaches the reverse-tunnel check (tunnel_check.bpf.c) and keeps its
 * map; libbpf does the bpf() and tc netlink work.
 *
 * Nothing is pinned: the program and its maps live as long as mip6d's file descriptors and the
 * filter on the tunnel device, and the device goes at stop (and after a crash, at the next
 * start), so no stale check outlives the daemon.
 */
#include "config.h"

#define LOG_SUBSYS "kern"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kern_tunnel_check.h"
#include "log.h"
#include "tunnel_check.h"
#include "util.h"
#include "kern_real.h"

#ifndef MIP6D_BPFDIR
#define MIP6D_BPFDIR "/usr/local/lib/mip6d"
#endif

/*
 * The installed object, or the one beside a mip6d run from its build tree (the lab, make
 * check): BUILDDIR/mip6d looks for BUILDDIR/src/kern/tunnel_check.bpf.o first.
 */
const char *
kern_tunnel_check_object(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (snprintf(path, sizeof(path), "%s/src/kern/%s", exe,
			    TUNNEL_CHECK_OBJECT) < (int)sizeof(path) && access(path, R_OK) == 0)
				return path;
		}
	}
	snprintf(path, sizeof(path), "%s/%s", MIP6D_BPFDIR, TUNNEL_CHECK_OBJECT);
	return path;
}

#ifdef HAVE_TUNNEL_CHECK

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/*
 * The map starts small and grows fourfold when full, up to max-bindings: a hash map's bucket
 * array is allocated whole (16 bytes a bucket, 16 MiB for a million), which costs seconds at
 * start on a small machine and memory a small home agent never uses.  Growing loads the
 * program again with a bigger map, copies the entries over in batches, swaps the filter in
 * place (BPF_TC_F_REPLACE: no packet sees an empty map) and keeps the counters' map.
 */
#define TC_MAP_FIRST	4096
#define TC_COPY_BATCH	4096

/* A map entry: what tunnel_check.bpf.c's struct binding holds. */
struct tc_binding {
	struct in6_addr	coa;
	struct in6_addr	src;	/* :: while the binding waits (nothing tunnelled to it) */
};

/* The home prefixes whose route runs the send side (kern_tunnel_xmit_route_add). */
struct xmit_route {
	int		ifindex;
	struct in6_addr	prefix;
	int		plen;
};

/*
 * Objects a growth replaced: closed once the kernel batch's requests have left (nl.c calls
 * kern_tunnel_check_release at each batch flush), as a request queued before the growth
 * (a home prefix's route, at a start that reinstalls bindings) names the old program's file
 * descriptor.  A growth multiplies the size by four: a handful at most.
 */
#define TC_RETIRED_MAX	16

static struct bpf_object *retired[TC_RETIRED_MAX];
static unsigned int nretired;

static struct {
	struct bpf_object	*obj;
	int			 map_fd, counts_fd, mnp_fd, ncpus;
	int			 ifindex;
	int			 hooked;
	uint32_t		 size, max;
	struct xmit_route	*xmit;
	size_t			 nxmit;
} tc = { .map_fd = -1, .counts_fd = -1, .mnp_fd = -1 };

/*
 * Entries set while a kernel batch is open (kern_batch_open: a burst of registrations, a
 * start with its bindings) wait here and go into the map with one bpf(BPF_MAP_UPDATE_BATCH)
 * when the batch's netlink requests leave, just before them (nl.c): a binding's entry is
 * still in place before its route, and a burst of 64 registrations makes one system call
 * for the check instead of 64.
 */
#define TC_HELD_MAX	512

static struct {
	uint32_t	n;
	struct in6_addr	hoa[TC_HELD_MAX];
	struct tc_binding val[TC_HELD_MAX];
} held;

static int
libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	log_msg(level == LIBBPF_WARN ? LOG_WARNING : LOG_DEBUG, "bpf", "%s", line);
	return 0;
}

/* Open and load the object with a map of size entries (and counts_fd's counters, if >= 0). */
static struct bpf_object *
obj_load(uint32_t size, int counts_fd, char *why, size_t len, int *rc)
{
	const char *path = kern_tunnel_check_object();
	struct bpf_object *obj;
	struct bpf_map *map, *counts, *mnp;

	obj = bpf_object__open_file(path, NULL);
	if ((*rc = libbpf_get_error(obj)) != 0) {
		snprintf(why, len, "cannot open %s: %s", path, strerror(-*rc));
		return NULL;
	}
	if ((map = bpf_object__find_map_by_name(obj, TUNNEL_CHECK_MAP)) == NULL ||
	    (counts = bpf_object__find_map_by_name(obj, TUNNEL_CHECK_COUNTS)) == NULL ||
	    (mnp = bpf_object__find_map_by_name(obj, TUNNEL_CHECK_MNP)) == NULL ||
	    bpf_object__find_map_by_name(obj, TUNNEL_XMIT_CONF) == NULL ||
	    bpf_object__find_program_by_name(obj, TUNNEL_CHECK_PROG) == NULL ||
	    bpf_object__find_program_by_name(obj, TUNNEL_XMIT_PROG) == NULL) {
		snprintf(why, len, "%s is not the reverse-tunnel check program", path);
		*rc = -ENOENT;
		goto fail;
	}
	bpf_map__set_max_entries(map, size);
	/* growing: the counters and the prefixes carry over as they are */
	if (counts_fd >= 0 && ((*rc = bpf_map__reuse_fd(counts, counts_fd)) != 0 ||
	    (*rc = bpf_map__reuse_fd(mnp, tc.mnp_fd)) != 0)) {
		snprintf(why, len, "maps of the running check: %s", strerror(-*rc));
		goto fail;
	}
	if ((*rc = bpf_object__load(obj)) != 0) {
		snprintf(why, len, "the kernel refused %s: %s", path, strerror(-*rc));
		goto fail;
	}
	/* the send side's tunnel device */
	if (bpf_map_update_elem(bpf_object__find_map_fd_by_name(obj, TUNNEL_XMIT_CONF),
	    &(uint32_t){ TUNNEL_XMIT_DEV }, &(uint32_t){ (uint32_t)tc.ifindex }, BPF_ANY) != 0) {
		*rc = -errno;
		snprintf(why, len, "tunnel device of the send side: %s", strerror(errno));
		goto fail;
	}
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}

static int
obj_attach(struct bpf_object *obj)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = tc.ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = 1, .priority = 1, .flags = BPF_TC_F_REPLACE);

	opts.prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, TUNNEL_CHECK_PROG));
	return bpf_tc_attach(&hook, &opts);
}

static void
obj_use(struct bpf_object *obj, uint32_t size)
{
	tc.obj = obj;
	tc.size = size;
	tc.map_fd = bpf_object__find_map_fd_by_name(obj, TUNNEL_CHECK_MAP);
	tc.counts_fd = bpf_object__find_map_fd_by_name(obj, TUNNEL_CHECK_COUNTS);
	tc.mnp_fd = bpf_object__find_map_fd_by_name(obj, TUNNEL_CHECK_MNP);
}

int
kern_tunnel_check_start_real(int ifindex, uint32_t max_bindings, char *why, size_t len)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	struct bpf_object *obj;
	uint32_t size;
	int rc;

	if (tc.obj != NULL)
		return 0;
	libbpf_set_print(libbpf_log);
	log_debug("loading the reverse-tunnel check from %s", kern_tunnel_check_object());
	tc.max = max_bindings > 0 ? max_bindings : 1;
	size = tc.max < TC_MAP_FIRST ? tc.max : TC_MAP_FIRST;
	if ((tc.ncpus = libbpf_num_possible_cpus()) <= 0) {
		snprintf(why, len, "cannot count the CPUs");
		return -EINVAL;
	}
	tc.ifindex = ifindex;
	if ((obj = obj_load(size, -1, why, len, &rc)) == NULL)
		return rc;
	obj_use(obj, size);
	/* clsact on the device: EEXIST when an earlier run left it (the filter is replaced) */
	if ((rc = bpf_tc_hook_create(&hook)) != 0 && rc != -EEXIST) {
		snprintf(why, len, "clsact on ifindex %d: %s", ifindex, strerror(-rc));
		goto fail;
	}
	tc.hooked = 1;
	if ((rc = obj_attach(obj)) != 0) {
		snprintf(why, len, "attach to ifindex %d: %s", ifindex, strerror(-rc));
		goto fail;
	}
	log_info("reverse-tunnel check attached to ifindex %d from %s (%u entries, up to %u)",
	    ifindex, kern_tunnel_check_object(), size, tc.max);
	return 0;
fail:
	kern_tunnel_check_stop();
	return rc < 0 ? rc : -EINVAL;
}

void
kern_tunnel_check_limit_real(uint32_t max_bindings)
{
	tc.max = max_bindings > 0 ? max_bindings : 1;
}

/* Copy every entry of map from into map to. */
static int
map_copy(int from, int to)
{
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	struct in6_addr *keys;
	struct tc_binding *vals;
	uint32_t token = 0, n;
	int rc = 0, first = 1, end = 0;

	keys = calloc(TC_COPY_BATCH, sizeof(*keys));
	vals = calloc(TC_COPY_BATCH, sizeof(*vals));
	if (keys == NULL || vals == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	while (!end) {
		n = TC_COPY_BATCH;
		if (bpf_map_lookup_batch(from, first ? NULL : &token, &token, keys, vals, &n,
		    &o) != 0) {
			if (errno != ENOENT) {
				rc = -errno;
				break;
			}
			end = 1;	/* the last batch, maybe with entries */
		}
		first = 0;
		if (n > 0 && bpf_map_update_batch(to, keys, vals, &n, &o) != 0) {
			rc = -errno;
			break;
		}
	}
out:
	free(keys);
	free(vals);
	return rc;
}

static int
xmit_prog(struct bpf_object *obj)
{
	return bpf_program__fd(bpf_object__find_program_by_name(obj, TUNNEL_XMIT_PROG));
}

/* Each home prefix's route onto obj's send side (a replace: no packet meets no route). */
static int
xmit_routes_to(struct bpf_object *obj)
{
	const struct xmit_route *x;
	int rc, failed = 0;

	for (x = tc.xmit; x < tc.xmit + tc.nxmit; x++)
		if ((rc = kern_tunnel_ha_xmit_route(1, x->ifindex, &x->prefix, x->plen,
		    xmit_prog(obj))) < 0 && rc != -ENETDOWN)	/* down: at link up */
			failed = rc;
	return failed;
}

static int
grow(void)
{
	struct bpf_object *obj;
	uint32_t size;
	char why[256];
	int rc;

	if (tc.size >= tc.max)
		return -E2BIG;
	size = tc.size > tc.max / 4 ? tc.max : tc.size * 4;
	if ((obj = obj_load(size, tc.counts_fd, why, sizeof(why), &rc)) == NULL) {
		log_warnx("reverse-tunnel check cannot grow to %u entries: %s", size, why);
		return rc;
	}
	if ((rc = map_copy(tc.map_fd, bpf_object__find_map_fd_by_name(obj,
	    TUNNEL_CHECK_MAP))) < 0 || (rc = obj_attach(obj)) != 0 ||
	    (rc = xmit_routes_to(obj)) != 0) {
		log_warnx("reverse-tunnel check cannot grow to %u entries: %s", size,
		    strerror(-rc));
		bpf_object__close(obj);
		return rc;
	}
	if (nretired < TC_RETIRED_MAX)
		retired[nretired++] = tc.obj;
	else
		bpf_object__close(tc.obj);
	obj_use(obj, size);
	log_notice("reverse-tunnel check map grown to %u entries", size);
	return 0;
}

void
kern_tunnel_check_release(void)
{
	while (nretired > 0)
		bpf_object__close(retired[--nretired]);
}

void
kern_tunnel_check_stop_real(void)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = tc.ifindex,
	    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	const struct xmit_route *x;

	/* the home prefixes' routes first: the kernel's own prefix routes take over */
	for (x = tc.xmit; x < tc.xmit + tc.nxmit; x++) {
		(void)kern_tunnel_ha_xmit_rule(0, x->ifindex, &x->prefix, x->plen);
		(void)kern_tunnel_ha_xmit_route(0, x->ifindex, &x->prefix, x->plen, -1);
	}
	free(tc.xmit);
	tc.xmit = NULL;
	tc.nxmit = 0;
	/* the clsact qdisc goes with its filter; the device itself may be gone already */
	if (tc.hooked)
		(void)bpf_tc_hook_destroy(&hook);
	tc.hooked = 0;
	kern_tunnel_check_release();
	if (tc.obj != NULL)
		bpf_object__close(tc.obj);
	tc.obj = NULL;
	tc.map_fd = tc.counts_fd = tc.mnp_fd = -1;
	tc.size = 0;
	held.n = 0;	/* the map is gone with the entries it would have had */
}

static int
set_one(const struct in6_addr *hoa, const struct tc_binding *v)
{
	if (bpf_map_update_elem(tc.map_fd, hoa, v, BPF_ANY) == 0)
		return 0;
	if (errno != E2BIG || grow() != 0)
		return -errno;
	return bpf_map_update_elem(tc.map_fd, hoa, v, BPF_ANY) == 0 ? 0 : -errno;
}

int
kern_tunnel_xmit_route_add_real(int ifindex, const struct in6_addr *prefix, int plen)
{
	struct xmit_route *v;
	int rc;

	if (tc.obj == NULL)
		return -ENOTCONN;
	/* a reload names the prefixes in place again: only a new one gets its routes */
	for (v = tc.xmit; v < tc.xmit + tc.nxmit; v++)
		if (v->ifindex == ifindex && v->plen == plen && addr_eq(&v->prefix, prefix))
			return 0;
	if ((v = reallocarray(tc.xmit, tc.nxmit + 1, sizeof(*v))) == NULL)
		return -ENOMEM;
	tc.xmit = v;
	if ((rc = kern_tunnel_ha_xmit_route(1, ifindex, prefix, plen, xmit_prog(tc.obj))) < 0 &&
	    rc != -ENETDOWN)
		return rc;
	if ((rc = kern_tunnel_ha_xmit_rule(1, ifindex, prefix, plen)) < 0) {
		(void)kern_tunnel_ha_xmit_route(0, ifindex, prefix, plen, -1);
		return rc;
	}
	v[tc.nxmit].ifindex = ifindex;
	v[tc.nxmit].prefix = *prefix;
	v[tc.nxmit].plen = plen;
	tc.nxmit++;
	return 0;
}

void
kern_tunnel_xmit_link_up_real(int ifindex)
{
	const struct xmit_route *x;
	int rc;

	for (x = tc.xmit; x < tc.xmit + tc.nxmit; x++)
		if (x->ifindex == ifindex && (rc = kern_tunnel_ha_xmit_route(1, x->ifindex,
		    &x->prefix, x->plen, xmit_prog(tc.obj))) < 0)
			log_warnx("route of home prefix %s/%d: %s", addr_str(&x->prefix),
			    x->plen, strerror(-rc));
}


int
kern_tunnel_check_flush_held(void)
{
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	uint32_t done = 0, n = held.n, cnt;
	int failures = 0;

	held.n = 0;
	while (done < n && tc.map_fd >= 0) {
		cnt = n - done;
		if (bpf_map_update_batch(tc.map_fd, &held.hoa[done], &held.val[done], &cnt,
		    &o) == 0) {
			done = n;
			break;
		}
		done += cnt;		/* those went in */
		if (errno == E2BIG && grow() == 0)
			continue;
		/* one by one from here: each failure is its own, and said */
		for (; done < n; done++)
			if (set_one(&held.hoa[done], &held.val[done]) < 0) {
				log_warn("reverse-tunnel check entry %s", addr_str(&held.hoa[done]));
				failures++;
			}
	}
	return failures;
}

int
kern_tunnel_check_set_real(const struct in6_addr *hoa, const struct in6_addr *coa,
    const struct in6_addr *src)
{
	struct tc_binding v = { .coa = *coa };

	if (tc.map_fd < 0)
		return 0;
	if (src != NULL)
		v.src = *src;
	if (kern_batch_open()) {
		if (held.n == TC_HELD_MAX && kern_tunnel_check_flush_held() > 0)
			return -EIO;
		held.hoa[held.n] = *hoa;
		held.val[held.n] = v;
		held.n++;
		return 0;
	}
	return set_one(hoa, &v);
}

int
kern_tunnel_check_del_real(const struct in6_addr *hoa)
{
	if (tc.map_fd < 0)
		return 0;
	kern_tunnel_check_flush_held();		/* a held set of hoa must not outlive this */
	if (bpf_map_delete_elem(tc.map_fd, hoa) == 0 || errno == ENOENT)
		return 0;
	return -errno;
}

struct mnp_key {
	uint32_t	plen;
	struct in6_addr	addr;
};

int
kern_tunnel_check_prefix_set_real(const struct in6_addr *prefix, int plen,
    const struct in6_addr *coa)
{
	struct mnp_key k = { (uint32_t)plen, *prefix };

	if (tc.mnp_fd < 0)
		return 0;
	return bpf_map_update_elem(tc.mnp_fd, &k, coa, BPF_ANY) == 0 ? 0 : -errno;
}

int
kern_tunnel_check_prefix_del_real(const struct in6_addr *prefix, int plen)
{
	struct mnp_key k = { (uint32_t)plen, *prefix };

	if (tc.mnp_fd < 0)
		return 0;
	if (bpf_map_delete_elem(tc.mnp_fd, &k) == 0 || errno == ENOENT)
		return 0;
	return -errno;
}

int
kern_tunnel_check_counts_real(struct kern_tunnel_check_counts *c)
{
	uint64_t sum[TUNNEL_CHECK_NCOUNTS] = { 0 }, *v;
	uint32_t k;
	int i;

	if (tc.counts_fd < 0 || (v = calloc((size_t)tc.ncpus, sizeof(*v))) == NULL)
		return -1;
	for (k = 0; k < TUNNEL_CHECK_NCOUNTS; k++) {
		if (bpf_map_lookup_elem(tc.counts_fd, &k, v) != 0)
			continue;
		for (i = 0; i < tc.ncpus; i++)
			sum[k] += v[i];
	}
	free(v);
	c->passed = sum[TUNNEL_CHECK_PASSED];
	c->wrong_coa = sum[TUNNEL_CHECK_WRONG_COA];
	c->no_binding = sum[TUNNEL_CHECK_NO_BINDING];
	return 0;
}

#else /* !HAVE_TUNNEL_CHECK: built without libbpf or clang */

int
kern_tunnel_check_flush_held(void)
{
	return 0;
}

void
kern_tunnel_check_release(void)
{
}

int
kern_tunnel_check_start_real(int ifindex, uint32_t max_bindings, char *why, size_t len)
{
	snprintf(why, len, "mip6d was built without it (no libbpf or clang at configure time)");
	return -ENOTSUP;
}

void
kern_tunnel_check_stop_real(void)
{
}

int
kern_tunnel_check_set_real(const struct in6_addr *hoa, const struct in6_addr *coa,
    const struct in6_addr *src)
{
	return 0;
}

int
kern_tunnel_xmit_route_add_real(int ifindex, const struct in6_addr *prefix, int plen)
{
	return -ENOTCONN;
}

void
kern_tunnel_xmit_link_up_real(int ifindex)
{
}

int
kern_tunnel_check_del_real(const struct in6_addr *hoa)
{
	return 0;
}

int
kern_tunnel_check_counts_real(struct kern_tunnel_check_counts *c)
{
	return -1;
}

void
kern_tunnel_check_limit_real(uint32_t max_bindings)
{
}

int
kern_tunnel_check_prefix_set_real(const struct in6_addr *prefix, int plen,
    const struct in6_addr *coa)
{
	return 0;
}

int
kern_tunnel_check_prefix_del_real(const struct in6_addr *prefix, int plen)
{
	return 0;
}

#endif
