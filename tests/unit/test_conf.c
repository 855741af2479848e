/* test_conf.c - mip6d.conf: every option valid, invalid and by default; messages; reload */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

#define MAXMSG	64

static char	*msgs[MAXMSG];
static int	 nmsgs;
static char	 tmpdir[] = "/tmp/test_conf.XXXXXX";

static void
collect(const char *m, void *arg)
{
	if (nmsgs < MAXMSG)
		msgs[nmsgs++] = strdup(m);
}

static void
clear_msgs(void)
{
	while (nmsgs > 0)
		free(msgs[--nmsgs]);
}

/* Write text to t.conf (mode: its permissions) and load it; messages land in msgs. */
static struct conf *
load_mode(const char *text, mode_t mode)
{
	FILE *f = fopen("t.conf", "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod("t.conf", mode), 0);
	clear_msgs();
	return conf_load("t.conf", collect, NULL);
}

/* Private to its owner, as a file with ESP keys must be. */
static struct conf *
load(const char *text)
{
	return load_mode(text, 0600);
}

static void
dump_msgs(void)
{
	int i;

	for (i = 0; i < nmsgs; i++)
		print_message("  got: %s\n", msgs[i]);
}

/* The load must fail with exactly these messages, in this order (NULL-terminated). */
static void
fails_with_list(const char *text, const char *const *want)
{
	struct conf *c = load(text);
	int i;

	assert_null(c);
	for (i = 0; want[i] != NULL; i++) {
		if (i >= nmsgs || strcmp(msgs[i], want[i]) != 0) {
			dump_msgs();
			fail_msg("message %d: want '%s'", i, want[i]);
		}
	}
	if (nmsgs != i) {
		dump_msgs();
		fail_msg("%d messages, want %d", nmsgs, i);
	}
}

#define fails_with(text, ...) \
	fails_with_list((text), (const char *const []){ __VA_ARGS__, NULL })

static struct conf *
loads(const char *text)
{
	struct conf *c = load(text);

	if (c == NULL) {
		dump_msgs();
		fail_msg("load failed");
	}
	assert_int_equal(nmsgs, 0);
	return c;
}

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static int
addr_is(const struct in6_addr *a, const char *s)
{
	struct in6_addr b = A(s);

	return memcmp(a, &b, sizeof(b)) == 0;
}

static int
group_setup(void **state)
{
	if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) == -1)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	clear_msgs();
	unlink("t.conf");
	if (chdir("/") == 0)
		rmdir(tmpdir);
	return 0;
}

/* Minimal files of each role. */
#define HA_MIN \
	"roles = { ha }\n" \
	"home-link eth0 { prefix = 2001:db8:1::/64 home-agent-address = 2001:db8:1::1 }\n"
#define MN_MIN \
	"roles = { mn }\n" \
	"home-address 2001:db8:1::100/64 { home-agent = 2001:db8:1::1 }\n"

static void
test_defaults(void **state)
{
	struct conf *c = loads("roles = { cn }\n");

	assert_int_equal(c->roles, ROLE_CN);
	assert_string_equal(c->path, "t.conf");
	assert_int_equal(c->log_level, -1);
	assert_string_equal(c->control_path, "/run/mip6d.sock");
	assert_int_equal(c->control_mode, 0600);
	assert_null(c->control_group);
	assert_int_equal(c->nifaces, 0);
	assert_int_equal(c->nhome_links, 0);
	assert_int_equal(c->nhome_addrs, 0);
	assert_int_equal(c->nipsec, 0);
	assert_int_equal(c->ha.max_bindings, 1000000);
	assert_int_equal(c->ha.max_lifetime, 262140);
	assert_true(c->ha.dad);
	assert_false(c->ha.ipsec_required);
	assert_false(c->ha.binding_routes);	/* one route per home prefix */
	assert_false(c->ha.binding_routes_set);
	assert_true(c->ha.nd_proxy_mip6d);	/* with them, mip6d answers NS */
	assert_false(c->ha.nd_proxy_set);
	assert_int_equal(c->ha.nallow, 0);
	assert_int_equal(c->ha.ndeny, 0);
	assert_true(c->mn.ro);
	assert_int_equal(c->mn.cn_lifetime, 420);
	assert_int_equal(c->mn.first_reg_timeout_ms, 1500);
	assert_int_equal(c->mn.bindack_timeout_ms, 1000);
	assert_int_equal(c->mn.max_bindack_timeout_ms, 32000);
	assert_int_equal(c->mn.npeers, 0);
	assert_true(c->cn.ro);
	assert_int_equal(c->cn.max_lifetime, 420);
	assert_int_equal(c->cn.max_bindings, 100000);
	assert_int_equal(c->cn.npeers, 0);
	conf_free(c);
}

static void
test_roles(void **state)
{
	struct conf *c;

	c = loads("roles = { cn, cn }\n");
	assert_int_equal(c->roles, ROLE_CN);
	conf_free(c);
	c = loads("roles = cn\n");
	assert_int_equal(c->roles, ROLE_CN);
	conf_free(c);
	c = loads(HA_MIN "home-address 2001:db8:1::100/64 {}\nroles += { mn, cn }\n");
	assert_int_equal(c->roles, ROLE_MN | ROLE_HA | ROLE_CN);
	conf_free(c);

	fails_with("roles = { cn, router }\n",
	    "t.conf:1: roles: 'router' is not a role (mn, ha or cn)");
	fails_with("roles = { }\n", "t.conf:1: roles: empty: give one or more of mn, ha, cn");
	fails_with("# nothing\n", "t.conf: roles: not set: give one or more of mn, ha, cn");
	fails_with("roles = { ha }\n",
	    "t.conf:1: roles: role ha needs at least one home-link section");
	fails_with("roles = { mn }\n",
	    "t.conf:1: roles: role mn needs at least one home-address section");
}

static void
test_log_level(void **state)
{
	struct conf *c;

	c = loads("roles = cn\nlog-level = debug\n");
	assert_int_equal(c->log_level, 7);
	conf_free(c);
	c = loads("roles = cn\nlog-level = 3\n");
	assert_int_equal(c->log_level, 3);
	conf_free(c);
	fails_with("roles = cn\nlog-level = loud\n", "t.conf:2: log-level: 'loud' is not a log "
	    "level (err, warning, notice, info, debug or 0-7)");
}

