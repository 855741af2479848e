/* sysctl.c - the IPv6 interface knobs mip6d changes, recorded so that they go back as found */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_SUBSYS "kern"
#include "log.h"
#include "kern_nl.h"
#include "kern_sysctl.h"
#include "kern_real.h"

/*
 * A knob has no mark to say who set it, so each change is a record whose key holds the value
 * from before (the journal keeps keys only, and a start after a crash must know what to write
 * back): one record per interface and knob, the first change's.
 */
struct sysctl_key {
	char	ifname[IF_NAMESIZE];
	char	knob[32];
	char	old[16];
};

static int
path_of(char *path, size_t len, const char *ifname, const char *knob)
{
	int n;

	/* no name that climbs out of the directory */
	if (strchr(ifname, '/') != NULL || strchr(knob, '/') != NULL || ifname[0] == '.')
		return -EINVAL;
	n = snprintf(path, len, "/proc/sys/net/ipv6/conf/%s/%s", ifname, knob);
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

int
kern_sysctl_get_real(const char *ifname, const char *knob, char *val, size_t len)
{
	char path[128];
	ssize_t n;
	int fd, rc;

	if (len == 0)
		return -EINVAL;
	if ((rc = path_of(path, sizeof(path), ifname, knob)) < 0)
		return rc;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -errno;
	n = read(fd, val, len - 1);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc < 0)
		return rc;
	val[n] = '\0';
	val[strcspn(val, "\n")] = '\0';
	return 0;
}

static int
write_knob(const char *ifname, const char *knob, const char *val)
{
	char path[128];
	size_t len = strlen(val);
	int fd, rc;

	if ((rc = path_of(path, sizeof(path), ifname, knob)) < 0)
		return rc;
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -errno;
	rc = write(fd, val, len) == (ssize_t)len ? 0 : -(errno ? errno : EIO);
	close(fd);
	return rc;
}

struct find_arg {
	const char		*ifname;
	const char		*knob;		/* NULL: every knob of ifname */
	struct sysctl_key	 found;
	int			 n;
};

static void
find_one(struct kern_rec *r, void *arg)
{
	struct find_arg *a = arg;
	const struct sysctl_key *k = KREC_KEY(r);

	if (r->keylen != sizeof(*k) || strcmp(k->ifname, a->ifname) != 0 ||
	    (a->knob != NULL && strcmp(k->knob, a->knob) != 0))
		return;
	a->found = *k;
	a->n++;
}

static int
find(const char *ifname, const char *knob, struct sysctl_key *k)
{
	struct find_arg a = { .ifname = ifname, .knob = knob, .n = 0 };

	kern_rec_foreach(KREC_SYSCTL, find_one, &a);
	if (a.n > 0)
		*k = a.found;
	return a.n > 0;
}

int
kern_sysctl_set_real(const char *ifname, const char *knob, const char *val)
{
	struct sysctl_key k;
	char cur[sizeof(k.old)];
	int rc;

	if (strlen(ifname) >= sizeof(k.ifname) || strlen(knob) >= sizeof(k.knob))
		return -ENAMETOOLONG;
	if ((rc = kern_sysctl_get(ifname, knob, cur, sizeof(cur))) < 0)
		return rc;
	if (strcmp(cur, val) == 0)
		return 0;
	if (!find(ifname, knob, &k)) {
		memset(&k, 0, sizeof(k));
		snprintf(k.ifname, sizeof(k.ifname), "%s", ifname);
		snprintf(k.knob, sizeof(k.knob), "%s", knob);
		snprintf(k.old, sizeof(k.old), "%s", cur);
		if (kern_rec_put(KREC_SYSCTL, &k, sizeof(k), NULL, 0, 1) == -1)
			return -ENOMEM;
		/* in the journal before the change, as every other object (rec.c) */
		kern_rec_journal_flush();
	}
	if ((rc = write_knob(ifname, knob, val)) < 0)
		log_debug("cannot set %s %s to %s: %s", ifname, knob, val, strerror(-rc));
	else
		log_debug("%s %s: %s -> %s", ifname, knob, cur, val);
	return rc;
}

void
kern_sysctl_remove_key(const void *key, size_t keylen)
{
	struct sysctl_key k;
	int rc;

	if (keylen != sizeof(k))
		return;
	memcpy(&k, key, sizeof(k));
	k.ifname[sizeof(k.ifname) - 1] = k.knob[sizeof(k.knob) - 1] = '\0';
	k.old[sizeof(k.old) - 1] = '\0';
	/* an interface that went in between has nothing to put back */
	if ((rc = write_knob(k.ifname, k.knob, k.old)) < 0 && rc != -ENOENT)
		log_warnx("cannot put %s %s back to %s: %s", k.ifname, k.knob, k.old,
		    strerror(-rc));
}

void
kern_sysctl_restore_real(const char *ifname, const char *knob)
{
	struct sysctl_key k;

	if (!find(ifname, knob, &k))
		return;
	kern_sysctl_remove_key(&k, sizeof(k));
	kern_rec_del(KREC_SYSCTL, &k, sizeof(k), 1);
}

void
kern_sysctl_forget_real(const char *ifname)
{
	struct sysctl_key k;

	while (find(ifname, NULL, &k))
		kern_rec_del(KREC_SYSCTL, &k, sizeof(k), 1);
}

static void
forget(struct kern_rec *r, void *arg)
{
	if (*(int *)arg)
		kern_sysctl_remove_key(KREC_KEY(r), r->keylen);
	/* Without restoring (a simulated crash) the journal keeps the record. */
	kern_rec_del(KREC_SYSCTL, KREC_KEY(r), r->keylen, *(int *)arg);
}

void
kern_sysctl_forget_all(int restore)
{
	kern_rec_foreach(KREC_SYSCTL, forget, &restore);
}
