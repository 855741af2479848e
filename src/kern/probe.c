/* probe.c - what the kernel can do, found by trying it where nothing else sees the tries */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/xfrm.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "util.h"
#include "kern.h"
#include "kern_route.h"
#include "kern_tunnel.h"
#include "kern_xfrm.h"
#include "kern_nl.h"
#include "kern_real.h"

/*
 * The tries themselves: an RT2 state in route-optimization mode (needs CONFIG_IPV6_MIP6), an
 * external ip6tnl device (needs CONFIG_IPV6_TUNNEL) and a route through it with a per-route
 * IPv6 encapsulation (CONFIG_LWTUNNEL), as the HA uses.  Appends what is missing to why.
 * Documentation addresses no one uses; everything created is deleted again.
 */
#define PROBE_DEV	"mip6probe"

/* Bring dev up and route dst through it with "encap ip6"; the route goes with the device. */
static int
probe_encap_route(int ifindex, const struct in6_addr *dst, const struct in6_addr *src,
    const struct in6_addr *to)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC, .ifi_index = ifindex,
		.ifi_flags = IFF_UP, .ifi_change = IFF_UP,
	};
	struct kern_route r;
	struct nl_msg *msg;
	int rc;

	if ((msg = nlmsg_alloc_simple(RTM_NEWLINK, 0)) == NULL)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	if ((rc = kern_nl_request(kern_nl_route(), msg, "probe", KERN_NL_QUIET_ALL)) < 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.dst = *dst;
	r.dplen = 128;
	r.oif = ifindex;
	r.table = RT_TABLE_MAIN;
	r.metric = 1;
	r.has_encap = KERN_ENCAP_IP6;
	r.encap.src = *src;
	r.encap.dst = *to;
	if ((rc = kern_route_build(RTM_NEWROUTE, &r, &msg)) < 0)
		return rc;
	return kern_nl_request(kern_nl_route(), msg, "probe", KERN_NL_QUIET_ALL);
}

static int
probe_tries(char *why, size_t len)
{
	struct in6_addr a, b, c;
	struct nl_msg *msg;
	size_t off = 0;
	int rc, missing = 0;

	why[0] = '\0';
	addr_parse("2001:db8:ffff::1", &a);
	addr_parse("2001:db8:ffff::2", &b);
	addr_parse("2001:db8:ffff::3", &c);
	if (kern_nl_xfrm() == NULL || kern_nl_route() == NULL) {
		snprintf(why, len, "no netlink sockets");
		return -1;
	}
	if (kern_xfrm_ro_state_build(XFRM_MSG_NEWSA, KERN_RO_RT2, &a, &b, &c, 0, &msg) < 0)
		return -1;
	rc = kern_nl_request(kern_nl_xfrm(), msg, "probe", KERN_NL_QUIET_ALL);
	if (rc == 0) {
		/* Same message, as a delete: built by hand to stay independent of records. */
		struct xfrm_usersa_id id;

		memset(&id, 0, sizeof(id));
		memcpy(&id.daddr, &b, 16);
		id.family = AF_INET6;
		id.proto = KERN_RO_RT2;
		if ((msg = nlmsg_alloc_simple(XFRM_MSG_DELSA, 0)) != NULL) {
			if (nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) == 0 &&
			    nla_put(msg, XFRMA_SRCADDR, 16, &a) == 0)
				(void)kern_nl_request(kern_nl_xfrm(), msg, "probe",
				    KERN_NL_QUIET_ALL);
			else
				nlmsg_free(msg);
		}
	} else if (rc != -EEXIST) {
		off += (size_t)snprintf(why + off, len - off,
		    "no Mobile IPv6 XFRM types (route2/hao, CONFIG_IPV6_MIP6, module mip6): "
		    "%s%s%s%s", strerror(-rc), kern_nl_extack()[0] ? " (kernel: " : "",
		    kern_nl_extack(), kern_nl_extack()[0] ? ")" : "");
		missing = 1;
	}
	if (off >= len)
		off = len - 1;
	if (if_nametoindex(PROBE_DEV) == 0) {
		if (kern_tunnel_external_build(PROBE_DEV, &msg) < 0)
			return -1;
		rc = kern_nl_request(kern_nl_route(), msg, "probe", KERN_NL_QUIET_ALL);
		if (rc == 0 || rc == -EEXIST) {
			int ifindex = (int)if_nametoindex(PROBE_DEV);

			/* The HA's per-binding route through it: "encap ip6" (lwtunnel). */
			if (ifindex > 0 && (rc = probe_encap_route(ifindex, &a, &b, &c)) < 0) {
				snprintf(why + off, len - off,
				    "%sno per-route IPv6 encapsulation (encap ip6, CONFIG_LWTUNNEL): "
				    "%s%s%s%s", missing ? "; " : "", strerror(-rc),
				    kern_nl_extack()[0] ? " (kernel: " : "", kern_nl_extack(),
				    kern_nl_extack()[0] ? ")" : "");
				missing = 1;
			}
			if (ifindex > 0)
				(void)kern_link_delete(ifindex, KERN_NL_QUIET_ALL);
		} else {
			snprintf(why + off, len - off,
			    "%sno ip6ip6 tunnels (ip6tnl, CONFIG_IPV6_TUNNEL, module ip6_tunnel): "
			    "%s%s%s%s", missing ? "; " : "", strerror(-rc),
			    kern_nl_extack()[0] ? " (kernel: " : "", kern_nl_extack(),
			    kern_nl_extack()[0] ? ")" : "");
			missing = 1;
		}
	}
	return missing ? -1 : 0;
}

/*
 * Run the tries in a child in a fresh network namespace, so that the probe leaves nothing
 * behind even if it is killed half-way.  Without the right to make one (not root), try in
 * place.
 */
int
kern_probe_real(char *why, size_t len)
{
	char buf[512];
	int fds[2], status, rc;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) == -1)
		return probe_tries(why, len);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return probe_tries(why, len);
	}
	if (pid == 0) {
		close(fds[0]);
		if (unshare(CLONE_NEWNET) == -1)
			_exit(2);
		kern_nl_close();	/* the parent's, if any: reopen in this namespace */
		rc = probe_tries(buf, sizeof(buf));
		n = (ssize_t)strlen(buf);
		if (write(fds[1], buf, (size_t)n) != n)
			_exit(3);
		_exit(rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	n = 0;
	for (;;) {
		ssize_t r = read(fds[0], buf + n, sizeof(buf) - 1 - (size_t)n);

		if (r > 0 && (size_t)(n += r) < sizeof(buf) - 1)
			continue;
		if (r == -1 && errno == EINTR)
			continue;
		break;
	}
	buf[n] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		log_debug("kernel probe in a private namespace failed; probing in place");
		return probe_tries(why, len);
	}
	snprintf(why, len, "%s", buf);
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}