static void
test_control_socket(void **state)
{
	struct conf *c;

	c = loads("roles = cn\ncontrol-socket {\n path = /tmp/x.sock\n mode = \"0660\"\n"
	    " group = root\n}\n");
	assert_string_equal(c->control_path, "/tmp/x.sock");
	assert_int_equal(c->control_mode, 0660);
	assert_string_equal(c->control_group, "root");
	conf_free(c);
	c = loads("roles = cn\ncontrol-socket { group = \"\" }\n");
	assert_null(c->control_group);
	conf_free(c);

	fails_with("roles = cn\ncontrol-socket {\n path = run/x\n mode = 0999\n"
	    " group = no-such-group-here\n}\n",
	    "t.conf:3: path: 'run/x' is not an absolute path",
	    "t.conf:4: mode: '0999' is not a file mode (octal, e.g. 0660)",
	    "t.conf:5: group: no such group 'no-such-group-here'");
	fails_with("roles = cn\ncontrol-socket { path = /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa }\n",
	    "t.conf:2: path: '/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is too long (at most 107 characters)");
	fails_with("roles = cn\ncontrol-socket { mode = 01777 }\n",
	    "t.conf:2: mode: '01777' is not a file mode (octal, e.g. 0660)");
}

static void
test_interface(void **state)
{
	struct conf *c;

	c = loads("roles = cn\ninterface eth0 { preference = 10 }\ninterface \"wlan0\" {}\n");
	assert_int_equal(c->nifaces, 2);
	assert_string_equal(c->ifaces[0].name, "eth0");
	assert_int_equal(c->ifaces[0].preference, 10);
	assert_int_equal(conf_iface_preference(c, "eth0"), 10);
	assert_int_equal(conf_iface_preference(c, "wlan0"), 0);
	assert_int_equal(conf_iface_preference(c, "eth9"), -1);
	assert_null(conf_iface_find(c, "eth9"));
	conf_free(c);

	fails_with("roles = cn\ninterface eth0/1 {}\ninterface averyveryverylongname {}\n"
	    "interface eth1 { preference = 256 }\ninterface eth2 { preference = x }\n"
	    "interface eth3 { preference = -1 }\n",
	    "t.conf:2: interface: 'eth0/1' is not an interface name",
	    "t.conf:3: interface: 'averyveryverylongname' is not an interface name",
	    "t.conf:4: preference: 256 is out of range (0 to 255)",
	    "t.conf:5: preference: 'x' is not a number",
	    "t.conf:6: preference: -1 is out of range (0 to 255)");
}

static void
test_home_agent(void **state)
{
	struct conf *c;

	c = loads(HA_MIN "home-agent {\n max-bindings = 5\n max-binding-lifetime = 60\n"
	    " dad = no\n ipsec-required = on\n allow = { 2001:db8:1::/64, 2001:db8:1:0:1::/80 }\n"
	    " deny = 2001:db8:1::bad/128\n binding-routes = no\n nd-proxy = mip6d\n}\n");
	assert_false(c->ha.binding_routes);
	assert_true(c->ha.nd_proxy_mip6d);
	assert_int_equal(c->ha.max_bindings, 5);
	assert_int_equal(c->ha.max_lifetime, 60);
	assert_false(c->ha.dad);
	assert_true(c->ha.ipsec_required);
	assert_int_equal(c->ha.nallow, 2);
	assert_int_equal(c->ha.ndeny, 1);
	assert_int_equal(c->ha.deny[0].plen, 128);
	conf_free(c);

	fails_with(HA_MIN "home-agent {\n max-bindings = 0\n max-binding-lifetime = 262141\n"
	    " dad = maybe\n ipsec-required = 1\n allow = { 2001:db8:1::/64, 2001:db8::zz/64 }\n"
	    " deny = { 2001:db8:1::/200 }\n binding-routes = per-prefix\n nd-proxy = radvd\n}\n",
	    "t.conf:4: max-bindings: 0 is out of range (1 to 100000000)",
	    "t.conf:5: max-binding-lifetime: 262141 is out of range (4 to 262140)",
	    "t.conf:6: dad: 'maybe' is not a boolean (yes or no)",
	    "t.conf:7: ipsec-required: '1' is not a boolean (yes or no)",
	    "t.conf:8: allow: '2001:db8::zz/64' is not an IPv6 prefix",
	    "t.conf:9: deny: '2001:db8:1::/200' is not an IPv6 prefix",
	    "t.conf:10: binding-routes: 'per-prefix' is not a boolean (yes or no)",
	    "t.conf:11: nd-proxy: 'radvd' is neither kernel nor mip6d");
	/* the proxy in mip6d with a route per binding */
	fails_with(HA_MIN "home-agent {\n binding-routes = yes\n nd-proxy = mip6d\n}\n",
	    "t.conf:5: nd-proxy: mip6d needs binding-routes = no");
	/* a route per binding alone: the kernel answers, by default */
	c = loads(HA_MIN "home-agent {\n binding-routes = yes\n}\n");
	assert_true(c->ha.binding_routes);
	assert_true(c->ha.binding_routes_set);
	assert_false(c->ha.nd_proxy_mip6d);
	conf_free(c);
}

/* home-agent { state-file, state-sync-interval, replication { } } */
static void
test_home_agent_sync(void **state)
{
	struct conf *c;

	c = loads(HA_MIN);
	assert_string_equal(c->ha.state_file, "/var/lib/mip6d/bindings.state");
	assert_int_equal(c->ha.state_sync_ms, 1000);
	assert_null(c->ha.repl.redis_host);
	conf_free(c);

	c = loads(HA_MIN "home-agent {\n state-file = \"\"\n}\n");
	assert_null(c->ha.state_file);
	conf_free(c);

#ifdef HAVE_HIREDIS
	c = loads(HA_MIN "home-agent {\n state-file = \"/srv/ha.state\"\n"
	    " state-sync-interval = 0.2\n replication {\n  redis-server = 2001:db8:1::fffe\n"
	    "  redis-port = 6380\n  key-prefix = pair1\n  role = standby\n }\n}\n");
	assert_string_equal(c->ha.state_file, "/srv/ha.state");
	assert_int_equal(c->ha.state_sync_ms, 200);
	assert_string_equal(c->ha.repl.redis_host, "2001:db8:1::fffe");
	assert_int_equal(c->ha.repl.redis_port, 6380);
	assert_string_equal(c->ha.repl.key_prefix, "pair1");
	assert_true(c->ha.repl.standby);
	conf_free(c);

	fails_with(HA_MIN "home-agent {\n state-file = \"ha.state\"\n"
	    " replication {\n  redis-port = 70000\n  key-prefix = \"a*\"\n  role = leader\n"
	    " }\n}\n",
	    "t.conf:4: state-file: 'ha.state' is not an absolute path (\"\" for none)",
	    "t.conf:5: redis-server: not set: name the Redis server that holds the replicated "
	    "bindings, or its Sentinels (redis-sentinel)");
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-server = r1\n"
	    "  redis-port = 70000\n  key-prefix = \"a*\"\n  role = leader\n }\n}\n",
	    "t.conf:6: redis-port: 70000 is out of range (1 to 65535)",
	    "t.conf:7: key-prefix: 'a*' is not a key prefix (1-64 characters, no space and no "
	    "pattern characters * ? [)",
	    "t.conf:8: role: 'leader' is not a role (active or standby)");
