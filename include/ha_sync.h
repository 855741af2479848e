/* ha_sync.h - the home agent's bindings beyond the process: the binding store on disk (a restart
 * reinstalls them) and replication to Redis (a standby home agent keeps a warm copy and takes
 * over).  ha.c calls the ha_sync_* hooks; ha_sync calls back the ha_binding_* functions. */
#ifndef MIP6D_HA_SYNC_H
#define MIP6D_HA_SYNC_H

#include <netinet/in.h>
#include <stdint.h>

struct bcache;
struct bcache_entry;
struct bstore_rec;
struct conf;

/* Open the store, load it into bc (installing what is alive unless standby), connect to Redis.
 * Problems with the store or Redis are logged and counted, never fatal: the home agent serves
 * without them.  0, or -1 only on a bad argument. */
int	ha_sync_start(const struct conf *c, struct bcache *bc);
/* Flush and compact the store (the bindings stay in it for the next start), disconnect. */
void	ha_sync_stop(void);
/* A binding was accepted (created, refreshed, moved) or removed for good. */
void	ha_sync_set(const struct bcache_entry *e);
void	ha_sync_del(const struct bcache_entry *e);
/* Whether this home agent is a standby (keeps a warm copy, installs nothing). */
int	ha_sync_is_standby(void);
/* Become the active home agent: install every binding, answer for the home addresses.  why is
 * logged.  Returns the number of bindings installed. */
unsigned long ha_sync_takeover(const char *why);

/* A binding as a store image (include/bstore.h) in recs[BSTORE_IMAGE_MAX]: with op
 * BSTORE_OP_SET its SET record and one MNP record per mobile network prefix, with
 * BSTORE_OP_DEL the one DEL record.  The number of records. */
size_t	ha_sync_image_of(const struct bcache_entry *e, uint8_t op, struct bstore_rec *recs);
uint64_t ha_sync_remaining_ms(const struct bcache_entry *e);
/* Apply a whole image of the active home agent's stream (standby). */
void	ha_sync_apply(const struct bstore_rec *recs, size_t n, int only_newer);

/* Provided by ha.c */

/*
 * A binding from the store or from the active home agent's stream (a whole image: its SET
 * record, then its mobile network prefixes): create or update the entry (expiry_ms on the
 * loop's clock), and install it in the kernel (with the unsolicited NAs of RFC 6275 10.4.1)
 * when install is set.  A SET no newer than the entry (sequence number) is ignored when
 * only_newer is set.  0, or -1 (not served here, cache full, kernel).
 */
int	ha_binding_restore(const struct bstore_rec *recs, size_t n, uint64_t expiry_ms,
	    int install, int only_newer);
/* The binding ended on the active home agent. */
void	ha_binding_forget(const struct in6_addr *hoa, const struct in6_addr *local);
/* Install every entry not yet in the kernel (takeover); the number installed. */
unsigned long ha_binding_install_all(void);
/* Remove every entry from the kernel, keeping it (release to standby); the number removed. */
unsigned long ha_binding_uninstall_all(void);

/* Redis replication (ha_repl.c; stubs without hiredis) */
struct conf_repl;
int	ha_repl_start(const struct conf_repl *r, struct bcache *bc, int active);
void	ha_repl_stop(void);
void	ha_repl_set_active(int active);
/* Publish a change (a whole image, see ha_sync_image_of); remaining_ms is the binding's
 * remaining lifetime (the key's expiry). */
void	ha_repl_change(const struct bstore_rec *recs, size_t n, uint64_t remaining_ms);
/* Replication lag (active home agent): seconds since the oldest change Redis has not confirmed
 * (while behind, since the first change it missed); 0 when it has them all, or standby. */
double	ha_repl_lag_s(void);
/* Connected (command and stream connections), behind (a catch-up is owed), commands waiting
 * for Redis's answer.  0, or -1 when replication is not configured. */
int	ha_repl_state(int *connected, int *behind, uint64_t *pending);
struct json_object;
void	ha_repl_json(struct json_object *o);

#endif
