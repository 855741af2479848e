/* ctl_admin.c - mip6d-ctl bc show|del|flush and bul show|del|flush: one binding in full, and
 * administrative removal, each logged with who asked; and the start of every ctl_ops part */
#include "config.h"

#define LOG_SUBSYS "control"

#include <arpa/inet.h>
#include <string.h>

#include <json-c/json.h>

#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "log.h"
#include "roles.h"

static int
fail(struct json_object *resp, const char *msg)
{
	json_object_object_add(resp, "error", json_object_new_string(msg));
	return -1;
}

/* The request's "home-address", which must be an IPv6 address. */
static int
req_hoa(struct json_object *req, struct json_object *resp, struct in6_addr *hoa)
{
	struct json_object *v;

	if (!json_object_object_get_ex(req, "home-address", &v) ||
	    !json_object_is_type(v, json_type_string))
		return fail(resp, "missing home-address");
	if (inet_pton(AF_INET6, json_object_get_string(v), hoa) != 1)
		return fail(resp, "home-address is not an IPv6 address");
	return 0;
}

/* Flushing everything is not done by accident: the request must say "confirm": true. */
static int
req_confirmed(struct json_object *req, struct json_object *resp)
{
	struct json_object *v;

	if (!json_object_object_get_ex(req, "confirm", &v) ||
	    !json_object_is_type(v, json_type_boolean) || !json_object_get_boolean(v))
		return fail(resp, "flush needs confirmation (mip6d-ctl ... flush --yes)");
	return 0;
}

static int
ctl_bc_show(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *list;
	struct in6_addr hoa;
	int n = 0;

	if (req_hoa(req, resp, &hoa) == -1)
		return -1;
	list = json_object_new_array();
	if (roles_running() & ROLE_HA)
		n += ha_bc_show(&hoa, list);
	if (roles_running() & ROLE_CN)
		n += cn_bc_show(&hoa, list);
	json_object_object_add(resp, "bindings", list);
	return n > 0 ? 0 : fail(resp, "no binding for this home address");
}

static int
ctl_bc_del(struct json_object *req, struct json_object *resp, void *arg)
{
	struct in6_addr hoa;
	char who[64], a[INET6_ADDRSTRLEN];
	int n = 0;

	if (req_hoa(req, resp, &hoa) == -1)
		return -1;
	control_peer(who, sizeof(who));
	inet_ntop(AF_INET6, &hoa, a, sizeof(a));
	log_notice("bc del %s asked by %s", a, who);
	if (roles_running() & ROLE_HA)
		n += ha_bc_del(&hoa, who);
	if (roles_running() & ROLE_CN)
		n += cn_bc_del(&hoa, who);
	json_object_object_add(resp, "removed", json_object_new_int(n));
	return n > 0 ? 0 : fail(resp, "no binding for this home address");
}

static int
ctl_bc_flush(struct json_object *req, struct json_object *resp, void *arg)
{
	unsigned long n = 0, pending = 0;
	char who[64];

	if (req_confirmed(req, resp) == -1)
		return -1;
	control_peer(who, sizeof(who));
	log_notice("bc flush asked by %s", who);
	if (roles_running() & ROLE_HA)
		n += ha_bc_flush(who, &pending);
	if (roles_running() & ROLE_CN)
		n += cn_bc_flush(who);
	json_object_object_add(resp, "removed", json_object_new_int64((int64_t)n));
	json_object_object_add(resp, "pending", json_object_new_int64((int64_t)pending));
	return 0;
}

static int
ctl_bul_show(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *list;
	struct in6_addr hoa;
	int n;

	if (req_hoa(req, resp, &hoa) == -1)
		return -1;
	list = json_object_new_array();
	n = mn_bul_show(&hoa, list);
	json_object_object_add(resp, "entries", list);
	return n > 0 ? 0 : fail(resp, "no binding update list entry for this home address");
}

static int
ctl_bul_del(struct json_object *req, struct json_object *resp, void *arg)
{
	struct in6_addr hoa;
	char who[64], a[INET6_ADDRSTRLEN];
	int n;

	if (req_hoa(req, resp, &hoa) == -1)
		return -1;
	control_peer(who, sizeof(who));
	inet_ntop(AF_INET6, &hoa, a, sizeof(a));
	log_notice("bul del %s asked by %s", a, who);
	n = mn_bul_del(&hoa, who);
	json_object_object_add(resp, "restarted", json_object_new_int(n));
	return n > 0 ? 0 : fail(resp, "no home registration for this home address");
}

static int
ctl_bul_flush(struct json_object *req, struct json_object *resp, void *arg)
{
	unsigned long n;
	char who[64];

	if (req_confirmed(req, resp) == -1)
		return -1;
	control_peer(who, sizeof(who));
	log_notice("bul flush asked by %s", who);
	n = mn_bul_flush(who);
	json_object_object_add(resp, "restarted", json_object_new_int64((int64_t)n));
	return 0;
}

static const struct {
	const char	*name;
	control_handler	 fn;
	unsigned int	 roles;		/* registered when one of these runs */
} cmds[] = {
	{ "bc-show",	ctl_bc_show,	ROLE_HA | ROLE_CN },
	{ "bc-del",	ctl_bc_del,	ROLE_HA | ROLE_CN },
	{ "bc-flush",	ctl_bc_flush,	ROLE_HA | ROLE_CN },
	{ "bul-show",	ctl_bul_show,	ROLE_MN },
	{ "bul-del",	ctl_bul_del,	ROLE_MN },
	{ "bul-flush",	ctl_bul_flush,	ROLE_MN },
};

int
ctl_ops_start(const struct conf *c)
{
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (c->roles & cmds[i].roles)
			control_register(cmds[i].name, cmds[i].fn, NULL);
	ctl_monitor_start();
	return ctl_metrics_start(c);
}

void
ctl_ops_stop(void)
{
	size_t i;

	ctl_metrics_stop();
	ctl_monitor_stop();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		control_register(cmds[i].name, NULL, NULL);
}