#endif
}

/* replication { redis-sentinel, redis-master-name }: the Sentinels that name the master, instead
 * of one server */
static void
test_home_agent_sentinel(void **state)
{
#ifdef HAVE_HIREDIS
	struct conf *c;

	c = loads(HA_MIN "home-agent {\n replication {\n  redis-sentinel = { "
	    "\"[2001:db8:1::fffd]:26380\", 2001:db8:1::fffe, s1.example,\n"
	    "   \"s2.example:26381\", \"[2001:db8:1::fffc]\" }\n"
	    "  redis-master-name = mymaster\n }\n}\n");
	assert_true(conf_repl_on(&c->ha.repl));
	assert_null(c->ha.repl.redis_host);
	assert_int_equal(c->ha.repl.nsentinels, 5);
	assert_string_equal(c->ha.repl.sentinels[0].host, "2001:db8:1::fffd");
	assert_int_equal(c->ha.repl.sentinels[0].port, 26380);
	assert_string_equal(c->ha.repl.sentinels[1].host, "2001:db8:1::fffe");
	assert_int_equal(c->ha.repl.sentinels[1].port, 26379);
	assert_string_equal(c->ha.repl.sentinels[2].host, "s1.example");
	assert_int_equal(c->ha.repl.sentinels[2].port, 26379);
	assert_string_equal(c->ha.repl.sentinels[3].host, "s2.example");
	assert_int_equal(c->ha.repl.sentinels[3].port, 26381);
	assert_string_equal(c->ha.repl.sentinels[4].host, "2001:db8:1::fffc");
	assert_int_equal(c->ha.repl.sentinels[4].port, 26379);
	assert_string_equal(c->ha.repl.master_name, "mymaster");
	assert_string_equal(c->ha.repl.key_prefix, "mip6d");
	assert_false(c->ha.repl.standby);
	conf_free(c);

	/* one server or Sentinels, never both; the options of the other way are refused */
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-server = r1\n"
	    "  redis-sentinel = s1\n  redis-master-name = m\n }\n}\n",
	    "t.conf:6: redis-sentinel: not with redis-server: name one Redis server, or the "
	    "Sentinels that know its master");
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-server = r1\n"
	    "  redis-master-name = m\n }\n}\n",
	    "t.conf:6: redis-master-name: only with redis-sentinel");
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-sentinel = s1\n"
	    "  redis-port = 6380\n }\n}\n",
	    "t.conf:4: redis-master-name: not set: name the master as the Sentinels know it "
	    "(their 'sentinel monitor NAME')",
	    "t.conf:6: redis-port: only with redis-server: the Sentinels name the master's port");
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-master-name = m\n }\n}\n",
	    "t.conf:4: redis-server: not set: name the Redis server that holds the replicated "
	    "bindings, or its Sentinels (redis-sentinel)");
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-sentinel = { }\n"
	    "  redis-master-name = \"my master\"\n }\n}\n",
	    "t.conf:5: redis-sentinel: empty: name one Sentinel or more",
	    "t.conf:6: redis-master-name: 'my master' is not a master name (1-255 characters, "
	    "no space)");

	/* each Sentinel's address strictly: ports 1-65535, brackets closed, bare IPv6
	 * addresses valid, host names of host name characters, none twice */
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-sentinel = {\n"
	    "   \"[2001:db8::1]:0\", \"s1:65536\", \"[2001:db8::1\", 2001:db8::zz,\n"
	    "   \"s 1\", \"s1:\", \"s1:+80\", \"[s1]:80\", \"[2001:db8::1]80\", s2, \"s2:26379\" }\n"
	    "  redis-master-name = m\n }\n}\n",
	    "t.conf:5: redis-sentinel: '[2001:db8::1]:0' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: 's1:65536' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: '[2001:db8::1' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: '2001:db8::zz' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: 's 1' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: 's1:' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: 's1:+80' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: '[s1]:80' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: '[2001:db8::1]80' is not a Sentinel (host, host:port, "
	    "IPv6 address, or [IPv6 address]:port)",
	    "t.conf:5: redis-sentinel: 's2:26379' is named twice");
	fails_with(HA_MIN "home-agent {\n replication {\n  redis-sentinel = { s1, s2, s3, s4, "
	    "s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17 }\n"
	    "  redis-master-name = m\n }\n}\n",
	    "t.conf:5: redis-sentinel: 17 Sentinels: 16 at most");

	/* another Sentinel, or another master name, takes a restart like another server */
	{
		struct conf *o, *n;
		char why[512];

		o = loads(HA_MIN "home-agent { replication { redis-sentinel = { s1, s2 }\n"
		    " redis-master-name = m } }\n");
		n = loads(HA_MIN "home-agent { replication { redis-sentinel = { s1, s2 }\n"
		    " redis-master-name = m } }\n");
		assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 0);
		conf_free(n);
		n = loads(HA_MIN "home-agent { replication { redis-sentinel = { s1, \"s2:26380\" }"
		    "\n redis-master-name = m } }\n");
		assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 1);
		assert_string_equal(why, "home-agent replication");
		conf_free(n);
		n = loads(HA_MIN "home-agent { replication { redis-sentinel = { s1, s2 }\n"
		    " redis-master-name = m2 } }\n");
		assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 1);
		conf_free(n);
		n = loads(HA_MIN "home-agent { replication { redis-server = s1 } }\n");
		assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 1);
		conf_free(n);
		conf_free(o);
	}
#else
	skip();
#endif
}

