/* roles.c - start and stop the configured roles on top of the shared parts */
#include "config.h"

#define LOG_SUBSYS "roles"

#include <json-c/json.h>

#include "conf.h"
#include "control.h"
#include "log.h"
#include "mh_io.h"
#include "nd.h"
#include "roles.h"

static unsigned int running;

/* mip6d-ctl bc: the binding caches of the home agent and the correspondent node together */
static int
ctl_bc(struct json_object *req, struct json_object *resp, void *arg)
{
	struct json_object *list = json_object_new_array();

	if (running & ROLE_HA)
		ha_bc_json(list);
	if (running & ROLE_CN)
		cn_bc_json(list);
	json_object_object_add(resp, "bindings", list);
	return 0;
}

int
roles_start(const struct conf *c)
{
	if (mh_io_start() == -1)
		return -1;
	control_register("bc", ctl_bc, NULL);
	if (nd_open() == -1)
		goto fail;
	if ((c->roles & ROLE_HA) && ha_start(c) == -1)
		goto fail;
	running |= c->roles & ROLE_HA;
	if ((c->roles & ROLE_CN) && cn_start(c) == -1)
		goto fail;
	running |= c->roles & ROLE_CN;
	if ((c->roles & ROLE_MN) && mn_start(c) == -1)
		goto fail;
	running |= c->roles & ROLE_MN;
	return 0;
fail:
	roles_stop();
	return -1;
}

int
roles_reload(const struct conf *c)
{
	if ((c->roles & ROLE_HA) != (running & ROLE_HA) ||
	    (c->roles & ROLE_MN) != (running & ROLE_MN) ||
	    (c->roles & ROLE_CN) != (running & ROLE_CN)) {
		log_warnx("the set of roles changed: restart mip6d to apply it");
		return -1;
	}
	if ((running & ROLE_HA) && ha_reload(c) == -1)
		return -1;
	if ((running & ROLE_CN) && cn_reload(c) == -1)
		return -1;
	if ((running & ROLE_MN) && mn_reload(c) == -1)
		return -1;
	return 0;
}

void
roles_stop(void)
{
	/* The MN de-registers first, while the sockets are still open. */
	if (running & ROLE_MN)
		mn_stop();
	if (running & ROLE_CN)
		cn_stop();
	if (running & ROLE_HA)
		ha_stop();
	running = 0;
	nd_close();
	mh_io_stop();
}

unsigned long
roles_binding_count(void)
{
	unsigned long n = 0;

	if (running & ROLE_HA)
		n += ha_binding_count();
	if (running & ROLE_CN)
		n += cn_binding_count();
	return n;
}

unsigned int
roles_running(void)
{
	return running;
}

void
roles_status_json(struct json_object *resp)
{
	struct json_object *o;

	if (running & ROLE_MN) {
		o = json_object_new_object();
		mn_status_json(o);
		json_object_object_add(resp, "mobile-node", o);
	}
}