static void
test_home_link(void **state)
{
	const struct conf_prefix *p;
	const struct conf_home_link *hl;
	struct in6_addr a;
	struct conf *c;

	c = loads("roles = ha\nhome-link eth0 {\n prefix = { 2001:db8:1::/64, 2001:db8:2::/48 }\n"
	    " home-agent-address = 2001:db8:2::1\n prefix-lifetime = infinity\n"
	    " home-agent-preference = -5\n home-agent-lifetime = 65535\n}\n"
	    "home-link eth1 { prefix = 2001:db8:3::/64 home-agent-address = 2001:db8:3::1 }\n");
	assert_int_equal(c->nhome_links, 2);
	hl = &c->home_links[0];
	assert_string_equal(hl->ifname, "eth0");
	assert_int_equal(hl->nprefixes, 2);
	assert_true(addr_is(&hl->prefixes[1].addr, "2001:db8:2::"));
	assert_int_equal(hl->prefixes[1].plen, 48);
	assert_true(addr_is(&hl->ha_addr, "2001:db8:2::1"));
	assert_int_equal(hl->prefix_lifetime, CONF_INFINITE_LIFETIME);
	assert_int_equal(hl->ha_preference, -5);
	assert_int_equal(hl->ha_lifetime, 65535);
	assert_int_equal(c->home_links[1].prefix_lifetime, 86400);
	assert_int_equal(c->home_links[1].ha_preference, 0);
	assert_int_equal(c->home_links[1].ha_lifetime, 1800);
	a = A("2001:db8:2:5::7");
	assert_ptr_equal(conf_ha_serves(c, &a, &p), &c->home_links[0]);
	assert_int_equal(p->plen, 48);
	a = A("2001:db8:3::9");
	assert_ptr_equal(conf_ha_serves(c, &a, NULL), &c->home_links[1]);
	a = A("2001:db8:4::9");
	assert_null(conf_ha_serves(c, &a, &p));
	assert_null(p);
	assert_ptr_equal(conf_home_link_find(c, "eth1"), &c->home_links[1]);
	assert_null(conf_home_link_find(c, "eth2"));
	conf_free(c);

	fails_with("roles = ha\nhome-link eth0 {\n prefix = { 2001:db8:1::1/64, 2001:db8:2::/128 }\n"
	    " home-agent-address = 2001:db8:5::1\n prefix-lifetime = 0\n"
	    " home-agent-preference = 40000\n home-agent-lifetime = 0\n}\n",
	    "t.conf:3: prefix: '2001:db8:1::1/64' has bits set beyond the prefix length "
	    "(2001:db8:1::/64?)",
	    "t.conf:3: prefix: 2001:db8:2::/128: a home prefix length is 1 to 127",
	    "t.conf:4: home-agent-address: 2001:db8:5::1 is not inside a prefix of home-link eth0",
	    "t.conf:5: prefix-lifetime: 0 is out of range (1 to 4294967294)",
	    "t.conf:6: home-agent-preference: 40000 is out of range (-32768 to 32767)",
	    "t.conf:7: home-agent-lifetime: 0 is out of range (1 to 65535)");
	fails_with("roles = ha\nhome-link eth0 {\n}\nhome-link eth1 { prefix = 2001:db8::/32\n"
	    " home-agent-address = fe80::1 }\n",
	    "t.conf:2: prefix: not set: a home link serves at least one prefix",
	    "t.conf:2: home-agent-address: not set",
	    "t.conf:5: home-agent-address: 'fe80::1' is a link-local address");
	fails_with(HA_MIN "home-link eth1 {\n prefix = 2001:db8::/32\n"
	    " home-agent-address = 2001:db8::1\n}\n",
	    "t.conf:4: prefix: 2001:db8::/32 overlaps 2001:db8:1::/64 (home-link eth0)");
	fails_with("roles = ha\nhome-link eth0:1 { prefix = 2001:db8::/64 "
	    "home-agent-address = 2001:db8::1 }\n",
	    "t.conf:2: home-link: 'eth0:1' is not an interface name");
}

static void
test_home_address(void **state)
{
	const struct conf_home_addr *h;
	struct in6_addr a;
	struct conf *c;

	c = loads("roles = mn\nhome-address 2001:db8:1::100/64 {\n home-agent = 2001:db8:1::1\n"
	    " lifetime = 262140\n}\nhome-address 2001:db8:2::100/64 {}\n");
	assert_int_equal(c->nhome_addrs, 2);
	h = &c->home_addrs[0];
	assert_true(addr_is(&h->hoa, "2001:db8:1::100"));
	assert_int_equal(h->plen, 64);
	assert_false(h->ha_discover);
	assert_true(addr_is(&h->ha, "2001:db8:1::1"));
	assert_int_equal(h->lifetime, 262140);
	h = &c->home_addrs[1];
	assert_true(h->ha_discover);
	assert_int_equal(h->lifetime, 600);
	a = A("2001:db8:2::100");
	assert_ptr_equal(conf_home_addr_find(c, &a), h);
	a = A("2001:db8:2::101");
	assert_null(conf_home_addr_find(c, &a));
	conf_free(c);

	/* the example of the documentation, to the letter */
	fails_with("roles = mn\nhome-address 2001:db8::1/129 {\n}\n",
	    "t.conf:2: home-address: '2001:db8::1/129' is not an IPv6 prefix");
	fails_with("roles = mn\nhome-address 2001:db8::1 {}\nhome-address ff02::1/64 {}\n"
	    "home-address 2001:db8:1::/64 {}\nhome-address 2001:db8:2::1/128 {}\n"
	    "home-address 2001:db8:3::1/64 {\n home-agent = 2001:db8:4::1\n lifetime = 3\n}\n"
	    "home-address 2001:db8:5::1/64 { home-agent = 2001:db8:5::1 }\n"
	    "home-address 2001:db8:6::1/64 { home-agent = somewhere }\n"
	    "home-address 2001:db8:6:0::1/64 { lifetime = 262141 }\n",
	    "t.conf:2: home-address: '2001:db8::1' is not an IPv6 prefix",
	    "t.conf:3: home-address: 'ff02::1/64' is a multicast address",
	    "t.conf:4: home-address: '2001:db8:1::/64' is the Subnet-Router anycast address of "
	    "its prefix, not a home address",
	    "t.conf:5: home-address: '2001:db8:2::1/128': the home prefix length is 1 to 127",
	    "t.conf:7: home-agent: 2001:db8:4::1 is not inside the home prefix 2001:db8:3::/64",
	    "t.conf:8: lifetime: 3 is out of range (4 to 262140)",
	    "t.conf:10: home-agent: 2001:db8:5::1 is the home address itself",
	    "t.conf:11: home-agent: 'somewhere' is not an IPv6 address",
	    "t.conf:12: home-address: 2001:db8:6::1 is given twice",
	    "t.conf:12: lifetime: 262141 is out of range (4 to 262140)");
}

static void
test_mobile_node(void **state)
{
	struct in6_addr a;
	struct conf *c;

	c = loads(MN_MIN "mobile-node {\n route-optimization = no\n"
	    " correspondent-binding-lifetime = 4\n first-registration-timeout = 2.25\n"
	    " initial-bindack-timeout = 0.5\n max-bindack-timeout = 64\n"
	    " peer 2001:db8:9::/48 { route-optimization = yes }\n"
	    " peer 2001:db8:9:1::/64 { route-optimization = no }\n}\n");
	assert_false(c->mn.ro);
	assert_int_equal(c->mn.cn_lifetime, 4);
	assert_int_equal(c->mn.first_reg_timeout_ms, 2250);
	assert_int_equal(c->mn.bindack_timeout_ms, 500);
	assert_int_equal(c->mn.max_bindack_timeout_ms, 64000);
	assert_int_equal(c->mn.npeers, 2);
	a = A("2001:db8:9::1");
	assert_true(conf_mn_ro_wanted(c, &a));
	a = A("2001:db8:9:1::1");
	assert_false(conf_mn_ro_wanted(c, &a));
	a = A("2001:db8:10::1");
	assert_false(conf_mn_ro_wanted(c, &a));
	conf_free(c);

	fails_with(MN_MIN "mobile-node {\n route-optimization = sometimes\n"
	    " correspondent-binding-lifetime = 421\n first-registration-timeout = 1.5555\n"
	    " initial-bindack-timeout = 0.05\n max-bindack-timeout = 0.5\n"
	    " peer 2001:db8:9::1/48 { route-optimization = no }\n"
	    " peer 2001:db8:8::/48 { }\n peer 2001:db8:7::/48 { route-optimization = no }\n"
	    " peer 2001:db8:7:0::/48 { route-optimization = yes }\n}\n",
	    "t.conf:4: route-optimization: 'sometimes' is not a boolean (yes or no)",
	    "t.conf:5: correspondent-binding-lifetime: 421 is out of range (4 to 420)",
	    "t.conf:6: first-registration-timeout: '1.5555' is not a duration in seconds (e.g. 1.5)",
	    "t.conf:7: initial-bindack-timeout: 0.05 is out of range (0.1 to 60 seconds)",
	    "t.conf:8: max-bindack-timeout: 0.5 is out of range (1 to 3600 seconds)",
	    "t.conf:9: peer: '2001:db8:9::1/48' has bits set beyond the prefix length "
	    "(2001:db8:9::/48?)",
	    "t.conf:10: route-optimization: not set",
	    "t.conf:12: peer: 2001:db8:7:0::/48 is given twice");
	fails_with(MN_MIN "mobile-node {\n initial-bindack-timeout = 5\n max-bindack-timeout = 2\n}\n",
	    "t.conf:5: max-bindack-timeout: is shorter than initial-bindack-timeout");
}

static void
test_correspondent_node(void **state)
{
	struct in6_addr a;
	struct conf *c;

	c = loads("roles = cn\ncorrespondent-node {\n route-optimization = off\n"
	    " max-binding-lifetime = 100\n max-bindings = 7\n"
	    " peer 2001:db8:5::/48 { route-optimization = on }\n}\n");
	assert_false(c->cn.ro);
	assert_int_equal(c->cn.max_lifetime, 100);
	assert_int_equal(c->cn.max_bindings, 7);
	a = A("2001:db8:5::1");
	assert_true(conf_cn_ro_allowed(c, &a));
	a = A("2001:db8:6::1");
	assert_false(conf_cn_ro_allowed(c, &a));
	conf_free(c);

	fails_with("roles = cn\ncorrespondent-node {\n route-optimization = 2\n"
	    " max-binding-lifetime = 3\n max-bindings = 100000001\n}\n",
	    "t.conf:3: route-optimization: '2' is not a boolean (yes or no)",
	    "t.conf:4: max-binding-lifetime: 3 is out of range (4 to 420)",
	    "t.conf:5: max-bindings: 100000001 is out of range (1 to 100000000)");
}

#define KEY16	"0x000102030405060708090a0b0c0d0e0f"
#define KEY20	"0x000102030405060708090a0b0c0d0e0f10111213"
#define KEY24	"000102030405060708090a0b0c0d0e0f1011121314151617"
#define KEY32	"0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define KEY64	KEY32 "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define SA(dir, spi) \
	" transport-sa " dir " { spi = " spi " encryption = aes-128-cbc encryption-key = " KEY16 \
	" authentication = hmac-sha1 authentication-key = " KEY20 " }\n"

static void
test_ipsec(void **state)
{
	const struct conf_ipsec *ip;
	const struct conf_sa *sa;
	struct in6_addr a;
	struct conf *c;

	c = loads(MN_MIN "ipsec 2001:db8:1::100 {\n" SA("mn-to-ha", "0x100") SA("ha-to-mn", "257")
	    " return-routability = yes\n payload = yes\n"
	    " tunnel-sa mn-to-ha { spi = 4294967295 encryption = 3des-cbc encryption-key = " KEY24
	    "  authentication = hmac-sha512 authentication-key = " KEY64 " }\n"
	    " tunnel-sa ha-to-mn { spi = 1000 encryption = null authentication = hmac-sha384"
	    "  authentication-key = " KEY32 "0102030405060708090a0b0c0d0e0f10 }\n}\n");
	assert_int_equal(c->nipsec, 1);
	a = A("2001:db8:1::100");
	ip = conf_ipsec_find(c, &a);
	assert_non_null(ip);
	assert_true(addr_is(&ip->ha, "2001:db8:1::1"));
	assert_true(ip->protect_mh);
	assert_true(ip->protect_mpd);
	assert_true(ip->protect_rr);
	assert_true(ip->protect_payload);
	sa = &ip->transport[CONF_DIR_MN_TO_HA];
	assert_true(sa->set);
	assert_int_equal(sa->spi, 0x100);
	assert_int_equal(sa->enc, CONF_ENC_AES128_CBC);
	assert_int_equal(sa->enc_key_len, 16);
	assert_int_equal(sa->enc_key[15], 0x0f);
	assert_int_equal(sa->auth, CONF_AUTH_HMAC_SHA1);
	assert_int_equal(sa->auth_key_len, 20);
	assert_int_equal(ip->transport[CONF_DIR_HA_TO_MN].spi, 257);
	sa = &ip->tunnel[CONF_DIR_MN_TO_HA];
	assert_int_equal(sa->spi, 4294967295U);
	assert_int_equal(sa->enc, CONF_ENC_3DES_CBC);
	assert_int_equal(sa->enc_key_len, 24);
	assert_int_equal(sa->auth, CONF_AUTH_HMAC_SHA512);
	assert_int_equal(sa->auth_key_len, 64);
	sa = &ip->tunnel[CONF_DIR_HA_TO_MN];
	assert_int_equal(sa->enc, CONF_ENC_NULL);
	assert_int_equal(sa->enc_key_len, 0);
	assert_int_equal(sa->auth, CONF_AUTH_HMAC_SHA384);
	assert_int_equal(sa->auth_key_len, 48);
	a = A("2001:db8:1::101");
	assert_null(conf_ipsec_find(c, &a));
	conf_free(c);

	/* on the HA, the home agent address comes from the home link */
	c = loads(HA_MIN "ipsec 2001:db8:1::100 {\n mobility-header = no\n prefix-discovery = no\n}\n");
	assert_true(addr_is(&c->ipsec[0].ha, "2001:db8:1::1"));
	assert_false(c->ipsec[0].transport[0].set);
	conf_free(c);

	fails_with(MN_MIN "ipsec 2001:db8:1::100 {\n"
	    " transport-sa mn-to-ha {\n spi = 0\n encryption = aes-128-cbc\n"
	    "  encryption-key = 0x0001\n authentication = md5\n }\n"
	    " transport-sa ha-to-mn {\n spi = 0x100\n encryption = rot13\n"
	    "  authentication = hmac-sha1\n authentication-key = 0xzz\n }\n"
	    " tunnel-sa ha-to-mn { spi = 256 encryption = null encryption-key = 00\n"
	    "  authentication = hmac-sha256 }\n"
	    " tunnel-sa sideways { }\n}\n",
	    "t.conf:5: spi: 0 is out of range (256 to 4294967295)",
	    "t.conf:7: encryption-key: aes-128-cbc needs a key of 16 bytes (32 hex digits), "
	    "got fewer",
	    "t.conf:8: authentication: 'md5' is not an authentication algorithm (hmac-sha1, "
	    "hmac-sha256, hmac-sha384 or hmac-sha512)",
	    "t.conf:12: encryption: 'rot13' is not an encryption algorithm (null, 3des-cbc, "
	    "aes-128-cbc, aes-192-cbc or aes-256-cbc)",
	    "t.conf:14: authentication-key: '0xzz' is not a hexadecimal key",
	    "t.conf:16: spi: 256 is already used on line 11",
	    "t.conf:16: encryption-key: null takes no key",
	    "t.conf:16: authentication-key: not set (hmac-sha256 needs a key of 32 bytes)",
	    "t.conf:18: tunnel-sa: 'sideways' is not a direction (mn-to-ha or ha-to-mn)");
	fails_with(MN_MIN "ipsec 2001:db8:1::100 {\n payload = yes\n"
	    " transport-sa mn-to-ha { }\n}\n",
	    "t.conf:3: transport-sa: ha-to-mn: not set (needed by mobility-header)",
	    "t.conf:3: tunnel-sa: mn-to-ha: not set (needed by payload)",
	    "t.conf:3: tunnel-sa: ha-to-mn: not set (needed by payload)",
	    "t.conf:5: spi: not set",
	    "t.conf:5: encryption: not set (null, 3des-cbc, aes-128-cbc, aes-192-cbc or "
	    "aes-256-cbc)",
	    "t.conf:5: authentication: not set (hmac-sha1, hmac-sha256, hmac-sha384 or "
	    "hmac-sha512)");
	fails_with("roles = mn\nhome-address 2001:db8:1::100/64 {}\n"
	    "ipsec 2001:db8:1::100 { mobility-header = no prefix-discovery = no }\n"
	    "ipsec 2001:db8:9::100 { mobility-header = no prefix-discovery = no"
	    " home-agent = 2001:db8:9::1 }\n"
	    "ipsec 2001:db8:1:0::100 { mobility-header = no prefix-discovery = no }\n"
	    "ipsec 2001:db8:1::100/64 { }\n",
	    "t.conf:3: home-agent: not set, and home-address 2001:db8:1::100 discovers its "
	    "home agent",
	    "t.conf:4: ipsec: 2001:db8:9::100 is neither a home-address of this mobile node nor "
	    "inside a prefix of a home-link",
	    "t.conf:5: ipsec: 2001:db8:1::100 is given twice",
	    "t.conf:6: ipsec: '2001:db8:1::100/64' is not an IPv6 address");
}

static void
test_ipsec_options(void **state)
{
	const struct conf_ipsec *ip;
	struct conf *c;

	/* defaults, an explicit home agent, every cipher key length */
	c = loads(MN_MIN "ipsec 2001:db8:1::100 {\n home-agent = 2001:db8:1::2\n"
	    " transport-sa mn-to-ha { spi = 300 encryption = aes-256-cbc encryption-key = "
	    KEY32 " authentication = hmac-sha256 authentication-key = " KEY32 " }\n"
	    " transport-sa ha-to-mn { spi = 0X12d encryption = aes-192-cbc encryption-key = "
	    KEY24 " authentication = hmac-sha1 authentication-key = " KEY20 " }\n}\n");
	ip = &c->ipsec[0];
	assert_true(addr_is(&ip->ha, "2001:db8:1::2"));
	assert_true(ip->protect_mh);
	assert_true(ip->protect_mpd);
	assert_false(ip->protect_rr);
	assert_false(ip->protect_payload);
	assert_false(ip->tunnel[0].set);
	assert_int_equal(ip->transport[0].enc, CONF_ENC_AES256_CBC);
	assert_int_equal(ip->transport[0].enc_key_len, 32);
	assert_int_equal(ip->transport[0].auth, CONF_AUTH_HMAC_SHA256);
	assert_int_equal(ip->transport[1].spi, 301);
	assert_int_equal(ip->transport[1].enc, CONF_ENC_AES192_CBC);
	assert_int_equal(ip->transport[1].enc_key_len, 24);
	conf_free(c);

	fails_with(MN_MIN "ipsec 2001:db8:1::100 {\n home-agent = ff02::2\n mobility-header = 3\n"
	    " prefix-discovery = x\n return-routability = y\n payload = z\n"
	    " transport-sa mn-to-ha { spi = 0x\n encryption = null\n authentication = hmac-sha1\n"
	    "  authentication-key = " KEY20 "00 }\n"
	    " transport-sa ha-to-mn { spi = 4294967296 encryption = aes-128-cbc\n"
	    "  encryption-key = " KEY16 "0 authentication = hmac-sha1 authentication-key = " KEY20
	    " }\n}\n",
	    "t.conf:4: home-agent: 'ff02::2' is a multicast address",
	    "t.conf:5: mobility-header: '3' is not a boolean (yes or no)",
	    "t.conf:6: prefix-discovery: 'x' is not a boolean (yes or no)",
	    "t.conf:7: return-routability: 'y' is not a boolean (yes or no)",
	    "t.conf:8: payload: 'z' is not a boolean (yes or no)",
	    "t.conf:9: spi: '0x' is not a number",
	    "t.conf:12: authentication-key: hmac-sha1 needs a key of 20 bytes (40 hex digits), "
	    "got more",
	    "t.conf:13: spi: 4294967296 is out of range (256 to 4294967295)",
	    "t.conf:14: encryption-key: '" KEY16 "0' is not a hexadecimal key (odd number of "
	    "digits)");
}

static void
test_algorithms(void **state)
{
	assert_string_equal(conf_enc_name(CONF_ENC_AES256_CBC), "aes-256-cbc");
	assert_string_equal(conf_enc_xfrm_name(CONF_ENC_AES256_CBC), "cbc(aes)");
	assert_string_equal(conf_enc_xfrm_name(CONF_ENC_NULL), "ecb(cipher_null)");
	assert_string_equal(conf_enc_xfrm_name(CONF_ENC_3DES_CBC), "cbc(des3_ede)");
	assert_int_equal(conf_enc_key_len(CONF_ENC_AES192_CBC), 24);
	assert_string_equal(conf_auth_name(CONF_AUTH_HMAC_SHA256), "hmac-sha256");
	assert_string_equal(conf_auth_xfrm_name(CONF_AUTH_HMAC_SHA1), "hmac(sha1)");
	assert_int_equal(conf_auth_key_len(CONF_AUTH_HMAC_SHA384), 48);
	assert_int_equal(conf_auth_trunc_bits(CONF_AUTH_HMAC_SHA1), 96);
	assert_int_equal(conf_auth_trunc_bits(CONF_AUTH_HMAC_SHA512), 256);
}

static void
test_acl(void **state)
{
	struct in6_addr a;
	struct conf *c;

	c = loads(HA_MIN);
	a = A("2001:db8:1::5");
	assert_true(conf_acl_allows(c, &a));		/* no list: everyone */
	conf_free(c);

	c = loads(HA_MIN "home-agent { deny = 2001:db8:1::bad/128 }\n");
	a = A("2001:db8:1::5");
	assert_true(conf_acl_allows(c, &a));
	a = A("2001:db8:1::bad");
	assert_false(conf_acl_allows(c, &a));
	conf_free(c);

	c = loads(HA_MIN "home-agent {\n allow = { 2001:db8:1::/64, 2001:db8:1::ba0/124 }\n"
	    " deny = { 2001:db8:1::b00/120, 2001:db8:1::/64 }\n}\n");
	a = A("2001:db8:1::5");
	assert_false(conf_acl_allows(c, &a));		/* tie: deny */
	a = A("2001:db8:1::b01");
	assert_false(conf_acl_allows(c, &a));
	a = A("2001:db8:1::ba5");
	assert_true(conf_acl_allows(c, &a));		/* /124 allow beats /120 deny */
	a = A("2001:db8:2::1");
	assert_false(conf_acl_allows(c, &a));		/* no match with an allow list */
	conf_free(c);
}

static void
test_unknown_option(void **state)
{
	/* parsing goes on after an unknown option or section, so later problems show too */
	fails_with("roles = cn\nbogus = 1\nhome-agent {\n bogus-too = { a, b }\n"
	    " nested { x = 1 y = { 2 } z { } }\n dad = maybe\n}\nlog-level = loud\n",
	    "t.conf:2: bogus: unknown option",
	    "t.conf:4: bogus-too: unknown option",
	    "t.conf:5: nested: unknown section",
	    "t.conf:6: dad: 'maybe' is not a boolean (yes or no)",
	    "t.conf:8: log-level: 'loud' is not a log level (err, warning, notice, info, debug "
	    "or 0-7)");
	fails_with("roles = cn\nsomething 2001:db8::/64 {\n a = b\n}\n",
	    "t.conf:2: something: unknown section");
	fails_with("roles = cn\nsomething {\n a = b\n",
	    "t.conf:2: something: unknown section",
	    "t.conf:2: something: section is not closed at the end of the file");
}

static void
test_duplicate_section(void **state)
{
	fails_with("roles = cn\ninterface eth0 { preference = 1 }\n"
	    "interface eth0 {\n preference = 2\n}\n"
	    "correspondent-node { }\ncorrespondent-node { max-bindings = 0 }\n",
	    "t.conf:3: interface eth0: duplicate section (first on line 2)",
	    "t.conf:7: correspondent-node: duplicate section (first on line 6)");
	fails_with("roles = cn\nlog-level = info\nlog-level = debug\nroles += mn\n",
	    "t.conf:3: log-level: set twice (first on line 2)",
	    "t.conf:4: roles: role mn needs at least one home-address section");
}

static void
test_unterminated(void **state)
{
	fails_with("roles = cn\n# a comment { with a brace\n"
	    "correspondent-node {\n route-optimization = yes\n peer 2001:db8::/32 {\n"
	    "  route-optimization = \"no } really\"\n",
	    "t.conf:3: correspondent-node: section is not closed at the end of the file",
	    "t.conf:5: peer 2001:db8::/32: section is not closed at the end of the file",
	    "t.conf:6: route-optimization: 'no } really' is not a boolean (yes or no)");
}

static void
test_syntax_error(void **state)
{
	/* libconfuse stops at a syntax error: what it says is what we say */
	fails_with("roles = cn\nlog-level info\n",
	    "t.conf:2: missing equal sign after option 'log-level'");
	fails_with("roles = cn\n}\n", "t.conf:2: unexpected closing brace");
	fails_with("roles = { cn\n", "t.conf:2: premature end of file");
	/* libconfuse alone would count a line too many after each comment */
	fails_with("# one\n/* two\n three */ roles = cn // four\n#five\nlog-level info\n",
	    "t.conf:5: missing equal sign after option 'log-level'");
}

static void
test_missing_file(void **state)
{
	clear_msgs();
	assert_null(conf_load("no-such.conf", collect, NULL));
	assert_int_equal(nmsgs, 1);
	assert_string_equal(msgs[0], "no-such.conf: cannot open: No such file or directory");
	clear_msgs();
	assert_null(conf_load("/", collect, NULL));
	assert_int_equal(nmsgs, 1);
	assert_string_equal(msgs[0], "/: not a regular file");
}

static void
test_examples(void **state)
{
	static const char *const files[] = { "ha.conf", "mn.conf", "cn.conf", "mip6d.conf" };
	static const unsigned int roles[] = { ROLE_HA, ROLE_MN, ROLE_CN, ROLE_CN };
	struct conf *c;
	char path[4096], cmd[4200];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		/* a private copy: the examples with ESP keys are refused world-readable */
		snprintf(path, sizeof(path), "%s/etc/%s", SRCDIR, files[i]);
		snprintf(cmd, sizeof(cmd), "install -m 600 '%s' t-example.conf", path);
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof(path), "t-example.conf");
		clear_msgs();
		c = conf_load(path, collect, NULL);
		if (c == NULL) {
			dump_msgs();
			fail_msg("%s does not load", path);
		}
		assert_int_equal(c->roles, roles[i]);
		conf_free(c);
	}
}

static void
test_needs_restart(void **state)
{
	struct conf *o, *n;
	char why[512];

	o = loads(HA_MIN "interface eth0 {}\nhome-agent { max-bindings = 10 }\n"
	    "ipsec 2001:db8:1::5 { mobility-header = no prefix-discovery = no }\n");
	/* what the roles can change at run time */
	n = loads(HA_MIN "interface eth0 { preference = 5 }\nlog-level = debug\n"
	    "home-agent { max-bindings = 20 dad = no allow = 2001:db8:1::/64 }\n"
	    "correspondent-node { route-optimization = no }\n"
	    "ipsec 2001:db8:1::5 { mobility-header = no prefix-discovery = no }\n");
	assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	conf_free(n);

	/* what was bound or installed at start-up */
	n = loads("roles = { ha, cn }\ncontrol-socket { path = /run/other.sock mode = 0660 }\n"
	    "interface eth1 {}\n"
	    "home-link eth0 { prefix = 2001:db8:2::/64 home-agent-address = 2001:db8:2::1 }\n"
	    "home-link eth1 { prefix = 2001:db8:3::/64 home-agent-address = 2001:db8:3::1 }\n");
	assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 1);
	assert_string_equal(why, "roles, control-socket path, control-socket mode, "
	    "interface eth0 (removed), interface eth1 (added), home-link eth0 home-agent-address, home-link eth1 (added), "
	    "ipsec 2001:db8:1::5 (removed)");
	/* a short buffer is cut, still terminated */
	assert_int_equal(conf_needs_restart(o, n, why, 10), 1);
	assert_string_equal(why, "roles, co");
	conf_free(n);

	n = loads(HA_MIN "interface eth0 {}\nhome-agent { max-bindings = 10 }\n"
	    "ipsec 2001:db8:1::5 { mobility-header = no prefix-discovery = no payload = yes\n"
	    " tunnel-sa mn-to-ha { spi = 300 encryption = null authentication = hmac-sha1"
	    " authentication-key = " KEY20 " }\n"
	    " tunnel-sa ha-to-mn { spi = 301 encryption = null authentication = hmac-sha1"
	    " authentication-key = " KEY20 " }\n}\n");
	assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 1);
	assert_string_equal(why, "ipsec 2001:db8:1::5");
	conf_free(n);
	conf_free(o);

	o = loads(MN_MIN);
	n = loads("roles = mn\nhome-address 2001:db8:1::100/64 { lifetime = 100 }\n"
	    "home-address 2001:db8:1::200/64 { }\n");
	assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 1);
	assert_string_equal(why, "home-address 2001:db8:1::100 home-agent, "
	    "home-address 2001:db8:1::200 (added)");
	conf_free(n);
	n = loads("roles = mn\nhome-address 2001:db8:1::100/64 { home-agent = 2001:db8:1::1 "
	    "lifetime = 100 }\nmobile-node { route-optimization = no }\n");
	assert_int_equal(conf_needs_restart(o, n, why, sizeof(why)), 0);
	conf_free(n);
	conf_free(o);
}

static void
test_lexer(void **state)
{
	struct conf *c;

	/* comments of every kind, quotes, titles in quotes, blank lines: lines stay right */
	fails_with("// a comment\n/* a block\n   comment { */\nroles = 'cn' # trailing\n"
	    "interface \"eth0\" { preference = \"300\" }\n\n"
	    "log-level = \"a\\\nb\"\nlog-level2 = 1\n",
	    "t.conf:5: preference: 300 is out of range (0 to 255)",
	    "t.conf:7: log-level: 'ab' is not a log level (err, warning, notice, info, debug "
	    "or 0-7)",
	    "t.conf:9: log-level2: unknown option");
	c = loads("roles = cn\ninterface 'wlan0' {}\n");
	assert_string_equal(c->ifaces[0].name, "wlan0");
	conf_free(c);
}

/* ESP keys in a file others may read or write: refused, named by file and line (the
 * private file loads, as in test_ipsec) */
static void
test_ipsec_keys_private(void **state)
{
	static const char *text = MN_MIN "ipsec 2001:db8:1::100 {\n" SA("mn-to-ha", "0x100")
	    SA("ha-to-mn", "257") "}\n";
	struct conf *c;

	assert_null(load_mode(text, 0644));
	assert_int_equal(nmsgs, 1);
	assert_string_equal(msgs[0], "t.conf:3: ipsec: the file holds ESP keys and is readable "
	    "or writable by others than its owner (mode 0644): chmod 600 t.conf");
	assert_null(load_mode(text, 0620));
	assert_null(load_mode(text, 0604));
	c = load_mode(text, 0400);
	assert_non_null(c);
	conf_free(c);
	/* no keys, no secret: a world-readable file without SAs is fine */
	c = load_mode(MN_MIN, 0644);
	assert_non_null(c);
	conf_free(c);
}

/* More home links than one home agent serves: an error at the first one too many */
static void
test_home_links_limit(void **state)
{
	char text[4096];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(text + n, sizeof(text) - n, "roles = { ha }\n");
	for (i = 0; i < CONF_MAX_HOME_LINKS + 1; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "home-link eth%d { prefix = "
		    "2001:db8:%x::/64 home-agent-address = 2001:db8:%x::1 }\n", i, i + 1, i + 1);
	assert_null(load(text));
	assert_int_equal(nmsgs, 1);
	assert_string_equal(msgs[0], "t.conf:18: home-link: 'eth16': a home agent serves at most "
	    "16 home links");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_log_level),
		cmocka_unit_test(test_control_socket),
		cmocka_unit_test(test_interface),
		cmocka_unit_test(test_home_agent),
		cmocka_unit_test(test_home_agent_sync),
		cmocka_unit_test(test_home_agent_sentinel),
		cmocka_unit_test(test_home_link),
		cmocka_unit_test(test_home_address),
		cmocka_unit_test(test_mobile_node),
		cmocka_unit_test(test_correspondent_node),
		cmocka_unit_test(test_ipsec),
		cmocka_unit_test(test_ipsec_options),
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_acl),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_duplicate_section),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_ipsec_keys_private),
		cmocka_unit_test(test_home_links_limit),
		cmocka_unit_test(test_needs_restart),
		cmocka_unit_test(test_lexer),
	};

	return cmocka_run_group_tests_name("conf", tests, group_setup, group_teardown);
}
